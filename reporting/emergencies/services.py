"""Actions on emergency reports (R-1): record an incident, send its report, add follow-ups."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting
from committees.models import Committee, Person, Role, RoleAssignment
from committees.phrases import stored
from committees.selectors import current_rules
from reporting import deadlines, phrases
from reporting.messages import MSG_NO_RULE_SET
from reporting.schedules import hours_schedule

from . import rules
from .models import Emergency, EmergencyAttachment, EmergencyFollowUp, EmergencyReport

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MSG_KNOWN_IN_FUTURE = gettext_lazy("The time the incident became known cannot be in the future.")
MSG_OCCURRED_AFTER_KNOWN = gettext_lazy("The incident cannot have occurred after it became known.")
MSG_OCCURRED_IN_FUTURE = gettext_lazy("The time the incident occurred cannot be in the future.")
MSG_ALREADY_REPORTED = gettext_lazy("This emergency has already been reported; add a follow-up report instead.")
MSG_SENT_IN_FUTURE = gettext_lazy("The report cannot be sent in the future.")
MSG_SENT_BEFORE_KNOWN = gettext_lazy("The report cannot have been sent before the incident became known.")
MSG_WRITE_REPORT = gettext_lazy("Write the report.")
MSG_FIRST_REPORT_FIRST = gettext_lazy("Send the first report before adding follow-up reports.")
MSG_FOLLOW_UP_BEFORE_REPORT = gettext_lazy("A follow-up report cannot precede the first report.")

_PROBLEMS = {
    ("known_at", "future"): MSG_KNOWN_IN_FUTURE,
    ("occurred_at", "after_known"): MSG_OCCURRED_AFTER_KNOWN,
    ("occurred_at", "future"): MSG_OCCURRED_IN_FUTURE,
}


def problem_messages(problems: dict[str, str]) -> dict[str, str]:
    return {field: _PROBLEMS[(field, key)] for field, key in problems.items()}


def validate_times(*, occurred_at, known_at, now: datetime.datetime | None = None) -> None:
    """R-1: the clock starts when the incident became known; that time must be real (see rules)."""
    bounds.require_dates(occurred_at=occurred_at, known_at=known_at)
    problems = rules.known_at_problems(occurred_at=occurred_at, known_at=known_at, now=now or timezone.now())
    if problems:
        raise ValidationError(problem_messages(problems))


def _holders(committee: Committee, roles, on: datetime.date) -> list[Person]:
    assignments = (
        RoleAssignment.objects.on(on)
        .filter(committee=committee, role__in=roles)
        .select_related("person")
        .order_by("role", "start_date", "pk")
    )
    return [a.person for a in assignments]


@transaction.atomic
def record_emergency(
    *,
    committee: Committee,
    title: str,
    kind: str,
    place: str,
    occurred_at: datetime.datetime,
    known_at: datetime.datetime,
    known_by: str = "",
    known_by_people: Iterable[Person] = (),
    description: str = "",
    recorded_by: Person | None = None,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> Emergency:
    """R-1: record the incident and start its clock.

    The report is due ``emergency_report_minutes`` after ``known_at`` under the committee's
    current rule set. The engine reminds the recorder (or, when nobody is recorded, the
    secretary) together with the secretary and deputy secretaries, and escalates after expiry
    to the secretary and then to the higher-level committee's office.
    """
    now = now or timezone.now()
    validate_times(occurred_at=occurred_at, known_at=known_at, now=now)
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
    emergency = Emergency(
        committee=committee,
        title=title,
        kind=kind,
        place=place,
        description=description,
        occurred_at=occurred_at,
        known_at=known_at,
        known_by=known_by,
        due_at=rules.report_due_at(known_at, version.emergency_report_minutes),
        recorded_by=recorded_by,
        rule_set_version=version,
    )
    acting(emergency, acting_user).save()
    if known_by_people:
        emergency.known_by_people.set(known_by_people)
    _register_report_deadline(emergency, version, now, acting_user=acting_user)
    return emergency


def _register_report_deadline(emergency: Emergency, version, now: datetime.datetime, *, acting_user: User) -> None:
    """R-1: the report to the higher level is owed by the recorder (else the secretary); the
    secretary and the deputies are told, on the rule set's hours schedule."""
    today = timezone.localdate(now)
    leaders = _holders(emergency.committee, (Role.SECRETARY, Role.DEPUTY_SECRETARY), today)
    secretaries = _holders(emergency.committee, (Role.SECRETARY,), today)
    owner = emergency.recorded_by or (secretaries[0] if secretaries else None)
    deadlines.register(
        subject=emergency,
        committee=emergency.committee,
        title=stored(phrases.DEADLINE_EMERGENCY_REPORT, title=emergency.title),
        due_at=emergency.due_at,
        rule_id=rules.RULE_ID,
        schedule=hours_schedule(datetime.timedelta(minutes=version.emergency_report_minutes)),
        owner=owner,
        notify=leaders,
        url=reverse("emergencies_detail", args=[emergency.pk]),
        rule_set_version=version,
        now=now,
        acting_user=acting_user,
    )


