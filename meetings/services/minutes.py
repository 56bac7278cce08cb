"""Minutes (M-M1..M-M5): drafted from the records when the meeting closes, edited by the recorder,
approved by the chair with the next number of the committee's year (gapless, M-M2) and a
fingerprint, corrected only by a new version, distributed and acknowledged (M-M4)."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from committees.actors import acting, person_of
from committees.models import Committee, Person
from committees.rules import RuleViolation
from meetings import rules
from meetings.models import Meeting, Minutes, MinutesCounter, MinutesRecipient, MinutesStatus, RecipientKind
from meetings.selectors.attendance import members_due
from meetings.selectors.minutes import minutes_content, minutes_editors

from .locks import acting_at

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_APPROVED_MINUTES_LOCKED_CORRECTION_NEW_VERSION = gettext_lazy(
    "Approved minutes are locked; a correction is a new version."
)
MSG_DESIGNATED_RECORDER_EDITS_MINUTES = gettext_lazy("The designated recorder edits the minutes.")
MSG_MINUTES_ALREADY_APPROVED = gettext_lazy("These minutes are already approved.")
MSG_CHAIR_MEETING_APPROVES_MINUTES = gettext_lazy("The chair of the meeting approves its minutes.")
MSG_ONLY_APPROVED_MINUTES_CORRECTED = gettext_lazy("Only approved minutes are corrected.")
MSG_CORRECTION_MINUTES_ALREADY_EXISTS = gettext_lazy("A correction of these minutes already exists.")
MSG_ONLY_APPROVED_MINUTES_DISTRIBUTED = gettext_lazy("Only approved minutes are distributed.")
MSG_MINUTES_IMPORTANT_MATTERS_ALSO_GO_LEADER = gettext_lazy(
    "Minutes of important matters also go to the leader in charge at the higher level."
)
MSG_ONLY_RECIPIENT_ACKNOWLEDGES_MINUTES = gettext_lazy("Only the recipient acknowledges the minutes.")


def _search_text(title: str, summary: str, content: dict) -> str:
    """The searchable text: confidential items stay out, so a search reveals nothing (M-M3)."""
    parts = [title, summary]
    for item in content.get("items", []):
        if item.get("is_confidential"):
            continue
        parts.append(item["title"])
        if item.get("decision"):
            parts.append(item["decision"]["resolution"])
    return "\n".join(p for p in parts if p)


def _minutes_title(meeting_title: str) -> str:
    """The minutes' title – "Minutes of <the meeting's title>" – within the title's bound: a meeting titled at its own
    bound is shortened with "…" rather than the minutes not being drafted (closing would fail)."""
    limit = Minutes._meta.get_field("title").max_length
    title = _("Minutes of %(title)s") % {"title": meeting_title}
    if len(title) > limit:
        kept = max(0, len(meeting_title) - (len(title) - limit) - 1)
        title = _("Minutes of %(title)s") % {"title": meeting_title[:kept] + "…"}
    return title


@transaction.atomic
def draft_minutes(meeting: Meeting, *, acting_user: User, corrects: Minutes | None = None) -> Minutes:
    """Closing a meeting drafts its minutes from the records (M-M3); the recorder edits the summary."""
    with override(settings.LANGUAGE_CODE):
        content = minutes_content(meeting)
        title = _minutes_title(meeting.title)
    minutes = Minutes(
        committee=meeting.committee,
        meeting=meeting,
        corrects=corrects,
        title=title,
        summary=corrects.summary if corrects else "",
        content=content,
        search_text=_search_text(title, "", content),
        rule_set_version=meeting.rule_set_version,
    )
    acting(minutes, acting_user).save()
    return minutes


@transaction.atomic
def edit_minutes(minutes: Minutes, *, acting_user: User, summary: str, regenerate: bool = False) -> Minutes:
    """The recorder edits the draft (M-M1). Approved minutes are locked."""
    by = person_of(acting_user)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise RuleViolation("M-M5", str(MSG_APPROVED_MINUTES_LOCKED_CORRECTION_NEW_VERSION))
    if by is None or by.pk not in minutes_editors(minutes.meeting):
        raise RuleViolation("M-M1", str(MSG_DESIGNATED_RECORDER_EDITS_MINUTES))
    minutes.summary = summary.strip()
    if regenerate:
        with override(settings.LANGUAGE_CODE):
            minutes.content = minutes_content(minutes.meeting)
    minutes.search_text = _search_text(minutes.title, minutes.summary, minutes.content)
    acting(minutes, acting_user).save()
    return minutes


def fingerprint(minutes: Minutes) -> str:
    """SHA-256 of the approved content: title, number, summary and the generated record."""
    payload = {
        "title": minutes.title,
        "number": minutes.number_display,
        "summary": minutes.summary,
        "content": minutes.content,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def allocate_minutes_number(committee: Committee, year: int) -> int:
    """M-M2: the next number of the committee's minutes in ``year``. The counter row is created
    if missing (ON CONFLICT DO NOTHING) and locked with SELECT … FOR UPDATE, so concurrent
    approvals wait for each other: gapless, never reused. Call inside the approving transaction."""
    MinutesCounter.objects.bulk_create([MinutesCounter(committee=committee, year=year)], ignore_conflicts=True)
    counter = MinutesCounter.objects.select_for_update().get(committee=committee, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def approve_minutes(minutes: Minutes, *, acting_user: User, at: datetime.datetime | None = None) -> Minutes:
    """The chair approves the minutes: they get the next number of the committee's year (the
    year of approval, Asia/Shanghai) and are locked with a SHA-256 fingerprint. A correction
    supersedes the version it corrects (which stays readable)."""
    by = person_of(acting_user)
    at = acting_at(at)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.is_locked:
        raise ValidationError(MSG_MINUTES_ALREADY_APPROVED)
    if by is None or by.pk != minutes.meeting.chair_id:
        raise RuleViolation("M-M1", str(MSG_CHAIR_MEETING_APPROVES_MINUTES))
    minutes.year = timezone.localdate(at).year
    minutes.number = allocate_minutes_number(minutes.committee, minutes.year)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at, minutes.approved_by = at, by
    minutes.fingerprint = fingerprint(minutes)
    acting(minutes, acting_user).save()
    if minutes.corrects_id:
        Minutes.objects.filter(pk=minutes.corrects_id).update(status=MinutesStatus.SUPERSEDED)
    return minutes


@transaction.atomic
def correct_minutes(minutes: Minutes, *, acting_user: User) -> Minutes:
    """A correction of approved minutes is a new draft that references them (M-M5: nothing is
    overwritten)."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(MSG_ONLY_APPROVED_MINUTES_CORRECTED)
    if Minutes.objects.filter(corrects=minutes).exists():
        raise ValidationError(MSG_CORRECTION_MINUTES_ALREADY_EXISTS)
    return draft_minutes(minutes.meeting, acting_user=acting_user, corrects=minutes)


