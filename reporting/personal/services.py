"""Actions on personal-matter reports (R-2) and family-event declarations (R-3).

Every obligation is a deadline of the engine (``reporting.deadlines``); personal-matter
obligations are private (``is_private=True``) and never escalate to the secretary or the
parent's office, who may not see them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission

from committees import bounds
from committees.actors import acting
from committees.models import TEAM_ROLES, Committee, Person, RoleAssignment, RuleSetVersion
from committees.phrases import stored
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines, phrases
from reporting.messages import MSG_NO_RULE_SET
from reporting.schedules import days_schedule
from reporting.selectors import ORGANISATION_ROLES

from . import rules
from .models import (
    PROHIBITIONS,
    RELATIVES_ONLY,
    FamilyEventDeclaration,
    FamilyEventKind,
    MatterKind,
    Occasion,
    PersonalMatterReport,
    ReportForm,
    ReviewOutcome,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: R-2 第八条(四): days the cadre has to act on the organisation's reply, unless it says otherwise.
REPLY_RESPONSE_DAYS = 15
#: Reminders of the personal-matter deadlines: 7 and 1 days before, at expiry, weekly after.
REPORT_SCHEDULE = days_schedule(before=(7, 1))
#: The written funeral form is due 10 days after the funeral: 3 and 1 days before, at expiry.
WRITTEN_FORM_SCHEDULE = days_schedule(before=(3, 1))
VIEW_CODENAME = "view_personalmatterreport"

MSG_CHOOSE_MATTER = gettext_lazy("Choose the kind of matter.")
MSG_EVENT_IN_FUTURE = gettext_lazy("The event date is in the future.")
MSG_ALREADY_FILED = gettext_lazy("This report has already been filed.")
MSG_DESCRIBE_MATTER = gettext_lazy("Describe the matter you report.")
MSG_REASON_ENDS_IN_FUTURE = gettext_lazy("The special reason cannot end in the future.")
MSG_REASON_ENDS_BEFORE_EVENT = gettext_lazy("The special reason cannot end before the event.")
MSG_OWN_REPORT = gettext_lazy("Nobody handles their own personal-matter report.")
MSG_ONLY_FILED_ANSWERED = gettext_lazy("Only a filed report can be answered.")
MSG_ALREADY_ANSWERED = gettext_lazy("This report has already been answered.")
MSG_WRITE_REPLY = gettext_lazy("Write the reply.")
MSG_AT_LEAST_ONE_DAY = gettext_lazy("Give the cadre at least one day.")
MSG_NO_REPLY_YET = gettext_lazy("The organisation has not replied to this report.")
MSG_ALREADY_ACTED = gettext_lazy("You have already acted on the reply.")
MSG_SAY_HOW_ACTED = gettext_lazy("Say how you acted on the reply.")
MSG_SAY_HOW_NOT_FOLLOWED = gettext_lazy("Say how the reply was not followed.")
MSG_EXPLAIN_FINDING = gettext_lazy("Explain the finding.")
MSG_STATE_REASON = gettext_lazy("State the reason for the event.")
MSG_STATE_PLACE = gettext_lazy("State the place.")
MSG_STATE_GUESTS = gettext_lazy("State the number of guests.")
MSG_STATE_TABLES = gettext_lazy("State the number of tables.")
MSG_STATE_SPENDING = gettext_lazy("State the standard of spending.")
MSG_NEGATIVE_SPENDING = gettext_lazy("The standard cannot be negative.")
MSG_CHOOSE_EVENT = gettext_lazy("Choose the kind of event.")
MSG_CHOOSE_REPORT_FORM = gettext_lazy("Choose how the event is reported.")
MSG_ORAL_ONLY_FUNERAL = gettext_lazy("Only a funeral may be reported orally; other events are declared in writing.")
MSG_FUNERAL_BEFORE = gettext_lazy("A funeral is reported before it takes place.")
MSG_STATE_REASON_AND_PLACE = gettext_lazy("State the reason and the place of the event.")
MSG_WRITTEN_ALREADY_FILED = gettext_lazy("The written form has already been filed.")
MSG_OWN_DECLARATION = gettext_lazy("Nobody reviews their own declaration.")
MSG_CHOOSE_OUTCOME = gettext_lazy("Choose the outcome of the review.")
MSG_EXPLAIN_OUTCOME = gettext_lazy("Explain what must be corrected or what was violated.")
MSG_NOT_ON_TEAM = gettext_lazy("%(person)s is not a member of the leadership team of %(committee)s.")
MSG_CONFIRM_PROHIBITIONS = gettext_lazy(
    "Confirm every prohibited circumstance is avoided before declaring; not confirmed: %(items)s."
)
MSG_LATE_REPORT = gettext_lazy(
    "This report was due on %(due)s. A late report states the special reason that prevented "
    "reporting on time and the date that reason ended."
)
MSG_DECLARE_EARLIER_PAST = gettext_lazy(
    "Weddings and other family events are declared at least %(days)s days before the event; "
    "this one has already taken place."
)
MSG_DECLARE_EARLIER = gettext_lazy(
    "Weddings and other family events are declared at least %(days)s days before the event; "
    "this one is %(left)s days away."
)


def _rules_for(committee: Committee) -> RuleSetVersion:
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
    return version


def _holds_team_role(person: Person, committee: Committee, *days: datetime.date) -> bool:
    held = RoleAssignment.objects.team().filter(person=person, committee=committee)
    return any(held.on(day).exists() for day in days)


# --------------------------------------------------------------------------- privacy


def report_viewer_ids(report: PersonalMatterReport, on: datetime.date | None = None) -> set[int]:
    """Users who may read ``report``: the cadre, and the organisation department of its committee
    and of the parent committee (holding the role on ``on`` or appointed to it later)."""
    on = on or timezone.localdate()
    viewers = {report.cadre.user_id} if report.cadre.user_id else set()
    committee_ids = [report.committee_id] + ([report.committee.parent_id] if report.committee.parent_id else [])
    department = (
        RoleAssignment.objects.filter(committee_id__in=committee_ids, role__in=ORGANISATION_ROLES)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(person__user__isnull=True)
        .values_list("person__user_id", flat=True)
    )
    return viewers | set(department)


@transaction.atomic
def sync_report_permissions(reports: Iterable[PersonalMatterReport]) -> tuple[int, int]:
    """Make the guardian rows ``view_personalmatterreport`` on ``reports`` equal to their viewers.

    Called when a report is created and whenever an organisation-department role changes.
    Returns (added, removed).
    """
    reports = list(reports)
    if not reports:
        return 0, 0
    content_type = ContentType.objects.get_for_model(PersonalMatterReport)
    permission = Permission.objects.get(content_type=content_type, codename=VIEW_CODENAME)
    wanted = {(report.pk, user_id) for report in reports for user_id in report_viewer_ids(report)}
    existing = {
        (int(object_pk), user_id): pk
        for pk, object_pk, user_id in UserObjectPermission.objects.filter(
            content_type=content_type, permission=permission, object_pk__in=[str(r.pk) for r in reports]
        ).values_list("pk", "object_pk", "user_id")
    }
    to_add = wanted - existing.keys()
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user_id=user_id, content_type=content_type, object_pk=str(pk), permission=permission)
            for pk, user_id in to_add
        ],
        ignore_conflicts=True,
    )
    to_remove = [pk for key, pk in existing.items() if key not in wanted]
    UserObjectPermission.objects.filter(pk__in=to_remove).delete()
    return len(to_add), len(to_remove)


def sync_department_permissions(committee: Committee) -> tuple[int, int]:
    """The organisation department of ``committee`` changed: it reads its own and its children's reports."""
    reports = PersonalMatterReport.objects.filter(Q(committee=committee) | Q(committee__parent=committee))
    return sync_report_permissions(reports.select_related("cadre", "committee"))