def _attach(files: Iterable[UploadedFile], acting_user: User, **owner) -> None:
    for upload in files:
        acting(EmergencyAttachment(file=upload, name=upload.name[:255], **owner), acting_user).save()


@transaction.atomic
def send_report(
    emergency: Emergency,
    *,
    sent_at: datetime.datetime,
    recipient: str,
    text: str,
    attachments: Iterable[UploadedFile] = (),
    sent_by: Person | None = None,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> EmergencyReport:
    """R-1: the report went to the higher-level committee. It settles the deadline; it is late
    when sent after the due time (``EmergencyReport.is_late``) – late reports are recorded too,
    and the incident then counts among ``overdue_emergencies`` (A-2)."""
    now = now or timezone.now()
    emergency = Emergency.objects.select_for_update().select_related("committee").get(pk=emergency.pk)
    if EmergencyReport.objects.filter(emergency=emergency).exists():
        raise ValidationError(MSG_ALREADY_REPORTED)
    errors = {}
    if sent_at > now:
        errors["sent_at"] = MSG_SENT_IN_FUTURE
    elif sent_at < emergency.known_at:
        errors["sent_at"] = MSG_SENT_BEFORE_KNOWN
    if not text.strip():
        errors["text"] = MSG_WRITE_REPORT
    if errors:
        raise ValidationError(errors)
    report = EmergencyReport(
        emergency=emergency,
        sent_at=sent_at,
        recipient_committee=emergency.committee.parent,
        recipient=recipient,
        text=text,
        sent_by=sent_by,
    )
    acting(report, acting_user).save()
    _attach(attachments, acting_user, report=report)
    deadlines.met(emergency, at=sent_at, rule_id=rules.RULE_ID, acting_user=acting_user)
    return report


@transaction.atomic
def add_follow_up(
    emergency: Emergency,
    *,
    at: datetime.datetime,
    text: str,
    attachments: Iterable[UploadedFile] = (),
    recorded_by: Person | None = None,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> EmergencyFollowUp:
    """A later report on the incident; only after the first report (R-1) has been sent."""
    now = now or timezone.now()
    report = EmergencyReport.objects.filter(emergency=emergency).first()
    if report is None:
        raise ValidationError(MSG_FIRST_REPORT_FIRST)
    errors = {}
    if at > now:
        errors["at"] = MSG_SENT_IN_FUTURE
    elif at < report.sent_at:
        errors["at"] = MSG_FOLLOW_UP_BEFORE_REPORT
    if not text.strip():
        errors["text"] = MSG_WRITE_REPORT
    if errors:
        raise ValidationError(errors)
    follow_up = EmergencyFollowUp(emergency=emergency, at=at, text=text, recorded_by=recorded_by)
    acting(follow_up, acting_user).save()
    _attach(attachments, acting_user, follow_up=follow_up)
    return follow_up
