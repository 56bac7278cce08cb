"""What the deadline engine and the reports put in a person's to-do inbox (``committees.todo``).

- a leave step named to the person (L-3..L-5), or a filing step of their organisation department;
- a periodic report their committee owes, for those who file it (office, secretary, deputies);
- a petition to transfer or answer (P-2, P-3), for the receiving leader and the committee's
  petition staff;
- every other obligation the engine says the person owes (R-2 personal matters, R-3, L-6 report
  back, P-3, S-2 feedback, A-6..A-9, DL-3, M-E1 …), with the engine's due time and link.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, Model, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import todo
from committees.models import Role

from .interviews.models import CardState, HandlingCard, InterviewRequest, InterviewState
from .leave.models import LeaveStep, StepKind, StepState
from .models.engine import ACTIVE_STATES, Deadline, DeadlineState
from .opinions import services as opinions
from .opinions.models import OpinionEntry, OpinionState
from .periodic.models import PeriodicObligation
from .periodic.selectors import ACTING_ROLES
from .petitions.models import PetitionState
from .petitions.selectors import visible_petitions
from .selectors import ORGANISATION_ROLES


def _deadline_due(model: type[Model]):
    """The engine's due time of a row of ``model``, if it has an active one. The content type is a
    literal id (Django keeps them in memory), not a join per row: a county secretary's 1,047
    pending leave steps were sorted by it in 12 ms with the join, 1.6 ms without (issue 19)."""
    return Subquery(
        Deadline.objects.filter(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id=OuterRef("pk"),
            state__in=ACTIVE_STATES,
        ).values("due_at")[:1]
    )


def _step_action(step: LeaveStep) -> str:
    if step.kind == StepKind.FILE:
        return _("File the leave request (备案)")
    if step.kind == StepKind.REPORT:
        return _("Acknowledge the leave request")
    return _("Decide the leave request")


def _leave_subject(step: LeaveStep) -> str:
    leave = step.request
    return _("%(person)s: %(kind)s, %(start)s – %(end)s") % {
        "person": leave.person.name,
        "kind": leave.get_kind_display(),
        "start": leave.start_date.isoformat(),
        "end": leave.end_date.isoformat(),
    }


def _leave_url(step: LeaveStep) -> str:
    return reverse("leave_detail", args=[step.request_id]) + f"#decide-{step.pk}"


@todo.source("people")
class LeaveSteps(todo.Source):
    """L-3..L-5: a pending step named to the person (as holder or stand-in); a filing step (备案) of
    a committee on whose organisation department the person works today. Done: the steps the
    person decided or acknowledged."""

    covers = ("reporting.leavestep",)

    def waiting(self, user, person):
        named = Q(approver=person)
        filing = Q(
            approver__isnull=True, kind=StepKind.FILE, committee_id__any_of=todo.held(person, ORGANISATION_ROLES)
        )
        steps = (
            LeaveStep.objects.filter(named | filing, state=StepState.PENDING)
            .annotate(due_at=_deadline_due(LeaveStep))
            .select_related("request__person", "request__committee")
            .order_by(F("due_at").asc(nulls_last=True), "pk")
        )
        return todo.rows_of(
            steps,
            lambda step: todo.Waiting(
                kind="leave_step",
                group=self.group,
                action=_step_action(step),
                subject=_leave_subject(step),
                url=_leave_url(step),
                due_at=step.due_at,
                committee=step.request.committee.name,
                key=todo.key(step.pk),
            ),
        )

    def done(self, user, person):
        steps = (
            LeaveStep.objects.filter(decided_by=person, decided_at__isnull=False)
            .exclude(state=StepState.CANCELLED)
            .select_related("request__person", "request__committee")
            .order_by("-decided_at", "-pk")
        )
        return todo.rows_of(
            steps,
            lambda step: todo.Done(
                kind="leave_step",
                group=self.group,
                action=_("Leave step: %(state)s") % {"state": step.get_state_display()},
                subject=_leave_subject(step),
                url=reverse("leave_detail", args=[step.request_id]),
                done_at=step.decided_at,
                committee=step.request.committee.name,
                key=todo.key(step.pk),
            ),
        )


def _obligation_subject(obligation: PeriodicObligation) -> str:
    return f"{obligation.get_kind_display()} · {obligation.period_label or obligation.period_start.isoformat()}"


@todo.source("reports")
class PeriodicReports(todo.Source):
    """A periodic report the person's committee owes and has not submitted: waiting for those who
    submit it (``periodic.selectors.ACTING_ROLES``; for a party group, the receiving committee's).
    Done: the reports the person submitted."""

    covers = ("reporting.periodicobligation",)

    def waiting(self, user, person):
        acting = todo.held(person, ACTING_ROLES)
        obligations = (
            PeriodicObligation.objects.filter(
                Q(reporting_committee_id__any_of=acting)
                | Q(reporting_committee__isnull=True, receiving_committee_id__any_of=acting),
                submitted_at__isnull=True,
            )
            .select_related("reporting_committee", "receiving_committee")
            .order_by("due_date", "pk")
        )
        return todo.rows_of(
            obligations,
            lambda obligation: todo.Waiting(
                kind="periodic_report",
                group=self.group,
                action=_("Submit the periodic report"),
                subject=_obligation_subject(obligation),
                url=reverse("periodic_submit", args=[obligation.pk]),
                due_at=todo.end_of_day(obligation.due_date),
                committee=(obligation.reporting_committee or obligation.receiving_committee).name,
                key=todo.key(obligation.pk),
            ),
        )

    def done(self, user, person):
        obligations = (
            PeriodicObligation.objects.filter(submitted_by=person, submitted_at__isnull=False)
            .select_related("reporting_committee", "receiving_committee")
            .order_by("-submitted_at", "-pk")
        )
        return todo.rows_of(
            obligations,
            lambda obligation: todo.Done(
                kind="periodic_report",
                group=self.group,
                action=_("Submitted the periodic report"),
                subject=_obligation_subject(obligation),
                url=reverse("periodic_detail", args=[obligation.pk]),
                done_at=obligation.submitted_at,
                committee=(obligation.reporting_committee or obligation.receiving_committee).name,
                key=todo.key(obligation.pk),
            ),
        )


@todo.source("reports")
class Petitions(todo.Source):
    """P-2, P-3: an open petition waits for its receiving leader and for the petition staff of its
    committee (who prepare the transfer and record the answer): to be transferred to the unit
    responsible, then answered by its due time. Done: the petitions the person transferred or whose
    answer they recorded – always among the petitions they may see today (a leader whose term
    ended no longer sees them). Listed here rather than as the receiving leader's P-3 obligation,
    so the petition office sees its desk and nobody sees a petition twice."""

    covers = ("reporting.petition",)

    def waiting(self, user, person):
        petitions = (
            visible_petitions(user)
            .filter(
                Q(receiving_leader=person) | Q(committee_id__any_of=todo.held(person, {Role.PETITION_STAFF})),
                state__in=(PetitionState.RECEIVED, PetitionState.TRANSFERRED),
            )
            .select_related(None)
            .select_related("committee")
            .only("pk", "state", "received_at", "content", "due_at", "committee__name")
            .order_by(F("due_at").asc(nulls_last=True), "pk")
        )
        return todo.rows_of(
            petitions,
            lambda petition: todo.Waiting(
                kind="petition",
                group=self.group,
                action=(
                    _("Transfer the petition to the unit responsible")
                    if petition.state == PetitionState.RECEIVED
                    else _("Record the petition's answer")
                ),
                subject=str(petition),
                url=reverse(
                    "petitions_transfer" if petition.state == PetitionState.RECEIVED else "petitions_answer",
                    args=[petition.pk],
                ),
                due_at=petition.due_at,
                committee=petition.committee.name,
                key=todo.key(petition.pk),
            ),
        )

    def done(self, user, person):
        petitions = (
            visible_petitions(user)
            .filter(Q(transferred_by=person) | Q(answered_by=person))
            .annotate(
                done_at=Case(When(answered_by=person, then=F("answered_at")), default=F("transferred_at")),
                answered_here=Case(When(answered_by=person, then=True), default=False),
            )
            .select_related(None)
            .select_related("committee")
            .only("pk", "received_at", "content", "committee__name", "answered_at", "transferred_at")
            .order_by("-done_at", "-pk")
        )
        return todo.rows_of(
            petitions,
            lambda petition: todo.Done(
                kind="petition",
                group=self.group,
                action=_("Recorded the petition's answer") if petition.answered_here else _("Transferred the petition"),
                subject=str(petition),
                url=reverse("petitions_detail", args=[petition.pk]),
                done_at=petition.done_at,
                committee=petition.committee.name,
                key=todo.key(petition.pk),
            ),
        )


#: Navigation group of an engine obligation, by the prefix of its rule id (longest first).
RULE_GROUPS = (
    ("DL-", "meetings"),
    ("M-E", "reports"),
    ("M-", "meetings"),
    ("S-", "supervision"),
    ("A-", "supervision"),
    ("L-8", "reports"),
    ("L-", "people"),
    ("R-", "reports"),
    ("P-", "reports"),
)


def group_of(rule_id: str) -> str:
    return next((group for prefix, group in RULE_GROUPS if rule_id.startswith(prefix)), "reports")


def rule_in_group(group: str) -> Q:
    """``group_of`` in SQL: a rule id whose first matching prefix belongs to ``group``."""
    matches: list[Q] = []
    earlier: list[Q] = []
    for prefix, owner in RULE_GROUPS:
        here = Q(rule_id__startswith=prefix)
        if owner == group:
            condition = here
            for before in earlier:
                condition &= ~before
            matches.append(condition)
        earlier.append(here)
    if group == "reports":
        none_matches = ~earlier[0]
        for before in earlier[1:]:
            none_matches &= ~before
        matches.append(none_matches)
    result = matches[0]
    for condition in matches[1:]:
        result |= condition
    return result


@todo.source("reports")
class Obligations(todo.Source):
    """Every obligation the engine says the person owes, except those a dedicated source lists
    (``covers``). Its group follows its rule (``RULE_GROUPS``); the counts of the navigation
    follow the row's group, so this source reports one count per group (``group_counts``)."""

    def _owed(self, person):
        return Deadline.objects.filter(owner=person).exclude(content_type__in=todo.covered_content_types())

    def waiting(self, user, person):
        deadlines = (
            self._owed(person).filter(state__in=ACTIVE_STATES).select_related("committee").order_by("due_at", "pk")
        )
        return todo.rows_of(
            deadlines,
            lambda deadline: todo.Waiting(
                kind="obligation",
                group=group_of(deadline.rule_id),
                action=_("Due under %(rule)s") % {"rule": deadline.rule_id},
                subject=deadline.title_text,
                url=deadline.url or reverse("deadline_dashboard"),
                due_at=deadline.due_at,
                committee=deadline.committee.name,
                key=todo.key(deadline.pk),
            ),
        )

    def counted(self, user, person):
        active = self._owed(person).filter(state__in=ACTIVE_STATES)
        return {group: active.filter(rule_in_group(group)) for group in {group for _prefix, group in RULE_GROUPS}}

    def done(self, user, person):
        deadlines = (
            self._owed(person)
            .filter(state=DeadlineState.MET, met_at__isnull=False)
            .select_related("committee")
            .order_by("-met_at", "-pk")
        )
        return todo.rows_of(
            deadlines,
            lambda deadline: todo.Done(
                kind="obligation",
                group=group_of(deadline.rule_id),
                action=_("Met under %(rule)s") % {"rule": deadline.rule_id},
                subject=deadline.title_text,
                url=deadline.url or reverse("deadline_dashboard"),
                done_at=deadline.met_at,
                committee=deadline.committee.name,
                key=todo.key(deadline.pk),
            ),
        )


# ------------------------------------------------------------------ the other work systems (X-1..X-4)


@todo.source("reports")
class OpinionSteps(todo.Source):
    """X-1: an opinion collected by a unit waits for that unit's team and office to verify and
    send it; one sent waits for the receiving committee's party office to analyse it, decide on
    its adoption and tell the source (by the engine's due time)."""

    covers = ("reporting.opinionentry",)

    def waiting(self, user, person):
        entries = (
            OpinionEntry.objects.filter(
                Q(state=OpinionState.COLLECTED, source_id__any_of=todo.held(person, opinions.SOURCE_ROLES))
                | Q(state__in=OPINION_OFFICE_STEPS, committee_id__any_of=todo.held(person, opinions.OFFICE_ROLES))
            )
            .annotate(due_at=_deadline_due(OpinionEntry))
            .select_related("committee")
            .order_by(F("due_at").asc(nulls_last=True), "received_on", "pk")
        )
        return todo.rows_of(
            entries,
            lambda entry: todo.Waiting(
                kind="opinion",
                group=self.group,
                action=str(OPINION_ACTIONS[entry.state]),
                subject=entry.title,
                url=reverse("opinion_detail", args=[entry.pk]),
                due_at=entry.due_at,
                committee=entry.committee.name,
                key=todo.key(entry.pk),
            ),
        )


#: X-1: the states in which an opinion waits for the party office, and what each asks of whom.
OPINION_OFFICE_STEPS = ("submitted", "analysed", "decided")
OPINION_ACTIONS = {
    "collected": gettext_lazy("Verify the opinion and send it to the party office"),
    "submitted": gettext_lazy("Analyse and classify the opinion"),
    "analysed": gettext_lazy("Decide on the opinion's adoption"),
    "decided": gettext_lazy("Tell the source of the adoption decision"),
}


@todo.source("people")
class InterviewRequests(todo.Source):
    """X-4: a request waits for the leader asked: to set the appointment, then to hold and record
    the interview."""

    def waiting(self, user, person):
        requests = (
            InterviewRequest.objects.filter(
                leader=person, state__in=(InterviewState.REQUESTED, InterviewState.SCHEDULED)
            )
            .select_related("committee", "requester")
            .order_by(F("scheduled_at").asc(nulls_first=True), "created_at", "pk")
        )
        return todo.rows_of(
            requests,
            lambda interview: todo.Waiting(
                kind="interview",
                group=self.group,
                action=str(
                    _("Set the appointment")
                    if interview.state == InterviewState.REQUESTED
                    else _("Hold and record the interview")
                ),
                subject=_("Interview asked by %(person)s") % {"person": interview.requester.name},
                url=reverse("interview_detail", args=[interview.pk]),
                due_at=interview.scheduled_at,
                committee=interview.committee.name,
                key=todo.key(interview.pk),
            ),
        )


@todo.source("people")
class InterviewCards(todo.Source):
    """X-4: an open handling card waits for the leader who opened it, to record how it was handled
    and answered by its reply day (the card carries the interview's confidential matter)."""

    covers = ("reporting.handlingcard",)

    def waiting(self, user, person):
        cards = (
            HandlingCard.objects.filter(state=CardState.OPEN, interview__leader=person)
            .select_related("interview__committee")
            .order_by("reply_due", "pk")
        )
        return todo.rows_of(
            cards,
            lambda card: todo.Waiting(
                kind="interview_card",
                group=self.group,
                action=_("Record the reply to the handling card"),
                subject=f"{card.unit} · {card.matter[:40]}",
                url=reverse("interview_detail", args=[card.interview_id]),
                due_at=todo.end_of_day(card.reply_due),
                committee=card.interview.committee.name,
                key=todo.key(card.pk),
            ),
        )


#: What the office does for each of its duties.
OFFICE_DUTY_ACTIONS = {
    "opennessduty": gettext_lazy("Check the unit's party-affairs openness"),
    "interviewmonth": gettext_lazy("Set the reception days of the month"),
}


@todo.source("reports")
class OfficeDuties(todo.Source):
    """X-2, X-4: what a committee's office owes as an office, not a person – the openness checks of
    the units below it and the reception days of next month – with the engine's due time."""

    covers = ("reporting.opennessduty", "reporting.interviewmonth")

    def waiting(self, user, person):
        deadlines = (
            Deadline.objects.filter(
                content_type__app_label="reporting",
                content_type__model__in=("opennessduty", "interviewmonth"),
                committee_id__any_of=todo.held(person, {Role.OFFICE_STAFF}),
                state__in=ACTIVE_STATES,
            )
            .select_related("committee", "content_type")
            .order_by("due_at", "pk")
        )
        return todo.rows_of(
            deadlines,
            lambda deadline: todo.Waiting(
                kind="office_duty",
                group=self.group,
                action=str(OFFICE_DUTY_ACTIONS[deadline.content_type.model]),
                subject=deadline.title_text,
                url=deadline.url or reverse("deadline_dashboard"),
                due_at=deadline.due_at,
                committee=deadline.committee.name,
                key=todo.key(deadline.pk),
            ),
        )