# --------------------------------------------------------------------------- obligations


def _obligation_title(report: PersonalMatterReport) -> dict:
    """Deliberately says nothing about the matter itself: the title travels in notifications."""
    return stored(phrases.DEADLINE_PERSONAL_REPORT, occasion=Occasion(report.occasion).label)


def _open_obligation(report: PersonalMatterReport, at: datetime.datetime, *, acting_user: User) -> None:
    deadlines.register(
        subject=report,
        committee=report.committee,
        title=_obligation_title(report),
        due_at=report.due_at,
        rule_id="R-2",
        schedule=REPORT_SCHEDULE,
        owner=report.cadre,
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        is_private=True,
        url=reverse("personal_report_detail", args=[report.pk]),
        rule_set_version=report.rule_set_version,
        now=at,
        acting_user=acting_user,
    )
    sync_report_permissions([report])


@transaction.atomic
def record_event(
    *,
    cadre: Person,
    committee: Committee,
    kind: str,
    event_date: datetime.date,
    at: datetime.datetime | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """R-2 第五条: the cadre records an event of 第三条/第四条; the report is owed within
    ``personal_matter_days`` (30) days after it."""
    bounds.require_dates(event_date=event_date)
    at = at or timezone.now()
    if kind not in MatterKind.values:
        raise ValidationError(MSG_CHOOSE_MATTER)
    if event_date > timezone.localdate(at):
        raise ValidationError(MSG_EVENT_IN_FUTURE)
    if not _holds_team_role(cadre, committee, event_date, timezone.localdate(at)):
        raise ValidationError(MSG_NOT_ON_TEAM % {"person": cadre, "committee": committee})
    version = _rules_for(committee)
    report = PersonalMatterReport(
        cadre=cadre,
        committee=committee,
        occasion=Occasion.EVENT,
        kind=kind,
        event_date=event_date,
        due_at=rules.report_due_at(event_date, version.personal_matter_days),
        recorded_at=at,
        rule_set_version=version,
    )
    acting(report, acting_user).save()
    _open_obligation(report, at, acting_user=acting_user)
    return report


@transaction.atomic
def file_report(
    report: PersonalMatterReport,
    *,
    description: str,
    at: datetime.datetime | None = None,
    late_reason: str = "",
    reason_ended_on: datetime.date | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """The cadre files the report; this settles its obligation. R-2 第五条: after the due time
    only with the special reason and the date it ended."""
    bounds.require_dates(reason_ended_on=reason_ended_on)
    at = at or timezone.now()
    report = PersonalMatterReport.objects.select_for_update().select_related("cadre", "committee").get(pk=report.pk)
    if report.filed_at is not None:
        raise ValidationError(MSG_ALREADY_FILED)
    if not description.strip():
        raise ValidationError({"description": MSG_DESCRIBE_MATTER})
    if rules.is_late(at, report.due_at):
        if not rules.late_filing_is_explained(late_reason, reason_ended_on):
            raise RuleViolation(
                "R-2",
                MSG_LATE_REPORT % {"due": timezone.localtime(report.due_at).strftime("%Y-%m-%d %H:%M")},
            )
        if reason_ended_on > timezone.localdate(at):
            raise ValidationError({"reason_ended_on": MSG_REASON_ENDS_IN_FUTURE})
        if reason_ended_on < report.event_date:
            raise ValidationError({"reason_ended_on": MSG_REASON_ENDS_BEFORE_EVENT})
    else:
        late_reason, reason_ended_on = "", None
    report.description = description.strip()
    report.filed_at = at
    report.late_reason = late_reason.strip()
    report.reason_ended_on = reason_ended_on
    acting(report, acting_user).save(update_fields=["description", "filed_at", "late_reason", "reason_ended_on"])
    deadlines.met(report, at=at, rule_id="R-2", acting_user=acting_user)
    return report


@transaction.atomic
def report_event(
    *,
    cadre: Person,
    committee: Committee,
    kind: str,
    event_date: datetime.date,
    description: str,
    at: datetime.datetime | None = None,
    late_reason: str = "",
    reason_ended_on: datetime.date | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """Record an event and file its report at once; an already recorded, unfiled report of the
    same matter is the one filed. Nothing is kept when the filing is refused."""
    bounds.require_dates(event_date=event_date, reason_ended_on=reason_ended_on)
    at = at or timezone.now()
    report = (
        PersonalMatterReport.objects.filter(
            cadre=cadre, committee=committee, occasion=Occasion.EVENT, kind=kind, event_date=event_date
        )
        .filter(filed_at__isnull=True)
        .first()
    )
    if report is None:
        report = record_event(
            cadre=cadre, committee=committee, kind=kind, event_date=event_date, at=at, acting_user=acting_user
        )
    return file_report(
        report,
        description=description,
        at=at,
        late_reason=late_reason,
        reason_ended_on=reason_ended_on,
        acting_user=acting_user,
    )


@transaction.atomic
def register_new_cadre_obligation(
    assignment: RoleAssignment,
    *,
    at: datetime.datetime | None = None,
    skip_expired: bool = False,
    acting_user: User,
) -> PersonalMatterReport | None:
    """R-2 第六条: a person who becomes a team member (and held no team role the day before)
    reports within ``personal_matter_days`` (30) days of the role's start.

    Idempotent. With ``skip_expired`` (used by the signal) a role whose 30 days had already
    passed when it was entered – history being recorded – creates no obligation, nor does a
    role on a committee no rule set applies to.
    """
    at = at or timezone.now()
    if assignment.role not in TEAM_ROLES:
        return None
    others = (
        RoleAssignment.objects.filter(person_id=assignment.person_id)
        .exclude(pk=assignment.pk)
        .values_list("role", "start_date", "end_date")
    )
    if not rules.becomes_subject(assignment.start_date, others):
        return None
    existing = PersonalMatterReport.objects.filter(
        cadre_id=assignment.person_id,
        committee_id=assignment.committee_id,
        occasion=Occasion.NEW_CADRE,
        event_date=assignment.start_date,
    )
    if existing.exists():
        return None
    committee = assignment.committee
    if skip_expired and current_rules(committee) is None:
        return None  # no rulebook configured: a role assignment never fails because of it
    version = _rules_for(committee)
    due_at = rules.report_due_at(assignment.start_date, version.personal_matter_days)
    if skip_expired and due_at < at:
        return None
    report = PersonalMatterReport(
        cadre=assignment.person,
        committee=committee,
        occasion=Occasion.NEW_CADRE,
        event_date=assignment.start_date,
        due_at=due_at,
        recorded_at=at,
        rule_set_version=version,
    )
    acting(report, acting_user).save()
    _open_obligation(report, at, acting_user=acting_user)
    return report


@transaction.atomic
def require_report_on_resignation(
    person: Person, committee: Committee, at: datetime.datetime | None = None, *, acting_user: User
) -> PersonalMatterReport:
    """R-2 第六条: a cadre resigning from public office reports together with the application –
    due at once (``at``: when the application was made)."""
    at = at or timezone.now()
    event_date = timezone.localdate(at)
    existing = PersonalMatterReport.objects.filter(
        cadre=person, committee=committee, occasion=Occasion.RESIGNATION, event_date=event_date
    ).first()
    if existing is not None:
        return existing
    report = PersonalMatterReport(
        cadre=person,
        committee=committee,
        occasion=Occasion.RESIGNATION,
        event_date=event_date,
        due_at=at,
        recorded_at=at,
        rule_set_version=_rules_for(committee),
    )
    acting(report, acting_user).save()
    _open_obligation(report, at, acting_user=acting_user)
    return report


# --------------------------------------------------------------------------- the organisation's side


def _not_own(report: PersonalMatterReport, acting_user: User) -> None:
    if report.cadre.user_id is not None and report.cadre.user_id == acting_user.pk:
        raise ValidationError(MSG_OWN_REPORT)


@transaction.atomic
def reply(
    report: PersonalMatterReport,
    *,
    text: str,
    response_days: int = REPLY_RESPONSE_DAYS,
    at: datetime.datetime | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """R-2 第八条(四): the organisation department answers a filed report; the cadre acts on the
    reply within ``response_days`` days – a private deadline tracks it."""
    at = at or timezone.now()
    report = PersonalMatterReport.objects.select_for_update().select_related("cadre", "committee").get(pk=report.pk)
    _not_own(report, acting_user)
    if report.filed_at is None:
        raise ValidationError(MSG_ONLY_FILED_ANSWERED)
    if report.replied_at is not None:
        raise ValidationError(MSG_ALREADY_ANSWERED)
    if not text.strip():
        raise ValidationError({"text": MSG_WRITE_REPLY})
    if response_days < 1:
        raise ValidationError({"response_days": MSG_AT_LEAST_ONE_DAY})
    report.reply_text = text.strip()
    report.replied_at = at
    report.replied_by = acting_user
    report.reply_response_due_at = rules.reply_response_due_at(at, response_days)
    acting(report, acting_user).save(update_fields=["reply_text", "replied_at", "replied_by", "reply_response_due_at"])
    deadlines.register(
        subject=report,
        committee=report.committee,
        title=stored(phrases.DEADLINE_PERSONAL_REPLY),
        due_at=report.reply_response_due_at,
        rule_id="R-2",
        schedule=REPORT_SCHEDULE,
        owner=report.cadre,
        escalation=[deadlines.ORGANISATION_DEPARTMENT],
        is_private=True,
        url=reverse("personal_report_detail", args=[report.pk]),
        rule_set_version=report.rule_set_version,
        now=at,
        acting_user=acting_user,
    )
    return report


@transaction.atomic
def respond_to_reply(
    report: PersonalMatterReport, *, response: str, at: datetime.datetime | None = None, acting_user: User
) -> PersonalMatterReport:
    """The cadre records how they acted on the reply; this settles the reply's deadline."""
    at = at or timezone.now()
    report = PersonalMatterReport.objects.select_for_update().get(pk=report.pk)
    if report.replied_at is None:
        raise ValidationError(MSG_NO_REPLY_YET)
    if report.reply_responded_at is not None:
        raise ValidationError(MSG_ALREADY_ACTED)
    if not response.strip():
        raise ValidationError({"response": MSG_SAY_HOW_ACTED})
    report.reply_response = response.strip()
    report.reply_responded_at = at
    acting(report, acting_user).save(update_fields=["reply_response", "reply_responded_at"])
    deadlines.met(report, at=at, rule_id="R-2", acting_user=acting_user)
    return report


@transaction.atomic
def record_reply_outcome(
    report: PersonalMatterReport,
    *,
    followed: bool,
    note: str = "",
    at: datetime.datetime | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """R-2 第八条(四): the organisation department records whether the cadre followed its reply.
    "Not followed" is a ground for handling (``selectors.reports_for_accountability``)."""
    at = at or timezone.now()
    report = PersonalMatterReport.objects.select_for_update().select_related("cadre").get(pk=report.pk)
    _not_own(report, acting_user)
    if report.replied_at is None:
        raise ValidationError(MSG_NO_REPLY_YET)
    if not followed and not note.strip():
        raise ValidationError({"note": MSG_SAY_HOW_NOT_FOLLOWED})
    report.reply_followed = followed
    report.reply_outcome_note = note.strip()
    acting(report, acting_user).save(update_fields=["reply_followed", "reply_outcome_note"])
    if followed:
        deadlines.met(report, at=at, rule_id="R-2", acting_user=acting_user)
    return report


@transaction.atomic
def mark_report(
    report: PersonalMatterReport,
    *,
    is_untruthful: bool,
    is_concealed: bool,
    note: str,
    at: datetime.datetime | None = None,
    acting_user: User,
) -> PersonalMatterReport:
    """R-2 第八条(二)(三): the organisation department finds a report untruthful or concealing
    (or withdraws the finding). A finding needs a note."""
    at = at or timezone.now()
    report = PersonalMatterReport.objects.select_for_update().select_related("cadre").get(pk=report.pk)
    _not_own(report, acting_user)
    if (is_untruthful or is_concealed) and not note.strip():
        raise ValidationError({"note": MSG_EXPLAIN_FINDING})
    report.is_untruthful = is_untruthful
    report.is_concealed = is_concealed
    report.finding_note = note.strip()
    report.marked_by = acting_user
    report.marked_at = at
    acting(report, acting_user).save(
        update_fields=["is_untruthful", "is_concealed", "finding_note", "marked_by", "marked_at"]
    )
    return report


# --------------------------------------------------------------------------- family events


def _confirmations(data: Mapping[str, bool]) -> dict[str, bool]:
    names = [name for name, _label in PROHIBITIONS] + [RELATIVES_ONLY[0]]
    return {name: bool(data.get(name)) for name in names}


def _check_written_details(
    *, kind: str, reason: str, place: str, guest_count, table_count, spending_standard, confirmations
) -> None:
    missing = {}
    if not reason.strip():
        missing["reason"] = MSG_STATE_REASON
    if not place.strip():
        missing["place"] = MSG_STATE_PLACE
    if guest_count is None:
        missing["guest_count"] = MSG_STATE_GUESTS
    if table_count is None:
        missing["table_count"] = MSG_STATE_TABLES
    if spending_standard is None:
        missing["spending_standard"] = MSG_STATE_SPENDING
    elif Decimal(spending_standard) < 0:
        missing["spending_standard"] = MSG_NEGATIVE_SPENDING
    if missing:
        raise ValidationError(missing)
    unconfirmed = rules.unconfirmed_prohibitions(kind, confirmations)
    if unconfirmed:
        raise RuleViolation(
            "R-3",
            MSG_CONFIRM_PROHIBITIONS % {"items": "; ".join(unconfirmed)},
        )


def _require_declarable(*, declarer: Person, committee: Committee, kind: str, report_form: str, at) -> None:
    """R-3: a known kind of event and form of report, declared by a member of the leadership team."""
    if kind not in FamilyEventKind.values:
        raise ValidationError({"kind": MSG_CHOOSE_EVENT})
    if report_form not in ReportForm.values:
        raise ValidationError({"report_form": MSG_CHOOSE_REPORT_FORM})
    if not _holds_team_role(declarer, committee, timezone.localdate(at)):
        raise ValidationError(MSG_NOT_ON_TEAM % {"person": declarer, "committee": committee})


def _require_declared_in_time(
    *, kind: str, report_form: str, at: datetime.datetime, event_at: datetime.datetime, version: RuleSetVersion
) -> None:
    """R-3: only a funeral is reported orally, and before it takes place; weddings and other events
    are declared in writing at least ``family_event_days_before`` (10) days before."""
    if report_form == ReportForm.ORAL and kind != FamilyEventKind.FUNERAL:
        raise RuleViolation("R-3", MSG_ORAL_ONLY_FUNERAL)
    if rules.declared_in_time(kind, at, event_at, version.family_event_days_before):
        return
    if kind == FamilyEventKind.FUNERAL:
        message = MSG_FUNERAL_BEFORE
    else:
        left = rules.days_declared_before(at, event_at)
        if left < 0:
            message = MSG_DECLARE_EARLIER_PAST % {"days": version.family_event_days_before}
        else:
            message = MSG_DECLARE_EARLIER % {"days": version.family_event_days_before, "left": left}
    raise RuleViolation("R-3", message)


def _register_written_form(
    declaration: FamilyEventDeclaration, version: RuleSetVersion, at: datetime.datetime, *, acting_user: User
) -> None:
    """R-3: an oral funeral report is followed by the written form within ``funeral_written_days_after``
    (10) days after the funeral – a deadline of the declarer's."""
    deadlines.register(
        subject=declaration,
        committee=declaration.committee,
        title=stored(phrases.DEADLINE_FUNERAL_WRITTEN),
        due_at=rules.funeral_written_due_at(declaration.event_at, version.funeral_written_days_after),
        rule_id="R-3",
        schedule=WRITTEN_FORM_SCHEDULE,
        owner=declaration.declarer,
        escalation=[deadlines.PRINCIPAL],
        is_private=True,  # declarations are not for every member of the committee to see
        url=reverse("personal_family_detail", args=[declaration.pk]),
        rule_set_version=version,
        now=at,
        acting_user=acting_user,
    )


@transaction.atomic
def declare_family_event(
    *,
    declarer: Person,
    committee: Committee,
    kind: str,
    event_at: datetime.datetime,
    reason: str,
    place: str,
    relation: str = "self",
    guest_count: int | None = None,
    table_count: int | None = None,
    spending_standard: Decimal | None = None,
    report_form: str = ReportForm.WRITTEN,
    confirmations: Mapping[str, bool] | None = None,
    at: datetime.datetime | None = None,
    acting_user: User,
) -> FamilyEventDeclaration:
    """R-3: declare a family event – in writing at least ``family_event_days_before`` (10) days
    before it; a funeral orally or in writing before it, an oral report followed by the written
    form within ``funeral_written_days_after`` (10) days after the funeral (a deadline)."""
    bounds.require_dates(event_at=event_at)
    at = at or timezone.now()
    confirmations = _confirmations(confirmations or {})
    _require_declarable(declarer=declarer, committee=committee, kind=kind, report_form=report_form, at=at)
    version = _rules_for(committee)
    _require_declared_in_time(kind=kind, report_form=report_form, at=at, event_at=event_at, version=version)
    if not reason.strip() or not place.strip():
        raise ValidationError(MSG_STATE_REASON_AND_PLACE)
    if report_form == ReportForm.WRITTEN:
        _check_written_details(
            kind=kind,
            reason=reason,
            place=place,
            guest_count=guest_count,
            table_count=table_count,
            spending_standard=spending_standard,
            confirmations=confirmations,
        )
    declaration = FamilyEventDeclaration(
        declarer=declarer,
        committee=committee,
        kind=kind,
        relation=relation,
        reason=reason.strip(),
        event_at=event_at,
        place=place.strip(),
        guest_count=guest_count,
        table_count=table_count,
        spending_standard=spending_standard,
        report_form=report_form,
        declared_at=at,
        written_at=at if report_form == ReportForm.WRITTEN else None,
        rule_set_version=version,
        **confirmations,
    )
    acting(declaration, acting_user).save()
    if report_form == ReportForm.ORAL:
        _register_written_form(declaration, version, at, acting_user=acting_user)
    return declaration


@transaction.atomic
def file_written_form(
    declaration: FamilyEventDeclaration,
    *,
    reason: str,
    place: str,
    guest_count: int | None,
    table_count: int | None,
    spending_standard: Decimal | None,
    confirmations: Mapping[str, bool],
    at: datetime.datetime | None = None,
    acting_user: User,
) -> FamilyEventDeclaration:
    """R-3: the written form after an oral funeral report; it settles the 10-day deadline."""
    at = at or timezone.now()
    declaration = FamilyEventDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.written_at is not None:
        raise ValidationError(MSG_WRITTEN_ALREADY_FILED)
    confirmations = _confirmations(confirmations)
    _check_written_details(
        kind=declaration.kind,
        reason=reason,
        place=place,
        guest_count=guest_count,
        table_count=table_count,
        spending_standard=spending_standard,
        confirmations=confirmations,
    )
    declaration.reason = reason.strip()
    declaration.place = place.strip()
    declaration.guest_count = guest_count
    declaration.table_count = table_count
    declaration.spending_standard = spending_standard
    declaration.written_at = at
    for name, value in confirmations.items():
        setattr(declaration, name, value)
    acting(declaration, acting_user).save()
    deadlines.met(declaration, at=at, rule_id="R-3", acting_user=acting_user)
    return declaration


@transaction.atomic
def review_declaration(
    declaration: FamilyEventDeclaration,
    *,
    outcome: str,
    note: str = "",
    at: datetime.datetime | None = None,
    acting_user: User,
) -> FamilyEventDeclaration:
    """R-3 (seed 三): the discipline commission reviews what was declared."""
    at = at or timezone.now()
    declaration = FamilyEventDeclaration.objects.select_for_update().select_related("declarer").get(pk=declaration.pk)
    if declaration.declarer.user_id == acting_user.pk:
        raise ValidationError(MSG_OWN_DECLARATION)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": MSG_CHOOSE_OUTCOME})
    if outcome != ReviewOutcome.COMPLIANT and not note.strip():
        raise ValidationError({"note": MSG_EXPLAIN_OUTCOME})
    declaration.review_outcome = outcome
    declaration.review_note = note.strip()
    declaration.reviewed_by = acting_user
    declaration.reviewed_at = at
    acting(declaration, acting_user).save(update_fields=["review_outcome", "review_note", "reviewed_by", "reviewed_at"])
    return declaration