@transaction.atomic
def distribute_minutes(
    minutes: Minutes,
    *,
    departments: Iterable[str] = (),
    higher_leaders: Iterable[Person] = (),
    at: datetime.datetime | None = None,
    acting_user: User,
) -> list[MinutesRecipient]:
    """M-M4: approved minutes go to the members due, the departments concerned and – for
    important matters – the leader in charge at the higher level."""
    at = acting_at(at)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(MSG_ONLY_APPROVED_MINUTES_DISTRIBUTED)
    higher_leaders = list(higher_leaders)
    has_important = any(i["category"] in rules.IMPORTANT_CATEGORIES for i in minutes.content.get("items", []))
    if has_important and not higher_leaders:
        raise RuleViolation("M-M4", str(MSG_MINUTES_IMPORTANT_MATTERS_ALSO_GO_LEADER))
    rows = [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.MEMBER, person=a.person, sent_at=at)
        for a in members_due(minutes.meeting)
    ]
    rows += [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.DEPARTMENT, department=d.strip(), sent_at=at)
        for d in departments
        if d.strip()
    ]
    rows += [
        MinutesRecipient(minutes=minutes, kind=RecipientKind.HIGHER_LEADER, person=p, sent_at=at)
        for p in higher_leaders
    ]
    MinutesRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    return list(minutes.recipients.all())


@transaction.atomic
def acknowledge_minutes(recipient: MinutesRecipient, *, person: Person, at=None, acting_user: User) -> MinutesRecipient:
    """M-M4: the recipient acknowledges reading."""
    if recipient.person_id != person.pk:
        raise ValidationError(MSG_ONLY_RECIPIENT_ACKNOWLEDGES_MINUTES)
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = acting_at(at)
        acting(recipient, acting_user).save(update_fields=["acknowledged_at"])
    return recipient
