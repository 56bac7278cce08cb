"""Delegates' proposals (M-C4): submitted before the annual session with the rule set's co-signers,
accepted – and then handled as a supervision item – or converted into a suggestion, and rated by
their author once the handling is reported."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.models import Committee, Person, Role, RoleAssignment
from committees.rules import RuleViolation
from committees.selectors import acts_in, roles_held, rules_in_force
from meetings.models import Meeting, MeetingKind
from supervision import services as supervision
from supervision.models import ItemState, SourceKind, SupervisionItem

from .models import Proposal, ProposalState, Satisfaction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Who decides on a proposal for the committee (the congress's proposal work is run by the
#: committee's principal leaders and its office).
DECIDING_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_STAFF})
#: The states in which the supervision item has reported its handling to the author.
REPORTED_STATES = (ItemState.FEEDBACK, ItemState.ACCEPTED, ItemState.CLOSED)

MSG_NOT_A_DELEGATE = gettext_lazy("Only a delegate to the party congress of %(committee)s submits proposals.")
MSG_COSIGNER_NOT_DELEGATE = gettext_lazy("%(person)s is not a delegate to the party congress of %(committee)s.")
MSG_TOO_FEW_COSIGNERS = gettext_lazy(
    "[M-C4] A proposal needs at least %(count)s co-signing delegates besides its author; it has %(given)s."
)
MSG_SESSION_BEGAN = gettext_lazy(
    "[M-C4] Proposals are submitted before the annual session; the session of %(year)s began on %(day)s."
)
MSG_NOT_DECIDER = gettext_lazy("Only the principal leaders or the office of %(committee)s decide on proposals.")
MSG_NOT_AUTHOR = gettext_lazy("Only the author may do this.")
MSG_STATE = gettext_lazy("This proposal is %(state)s.")
MSG_NOT_REPORTED = gettext_lazy("The author rates the handling once it is reported.")
MSG_REQUIRED = gettext_lazy("This field is required.")


def delegates(committee: Committee) -> set[int]:
    held = RoleAssignment.objects.on(timezone.localdate()).filter(committee=committee, role=Role.DELEGATE)
    return set(held.values_list("person_id", flat=True))


def may_decide(user, committee: Committee) -> bool:
    return acts_in(user, committee, DECIDING_ROLES)


def annual_session(committee: Committee, year: int) -> Meeting | None:
    """The party congress's annual session of ``year`` (M-C4), if scheduled."""
    return (
        Meeting.objects.filter(committee=committee, kind=MeetingKind.CONGRESS, start_at__year=year)
        .order_by("start_at")
        .first()
    )


@transaction.atomic
def submit(
    *,
    committee: Committee,
    title: str,
    reasons: str,
    suggestions: str,
    cosigners,
    acting_user: User,
    on_behalf_of: Person | None = None,
    year: int | None = None,
) -> Proposal:
    """M-C4: a delegate's proposal, co-signed by at least the rule set's number of other delegates,
    for the next annual session not yet begun (``year``: a given year's, refused once it began)."""
    now = timezone.now()
    author = supervision.acting_person(acting_user, on_behalf_of)  # only the system acts for another
    if author is None or Role.DELEGATE not in roles_held(author, committee):
        raise RuleViolation("M-C4", str(MSG_NOT_A_DELEGATE % {"committee": committee}))
    missing = {
        name: MSG_REQUIRED
        for name, value in (("title", title), ("reasons", reasons), ("suggestions", suggestions))
        if not value.strip()
    }
    if missing:
        raise ValidationError(missing)
    allowed = delegates(committee)
    cosigners = list({person.pk: person for person in cosigners if person.pk != author.pk}.values())
    for person in cosigners:
        if person.pk not in allowed:
            raise ValidationError({"cosigners": MSG_COSIGNER_NOT_DELEGATE % {"person": person, "committee": committee}})
    version = rules_in_force(committee)
    if len(cosigners) < version.proposal_cosigners_min:
        raise ValidationError(
            {"cosigners": MSG_TOO_FEW_COSIGNERS % {"count": version.proposal_cosigners_min, "given": len(cosigners)}}
        )
    if year is None:
        # The next session not yet begun: once this year's has met, the next year's.
        year = timezone.localdate().year
        this_year = annual_session(committee, year)
        if this_year is not None and this_year.start_at <= now:
            year += 1
    if year not in bounds.YEARS:
        raise ValidationError({"year": gettext_lazy("Enter a year.")})
    session = annual_session(committee, year)
    if session is not None and session.start_at <= now:
        day = timezone.localtime(session.start_at).date().isoformat()
        raise ValidationError(MSG_SESSION_BEGAN % {"year": year, "day": day})
    proposal = Proposal(
        committee=committee,
        year=year,
        author=author,
        title=title.strip(),
        reasons=reasons.strip(),
        suggestions=suggestions.strip(),
        submitted_at=now,
        rule_set_version=version,
    )
    acting(proposal, acting_user).save()
    proposal.cosigners.set(cosigners)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("committee", "author").get(pk=proposal.pk)


