"""Public opinion (X-1): collected and verified by the source, sent to the party office, analysed,
its adoption decided, and the source told within the rule set's days (the deadline engine)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of
from committees.models import TEAM_ROLES, Committee, Role
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import acts_in, current_rules, rules_in_force
from reporting import deadlines, phrases
from reporting.schedules import days_schedule, midnight_after

from . import rules
from .models import Adoption, OpinionChannel, OpinionEntry, OpinionState, OpinionTopic, ReporterKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The source told: reminded 7 and 1 days before, escalated after (the principal leader, then
#: the parent committee's office).
FEEDBACK_SCHEDULE = days_schedule(before=(7, 1))
#: Who collects and sends for a unit (第三条, 第十九条): its leadership team and its office.
SOURCE_ROLES = frozenset({*TEAM_ROLES, Role.OFFICE_STAFF})
#: Who analyses, decides and answers back (第四条, 第二十–二十一条): the party office.
OFFICE_ROLES = frozenset({Role.OFFICE_STAFF})

MSG_NOT_FOR_SOURCE = gettext_lazy("Only the team or the office of %(source)s collects and sends its opinions.")
MSG_NOT_OFFICE = gettext_lazy("Only the party office of %(committee)s analyses and answers public opinion.")
MSG_IN_THE_FUTURE = gettext_lazy("%(day)s is still to come.")
MSG_STATE = gettext_lazy("This entry is %(state)s.")
MSG_REQUIRED = gettext_lazy("This field is required.")
MSG_BEFORE_RECEIVED = gettext_lazy("This cannot come before the opinion was received (%(day)s).")
MSG_BEFORE_DECIDED = gettext_lazy("The source cannot be told before the decision (%(day)s).")


def may_collect(user, source: Committee) -> bool:
    return acts_in(user, source, SOURCE_ROLES)


def may_handle(user, committee: Committee) -> bool:
    return acts_in(user, committee, OFFICE_ROLES)


def _require_text(**values: str) -> None:
    missing = {name: MSG_REQUIRED for name, value in values.items() if not (value or "").strip()}
    if missing:
        raise ValidationError(missing)


def _require_day(name: str, day: datetime.date, entry_or_received) -> None:
    bounds.require_dates(**{name: day})
    if day > timezone.localdate():
        raise ValidationError({name: MSG_IN_THE_FUTURE % {"day": day.isoformat()}})
    received = getattr(entry_or_received, "received_on", entry_or_received)
    if received is not None and day < received:
        raise ValidationError({name: MSG_BEFORE_RECEIVED % {"day": received.isoformat()}})


def _require_state(entry: OpinionEntry, *states: str) -> None:
    if entry.state not in states:
        raise ValidationError(MSG_STATE % {"state": entry.get_state_display()})


@transaction.atomic
def collect(
    *,
    source: Committee,
    reporter_kind: str,
    channel: str,
    topic: str,
    received_on: datetime.date,
    title: str,
    content: str,
    reporter: str = "",
    source_detail: str = "",
    acting_user: User,
) -> OpinionEntry:
    """X-1 (第十三、十八条): an opinion received by a village, branch or department (``source``) by letter,
    telephone, the internet or a visit, recorded as it was said (第十四条: 原汁原味), for the party
    office it goes to (``rules.receiving_committee``)."""
    committee = rules.receiving_committee(source)
    if not may_collect(acting_user, source):
        raise RuleViolation("X-1", str(MSG_NOT_FOR_SOURCE % {"source": source}))
    for name, value, choices in (
        ("reporter_kind", reporter_kind, ReporterKind),
        ("channel", channel, OpinionChannel),
        ("topic", topic, OpinionTopic),
    ):
        if value not in choices.values:
            raise ValidationError({name: gettext_lazy("Choose one of the options.")})
    _require_text(title=title, content=content)
    _require_day("received_on", received_on, None)
    version = rules_in_force(committee)
    entry = OpinionEntry(
        committee=committee,
        source=source,
        source_detail=source_detail.strip(),
        reporter_kind=reporter_kind,
        reporter=reporter.strip(),
        channel=channel,
        topic=topic,
        received_on=received_on,
        title=title.strip(),
        content=content.strip(),
        recorded_by=person_of(acting_user),
        rule_set_version=version,
    )
    acting(entry, acting_user).save()
    return entry


def _locked(entry: OpinionEntry) -> OpinionEntry:
    return OpinionEntry.objects.select_for_update().select_related("committee", "source").get(pk=entry.pk)


@transaction.atomic
def submit(entry: OpinionEntry, *, verification: str, acting_user: User, on: datetime.date | None = None):
    """第十九条: verified, screened and sent up to the party committee by the source."""
    entry = _locked(entry)
    if not may_collect(acting_user, entry.source):
        raise RuleViolation("X-1", str(MSG_NOT_FOR_SOURCE % {"source": entry.source}))
    _require_state(entry, OpinionState.COLLECTED)
    _require_text(verification=verification)
    on = on or timezone.localdate()
    _require_day("submitted_on", on, entry)
    entry.verification, entry.submitted_on, entry.state = verification.strip(), on, OpinionState.SUBMITTED
    acting(entry, acting_user).save()
    return entry


@transaction.atomic
def screen_out(entry: OpinionEntry, *, reason: str, acting_user: User) -> OpinionEntry:
    """第十九条 (筛选): found untrue or not worth sending after verification – kept, not sent."""
    entry = _locked(entry)
    if not may_collect(acting_user, entry.source):
        raise RuleViolation("X-1", str(MSG_NOT_FOR_SOURCE % {"source": entry.source}))
    _require_state(entry, OpinionState.COLLECTED)
    _require_text(screened_reason=reason)
    entry.screened_reason, entry.state = reason.strip(), OpinionState.SCREENED_OUT
    acting(entry, acting_user).save()
    return entry


@transaction.atomic
def analyse(entry: OpinionEntry, *, topic: str, analysis: str, proposal: str = "", acting_user: User):
    """X-1 (第二十条): the party office sorts, analyses and studies it (the topic may be corrected) and
    proposes what to do."""
    entry = _locked(entry)
    if not may_handle(acting_user, entry.committee):
        raise RuleViolation("X-1", str(MSG_NOT_OFFICE % {"committee": entry.committee}))
    _require_state(entry, OpinionState.SUBMITTED, OpinionState.ANALYSED)
    if topic not in OpinionTopic.values:
        raise ValidationError({"topic": gettext_lazy("Choose one of the options.")})
    _require_text(analysis=analysis)
    entry.topic, entry.analysis, entry.proposal = topic, analysis.strip(), proposal.strip()
    entry.state = OpinionState.ANALYSED
    acting(entry, acting_user).save()
    return entry


@transaction.atomic
def decide(
    entry: OpinionEntry, *, adoption: str, note: str, acting_user: User, on: datetime.date | None = None
) -> OpinionEntry:
    """X-1 (第二十一条): adopted, partly or not – and the source is owed word of it within the rule set's
    days (the engine reminds the office)."""
    entry = _locked(entry)
    if not may_handle(acting_user, entry.committee):
        raise RuleViolation("X-1", str(MSG_NOT_OFFICE % {"committee": entry.committee}))
    _require_state(entry, OpinionState.ANALYSED)
    if adoption not in Adoption.values:
        raise ValidationError({"adoption": gettext_lazy("Choose one of the options.")})
    _require_text(adoption_note=note)
    on = on or timezone.localdate()
    _require_day("decided_on", on, entry)
    entry.adoption, entry.adoption_note, entry.decided_on = adoption, note.strip(), on
    entry.state = OpinionState.DECIDED
    acting(entry, acting_user).save()
    version = current_rules(entry.committee) or entry.rule_set_version
    deadlines.register(
        subject=entry,
        committee=entry.committee,
        title=stored(phrases.DEADLINE_OPINION_FEEDBACK, title=entry.title[:60], source=entry.source.name),
        due_at=midnight_after(feedback_due_on(entry, version)),
        rule_id="X-1",
        schedule=FEEDBACK_SCHEDULE,
        url=page_url("opinion_detail", entry.pk),
        rule_set_version=version,
        acting_user=acting_user,
    )
    return entry


def feedback_due_on(entry: OpinionEntry, version) -> datetime.date:
    """第二十一条: the last day the source is to be told of the decision."""
    return entry.decided_on + datetime.timedelta(days=version.opinion_feedback_days)


@transaction.atomic
def answer(entry: OpinionEntry, *, feedback: str, acting_user: User, on: datetime.date | None = None) -> OpinionEntry:
    """第二十一条: the source told of the adoption and how it is carried out."""
    entry = _locked(entry)
    if not may_handle(acting_user, entry.committee):
        raise RuleViolation("X-1", str(MSG_NOT_OFFICE % {"committee": entry.committee}))
    _require_state(entry, OpinionState.DECIDED)
    _require_text(feedback=feedback)
    on = on or timezone.localdate()
    _require_day("answered_on", on, entry)
    if on < entry.decided_on:
        raise ValidationError({"answered_on": MSG_BEFORE_DECIDED % {"day": entry.decided_on.isoformat()}})
    entry.feedback, entry.answered_on, entry.state = feedback.strip(), on, OpinionState.ANSWERED
    acting(entry, acting_user).save()
    deadlines.met(entry, acting_user=acting_user)
    return entry