def _decide(proposal: Proposal, acting_user: User, state: str, note: str) -> Proposal:
    if not may_decide(acting_user, proposal.committee):
        raise RuleViolation("M-C4", str(MSG_NOT_DECIDER % {"committee": proposal.committee}))
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(MSG_STATE % {"state": proposal.get_state_display()})
    proposal.state, proposal.decision_note = state, note.strip()
    proposal.decided_by, proposal.decided_at = person_of(acting_user), timezone.now()
    acting(proposal, acting_user).save()
    return proposal


@transaction.atomic
def accept(
    proposal: Proposal,
    *,
    feedback_deadline: datetime.date,
    unit_committee: Committee | None = None,
    unit_name: str = "",
    responsible_person: Person | None = None,
    leader_in_charge: Person | None = None,
    note: str = "",
    acting_user: User,
) -> SupervisionItem:
    """M-C4: accepted as a proposal (立案) – and handled like a supervision item: registered with the
    undertaking unit and the feedback deadline, then approved, assigned, reported and closed
    through S-2 (``supervision.services``)."""
    proposal = _locked(proposal)
    bounds.require_dates(feedback_deadline=feedback_deadline)
    if feedback_deadline < timezone.localdate():
        raise ValidationError({"feedback_deadline": gettext_lazy("Choose a day still to come.")})
    _decide(proposal, acting_user, ProposalState.ACCEPTED, note)
    names = "、".join([proposal.author.name, *(p.name for p in proposal.cosigners.order_by("name"))])
    return supervision.register_item(
        committee=proposal.committee,
        source_kind=SourceKind.CONGRESS_PROPOSAL,
        source=proposal,
        matter=f"{proposal.title}\n{proposal.suggestions}",
        basis=f"{proposal.year}年党代会年会代表提案（{names}）：{proposal.reasons}",
        unit_committee=unit_committee,
        unit_name=unit_name,
        responsible_person=responsible_person,
        leader_in_charge=leader_in_charge,
        feedback_deadline=feedback_deadline,
        acting_user=acting_user,
    )


@transaction.atomic
def convert(proposal: Proposal, *, note: str, acting_user: User) -> Proposal:
    """M-C4: not a matter for a proposal – converted into a suggestion (意见建议), with the reason."""
    proposal = _locked(proposal)
    if not note.strip():
        raise ValidationError({"note": MSG_REQUIRED})
    return _decide(proposal, acting_user, ProposalState.CONVERTED, note)


@transaction.atomic
def withdraw(proposal: Proposal, *, acting_user: User) -> Proposal:
    proposal = _locked(proposal)
    person = person_of(acting_user)
    if person is None or person.pk != proposal.author_id:
        raise RuleViolation("M-C4", str(MSG_NOT_AUTHOR))
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(MSG_STATE % {"state": proposal.get_state_display()})
    proposal.state = ProposalState.WITHDRAWN
    acting(proposal, acting_user).save()
    return proposal


def item_of(proposal: Proposal) -> SupervisionItem | None:
    return SupervisionItem.objects.filter(
        source_kind=SourceKind.CONGRESS_PROPOSAL,
        source_content_type=ContentType.objects.get_for_model(Proposal),
        source_object_id=proposal.pk,
    ).first()


@transaction.atomic
def rate(proposal: Proposal, *, satisfaction: str, note: str = "", acting_user: User) -> Proposal:
    """M-C4: the author says whether the reported handling satisfies (满意, 基本满意, 不满意)."""
    proposal = _locked(proposal)
    person = person_of(acting_user)
    if person is None or person.pk != proposal.author_id:
        raise RuleViolation("M-C4", str(MSG_NOT_AUTHOR))
    item = item_of(proposal)
    if proposal.state != ProposalState.ACCEPTED or item is None or item.state not in REPORTED_STATES:
        raise ValidationError(MSG_NOT_REPORTED)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": gettext_lazy("Choose one of the options.")})
    if satisfaction == Satisfaction.DISSATISFIED and not note.strip():
        raise ValidationError({"note": gettext_lazy("Say what is not satisfactory.")})
    proposal.satisfaction, proposal.satisfaction_note = satisfaction, note.strip()
    acting(proposal, acting_user).save()
    return proposal
