"""Actions on the yearly democratic life meeting: plan it, prepare it (opinions, talks,
materials), schedule its meeting, postpone it only with the higher-level committee's approval
(DL-2), record rectification measures as engine deadlines (DL-3) and the written report (DL-4)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import bounds
from committees.actors import acting, person_of, system_user
from committees.models import Committee, Person
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import current_rules
from meetings import phrases
from meetings.messages import MSG_NO_RULE_SET_APPLIES
from meetings.models import Meeting, MeetingKind, MeetingStatus
from meetings.services.scheduling import checks_reschedule, create_meeting
from reporting import deadlines
from reporting.channels import one_line
from reporting.periodic import rules as periodic_rules
from reporting.periodic import services as periodic_services
from reporting.periodic.models import PeriodicObligation, PeriodicReportKind
from reporting.schedules import days_schedule

from . import rules, selectors
from .models import (
    CollectedOpinion,
    ComparisonMaterial,
    DemocraticLifeRecord,
    HeartToHeartTalk,
    PostponementRequest,
    PostponementStatus,
    RectificationMeasure,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_DEMOCRATIC_LIFE_MEETING_PLANNED_HOLDING_POSTPONEMENT = gettext_lazy(
    "The democratic life meeting of %(committee)s is planned for %(planned)s; holding it on %(day)s is a "
    "postponement and needs the approval of the higher-level committee."
)
MSG_DEMOCRATIC_LIFE_MEETING_PLANNED_WITHIN = gettext_lazy(
    "The democratic life meeting of %(year)s is planned within %(year)s."
)
MSG_ALREADY_DEMOCRATIC_LIFE_MEETING = gettext_lazy("%(committee)s already has a democratic life meeting for %(year)s.")
MSG_MEETING_ALREADY_SCHEDULED = gettext_lazy("The meeting is already scheduled.")
MSG_CHOOSE_DEMOCRATIC_LIFE_MEETING_SAME_COMMITTEE = gettext_lazy(
    "Choose a democratic life meeting of the same committee."
)
MSG_MEETING_BELONGS_ANOTHER_YEAR_RECORD = gettext_lazy("This meeting belongs to another year's record.")
MSG_NO_HIGHER_LEVEL_COMMITTEE_HERE_APPROVE = gettext_lazy(
    "%(committee)s has no higher-level committee here to approve a postponement."
)
MSG_MEETING_ALREADY_TAKEN_PLACE = gettext_lazy("The meeting has already taken place.")
MSG_GIVE_SPECIAL_CIRCUMSTANCES = gettext_lazy("Give the special circumstances.")
MSG_POSTPONEMENT_MOVES_DATE_AFTER = gettext_lazy("A postponement moves the date after %(day)s.")
MSG_POSTPONEMENT_REQUEST_ALREADY_WAITING_HIGHER_LEVEL = gettext_lazy(
    "A postponement request is already waiting for the higher-level committee."
)
MSG_REQUEST_ALREADY_DECIDED = gettext_lazy("This request has already been decided.")
MSG_ONLY_PRINCIPAL_LEADER_STANDING_COMMITTEE_DECIDES = gettext_lazy(
    "Only the principal leader or the standing committee of %(committee)s decides this postponement."
)
MSG_GIVE_REASON_REFUSING = gettext_lazy("Give the reason for refusing.")
MSG_SUMMARISE_OPINION = gettext_lazy("Summarise the opinion.")
MSG_DATE_CANNOT_BE_IN_FUTURE = gettext_lazy("The date cannot be in the future.")
MSG_OPINIONS_COLLECTED_BEFORE_MEETING_DL_1 = gettext_lazy("Opinions are collected before the meeting (DL-1).")
MSG_TALK_BETWEEN_TWO_MEMBERS = gettext_lazy("A talk is between two members.")
MSG_BOTH_MUST_MEMBERS_LEADERSHIP_TEAM = gettext_lazy("Both must be members of the leadership team.")
MSG_NOT_LEADERSHIP_TEAM = gettext_lazy("%(person)s is not on the leadership team.")
MSG_WRITE_MATERIAL_ATTACH = gettext_lazy("Write the material or attach it.")
MSG_ALREADY_SUBMITTED_MATERIAL = gettext_lazy("%(person)s has already submitted the material.")
MSG_PROBLEMS_RECORDED_ONCE_MEETING_TAKEN_PLACE = gettext_lazy("Problems are recorded once the meeting has taken place.")
MSG_DESCRIBE_PROBLEM_MEASURE = gettext_lazy("Describe the problem and the measure.")
MSG_MEASURE_ALREADY_COMPLETED = gettext_lazy("This measure is already completed.")
MSG_SAY_HOW_RECTIFIED = gettext_lazy("Say how it was rectified.")
MSG_OWES_NO_WRITTEN_REPORT_HIGHER_LEVEL = gettext_lazy(
    "%(committee)s owes no written report to a higher-level committee here."
)
MSG_REPORT_FOLLOWS_MEETING_CLOSE_MEETING = gettext_lazy("The report follows the meeting: close the meeting first.")
MSG_SUBMIT_REPORT_FIRST = gettext_lazy("Submit the report first.")
MSG_MEETING_SCHEDULED = gettext_lazy("The meeting is scheduled for %(day)s.")
MSG_TALK_BETWEEN_ALREADY_RECORDED = gettext_lazy("The talk between %(a)s and %(b)s is already recorded.")


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _lock(record: DemocraticLifeRecord) -> DemocraticLifeRecord:
    return (
        DemocraticLifeRecord.objects.select_for_update(of=("self",))
        .select_related("committee", "committee__parent", "meeting")
        .get(pk=record.pk)
    )


def _in_year(year: int, day: datetime.date, field: str) -> None:
    if day.year != year:
        raise ValidationError({field: MSG_DEMOCRATIC_LIFE_MEETING_PLANNED_WITHIN % {"year": year}})


def _refuse_postponement(record: DemocraticLifeRecord, new_day: datetime.date) -> None:
    """DL-2 (block): a later date than planned needs the higher-level committee's approval. An
    approval moves the planned date, so a pending or rejected request allows nothing."""
    if not rules.is_postponement(record.year, record.planned_date, new_day):
        return
    planned = record.planned_date.isoformat() if record.planned_date else str(record.year)
    raise RuleViolation(
        "DL-2",
        MSG_DEMOCRATIC_LIFE_MEETING_PLANNED_HOLDING_POSTPONEMENT
        % {"committee": record.committee, "planned": planned, "day": new_day.isoformat()},
    )


# --------------------------------------------------------------------------- the record


@transaction.atomic
def create_record(
    *,
    committee: Committee,
    year: int,
    theme: str = "",
    planned_date: datetime.date | None = None,
    acting_user: User,
) -> DemocraticLifeRecord:
    """M-C3 / DL-1: the year's democratic life meeting of a committee's leadership team."""
    by = person_of(acting_user)
    bounds.require_dates(planned_date=planned_date)
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET_APPLIES % {"committee": committee})
    if planned_date is not None:
        _in_year(year, planned_date, "planned_date")
    if DemocraticLifeRecord.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(MSG_ALREADY_DEMOCRATIC_LIFE_MEETING % {"committee": committee, "year": year})
    record = DemocraticLifeRecord(
        committee=committee,
        year=year,
        theme=theme.strip(),
        planned_date=planned_date,
        rule_set_version=version,
        created_by=by,
    )
    acting(record, acting_user).save()
    return record


@transaction.atomic
def update_record(
    record: DemocraticLifeRecord,
    *,
    theme: str | None = None,
    planned_date: datetime.date | None = None,
    acting_user: User,
) -> DemocraticLifeRecord:
    """Set the theme and the planned date. Bringing the date forward is free; moving it later is a
    postponement (DL-2) – that goes through ``request_postponement``."""
    bounds.require_dates(planned_date=planned_date)
    record = _lock(record)
    if theme is not None:
        record.theme = theme.strip()
    if planned_date is not None and planned_date != record.planned_date:
        if record.planned_date is None:
            _in_year(record.year, planned_date, "planned_date")
        _refuse_postponement(record, planned_date)
        if record.meeting_id and record.meeting.date > planned_date:
            raise ValidationError({"planned_date": MSG_MEETING_SCHEDULED % {"day": record.meeting.date.isoformat()}})
        record.planned_date = planned_date
    acting(record, acting_user).save()
    return record


@transaction.atomic
def schedule_meeting(
    record: DemocraticLifeRecord,
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    title: str = "",
    place: str = "",
    acting_user: User,
) -> Meeting:
    """Create the meeting (kind DEMOCRATIC_LIFE) through the meetings service and link it. Its
    date may not be later than planned without an approved postponement (DL-2)."""
    bounds.require_dates(start_at=start_at, end_at=end_at)
    record = _lock(record)
    if record.meeting_id:
        raise ValidationError(MSG_MEETING_ALREADY_SCHEDULED)
    day = timezone.localdate(start_at)
    if record.planned_date is None:
        _in_year(record.year, day, "start_at")
    _refuse_postponement(record, day)
    meeting = create_meeting(
        committee=record.committee,
        kind=MeetingKind.DEMOCRATIC_LIFE,
        title=title.strip() or _("Democratic life meeting %(year)s") % {"year": record.year},
        start_at=start_at,
        end_at=end_at,
        place=place,
        acting_user=acting_user,
    )
    record.meeting = meeting
    if record.planned_date is None:
        record.planned_date = day
    acting(record, acting_user).save(update_fields=["meeting", "planned_date"])
    return meeting


@transaction.atomic
def link_meeting(record: DemocraticLifeRecord, meeting: Meeting, *, acting_user: User) -> DemocraticLifeRecord:
    """Attach a democratic life meeting created on the meetings pages to the year's record."""
    record = _lock(record)
    if record.meeting_id:
        raise ValidationError(MSG_MEETING_ALREADY_SCHEDULED)
    if meeting.kind != MeetingKind.DEMOCRATIC_LIFE or meeting.committee_id != record.committee_id:
        raise ValidationError(MSG_CHOOSE_DEMOCRATIC_LIFE_MEETING_SAME_COMMITTEE)
    if DemocraticLifeRecord.objects.filter(meeting=meeting).exists():
        raise ValidationError(MSG_MEETING_BELONGS_ANOTHER_YEAR_RECORD)
    if record.planned_date is None:
        _in_year(record.year, meeting.date, "meeting")
    _refuse_postponement(record, meeting.date)
    record.meeting = meeting
    record.planned_date = record.planned_date or meeting.date
    acting(record, acting_user).save(update_fields=["meeting", "planned_date"])
    return record


@checks_reschedule(MeetingKind.DEMOCRATIC_LIFE)
def check_reschedule(meeting: Meeting, start_at: datetime.datetime) -> None:
    """DL-2, checked by ``meetings.services.scheduling.update_meeting``: moving a democratic life
    meeting past its planned date (or out of its year) is refused without the higher-level
    committee's approval."""
    record = (
        DemocraticLifeRecord.objects.select_for_update(of=("self",))
        .select_related("committee")
        .filter(meeting=meeting)
        .first()
    )
    if record is None:
        return
    day = timezone.localdate(start_at)
    if record.planned_date is None:
        _in_year(record.year, day, "start_at")
    _refuse_postponement(record, day)


# --------------------------------------------------------------------------- DL-2 postponement


@transaction.atomic
def request_postponement(
    record: DemocraticLifeRecord,
    *,
    to_date: datetime.date,
    reason: str,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> PostponementRequest:
    """DL-2: special circumstances – ask the higher-level committee to agree to a later date."""
    by = person_of(acting_user)
    bounds.require_dates(to_date=to_date)
    at = _now(at)
    record = _lock(record)
    parent = record.committee.parent
    if parent is None:
        raise RuleViolation(
            "DL-2",
            MSG_NO_HIGHER_LEVEL_COMMITTEE_HERE_APPROVE % {"committee": record.committee},
        )
    if record.meeting_id and record.meeting.status in selectors.HELD_STATES:
        raise ValidationError(MSG_MEETING_ALREADY_TAKEN_PLACE)
    if not reason.strip():
        raise ValidationError({"reason": MSG_GIVE_SPECIAL_CIRCUMSTANCES})
    current = record.planned_date or datetime.date(record.year, 12, 31)
    if to_date <= current:
        raise ValidationError({"to_date": MSG_POSTPONEMENT_MOVES_DATE_AFTER % {"day": current.isoformat()}})
    if record.postponements.filter(status=PostponementStatus.PENDING).exists():
        raise ValidationError(MSG_POSTPONEMENT_REQUEST_ALREADY_WAITING_HIGHER_LEVEL)
    postponement = PostponementRequest(
        record=record,
        approving_committee=parent,
        from_date=current,
        to_date=to_date,
        reason=reason.strip(),
        requested_by=by,
        requested_at=at,
    )
    acting(postponement, acting_user).save()
    return postponement


@transaction.atomic
def decide_postponement(
    request: PostponementRequest,
    *,
    approve: bool,
    decided_as: str,
    acting_user: User,
    note: str = "",
    at: datetime.datetime | None = None,
) -> PostponementRequest:
    """DL-2: the higher-level committee agrees or refuses – its principal leader, or its standing
    committee as recorded by its secretary, a deputy or its office. An approval moves the planned
    date; the meeting itself is then moved on the meetings pages."""
    by = person_of(acting_user)
    at = _now(at)
    request = PostponementRequest.objects.select_for_update().select_related("approving_committee").get(pk=request.pk)
    if not request.is_pending:
        raise ValidationError(MSG_REQUEST_ALREADY_DECIDED)
    held = selectors.roles_held(by, request.approving_committee, timezone.localdate(at))
    if not rules.may_decide_postponement(held, decided_as):
        raise RuleViolation(
            "DL-2",
            MSG_ONLY_PRINCIPAL_LEADER_STANDING_COMMITTEE_DECIDES % {"committee": request.approving_committee},
        )
    if not approve and not note.strip():
        raise ValidationError({"note": MSG_GIVE_REASON_REFUSING})
    request.status = PostponementStatus.APPROVED if approve else PostponementStatus.REJECTED
    request.decided_as = decided_as
    request.decided_by = by
    request.decided_at = at
    request.decision_note = note.strip()
    acting(request, acting_user).save()
    if approve:
        record = _lock(request.record)
        record.planned_date = max(request.to_date, record.planned_date or request.to_date)
        acting(record, acting_user).save(update_fields=["planned_date"])
    return request


# --------------------------------------------------------------------------- DL-1 preparation


def _team_ids(record: DemocraticLifeRecord) -> set[int]:
    return {a.person_id for a in selectors.members_due(record)}


def _not_held(record: DemocraticLifeRecord) -> None:
    if record.meeting_id and record.meeting.status in selectors.HELD_STATES:
        raise ValidationError(MSG_MEETING_ALREADY_TAKEN_PLACE)


@transaction.atomic
def add_opinion(
    record: DemocraticLifeRecord,
    *,
    source: str,
    summary: str,
    collected_on: datetime.date,
    source_detail: str = "",
    concerns: Person | None = None,
    acting_user: User,
) -> CollectedOpinion:
    """DL-1: opinions and suggestions collected from all sides before the meeting."""
    by = person_of(acting_user)
    bounds.require_dates(collected_on=collected_on)
    record = _lock(record)
    if not summary.strip():
        raise ValidationError({"summary": MSG_SUMMARISE_OPINION})
    if collected_on > timezone.localdate():
        raise ValidationError({"collected_on": MSG_DATE_CANNOT_BE_IN_FUTURE})
    if record.meeting_id and collected_on > record.meeting.date:
        raise ValidationError({"collected_on": MSG_OPINIONS_COLLECTED_BEFORE_MEETING_DL_1})
    opinion = CollectedOpinion(
        record=record,
        source=source,
        source_detail=source_detail.strip(),
        summary=summary.strip(),
        collected_on=collected_on,
        concerns=concerns,
        recorded_by=by,
    )
    acting(opinion, acting_user).save()
    return opinion


@transaction.atomic
def record_talk(
    record: DemocraticLifeRecord,
    *,
    person: Person,
    other: Person,
    talked_on: datetime.date,
    note: str = "",
    acting_user: User,
) -> HeartToHeartTalk:
    """DL-1 (002 §11): two team members talked to each other before the meeting."""
    by = person_of(acting_user)
    bounds.require_dates(talked_on=talked_on)
    record = _lock(record)
    _not_held(record)
    if person.pk == other.pk:
        raise ValidationError(MSG_TALK_BETWEEN_TWO_MEMBERS)
    team = _team_ids(record)
    if person.pk not in team or other.pk not in team:
        raise ValidationError(MSG_BOTH_MUST_MEMBERS_LEADERSHIP_TEAM)
    if talked_on > timezone.localdate():
        raise ValidationError({"talked_on": MSG_DATE_CANNOT_BE_IN_FUTURE})
    a, b = rules.pair_key(person.pk, other.pk)
    try:
        with transaction.atomic():
            talk = HeartToHeartTalk(
                record=record, person_a_id=a, person_b_id=b, talked_on=talked_on, note=note.strip(), recorded_by=by
            )
            acting(talk, acting_user).save()
            return talk
    except IntegrityError:
        raise ValidationError(MSG_TALK_BETWEEN_ALREADY_RECORDED % {"a": person, "b": other}) from None


@transaction.atomic
def submit_material(
    record: DemocraticLifeRecord,
    *,
    person: Person,
    text: str = "",
    file: UploadedFile | None = None,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> ComparisonMaterial:
    """DL-1 / 003 五: each member prepares a comparison and self-examination material before the
    meeting (联系自身的思想、工作实际)."""
    by = person_of(acting_user)
    at = _now(at)
    record = _lock(record)
    _not_held(record)
    if person.pk not in _team_ids(record):
        raise ValidationError(MSG_NOT_LEADERSHIP_TEAM % {"person": person})
    if not text.strip() and not file:
        raise ValidationError({"text": MSG_WRITE_MATERIAL_ATTACH})
    if record.materials.filter(person=person).exists():
        raise ValidationError(MSG_ALREADY_SUBMITTED_MATERIAL % {"person": person})
    material = ComparisonMaterial(record=record, person=person, text=text.strip(), submitted_at=at, recorded_by=by)
    if file:
        material.file = file
    acting(material, acting_user).save()
    return material


# --------------------------------------------------------------------------- DL-3 rectification


def _held(record: DemocraticLifeRecord) -> Meeting:
    if record.meeting_id is None or record.meeting.status not in selectors.HELD_STATES:
        raise ValidationError(MSG_PROBLEMS_RECORDED_ONCE_MEETING_TAKEN_PLACE)
    return record.meeting


@transaction.atomic
def add_measure(
    record: DemocraticLifeRecord,
    *,
    problem: str,
    measure: str,
    responsible: Person,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> RectificationMeasure:
    """DL-3 (003 民主生活会 六): a problem found at the meeting gets a rectification measure and a
    person responsible, due the rule set's ``dl_rectification_months`` (one) after the meeting;
    the deadline engine reminds the person and escalates when it is overdue."""
    by = person_of(acting_user)
    at = _now(at)
    record = _lock(record)
    meeting = _held(record)
    if not problem.strip() or not measure.strip():
        raise ValidationError(MSG_DESCRIBE_PROBLEM_MEASURE)
    if responsible.pk not in _team_ids(record):
        raise ValidationError({"responsible": MSG_NOT_LEADERSHIP_TEAM % {"person": responsible}})
    version = current_rules(record.committee)
    due = rules.rectification_due_date(meeting.date, version.dl_rectification_months)
    item = RectificationMeasure(
        record=record,
        problem=problem.strip(),
        measure=measure.strip(),
        responsible=responsible,
        due_date=due,
        created_by=by,
        rule_set_version=version,
    )
    acting(item, acting_user).save()
    title = stored(
        phrases.DEADLINE_DEMOCRATIC_LIFE_RECTIFICATION, year=record.year, measure=one_line(item.measure[:80])
    )
    deadlines.register(
        subject=item,
        committee=record.committee,
        title=title,
        due_at=rules.end_of_day(due, timezone.get_default_timezone()),
        rule_id="DL-3",
        schedule=days_schedule(before=(7, 1)),
        owner=responsible,
        url=page_url("democratic_life_detail", record.pk),
        rule_set_version=version,
        now=at,
        acting_user=acting_user,
    )
    return item


@transaction.atomic
def complete_measure(
    measure: RectificationMeasure, *, note: str, acting_user: User, at: datetime.datetime | None = None
) -> RectificationMeasure:
    """DL-3: the measure is carried out – its deadline is met (a late completion is shown late)."""
    by = person_of(acting_user)
    at = _now(at)
    measure = RectificationMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.completed_at is not None:
        raise ValidationError(MSG_MEASURE_ALREADY_COMPLETED)
    if not note.strip():
        raise ValidationError({"note": MSG_SAY_HOW_RECTIFIED})
    measure.completed_at = at
    measure.completion_note = note.strip()
    measure.completed_by = by
    acting(measure, acting_user).save()
    deadlines.met(measure, at=at, acting_user=acting_user)
    return measure


# --------------------------------------------------------------------------- DL-4 written report


def _obligation_for(record: DemocraticLifeRecord, now: datetime.datetime) -> PeriodicObligation:
    """The yearly periodic report (kind DEMOCRATIC_LIFE) that covers the meeting: the one the
    daily generation made, or made now the same way when it has not run for this year."""
    found = selectors.report_obligation(record)
    if found is not None:
        return found
    committee = record.committee
    if not selectors.owes_report(committee):
        raise ValidationError(MSG_OWES_NO_WRITTEN_REPORT_HIGHER_LEVEL % {"committee": committee})
    rule = periodic_rules.KIND_RULES[PeriodicReportKind.DEMOCRATIC_LIFE]
    period = periodic_rules.periods_for(rule, record.meeting.date.year, None)[0]
    return periodic_services.ensure_obligation(
        PeriodicReportKind.DEMOCRATIC_LIFE,
        committee,
        period,
        version=current_rules(committee),
        now=now,
        acting_user=system_user(),  # made as the daily generation would have made it
    )


@transaction.atomic
def link_report(
    record: DemocraticLifeRecord, *, at: datetime.datetime | None = None, acting_user: User
) -> PeriodicObligation:
    """DL-4: once the meeting has been held, its written report is an obligation – the yearly
    periodic report to the higher-level committee, linked to the record."""
    at = _now(at)
    record = _lock(record)
    if record.meeting_id is None or record.meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(MSG_REPORT_FOLLOWS_MEETING_CLOSE_MEETING)
    obligation = _obligation_for(record, at)
    if record.report_obligation_id != obligation.pk:
        record.report_obligation = obligation
        acting(record, acting_user).save(update_fields=["report_obligation"])
    return obligation


@transaction.atomic
def submit_report(
    record: DemocraticLifeRecord,
    *,
    text: str = "",
    attachment: UploadedFile | None = None,
    acting_user: User,
    at: datetime.datetime | None = None,
) -> PeriodicObligation:
    """DL-4 (003 民主生活会 七): the written report goes to the higher-level committee and the
    discipline body in one submission; the periodic report's deadline is met."""
    by = person_of(acting_user)
    at = _now(at)
    obligation = link_report(record, at=at, acting_user=acting_user)
    obligation = periodic_services.submit(
        obligation, text=text, attachment=attachment, submitted_by=by, at=at, acting_user=acting_user
    )
    DemocraticLifeRecord.objects.filter(pk=record.pk).update(discipline_report_sent_at=at)
    return obligation


@transaction.atomic
def record_discipline_copy(
    record: DemocraticLifeRecord, *, at: datetime.datetime | None = None, acting_user: User
) -> None:
    """DL-4: the report was submitted on the periodic-reports page; its copy to the discipline
    body is recorded here."""
    at = _now(at)
    obligation = link_report(record, at=at, acting_user=acting_user)
    if obligation.submitted_at is None:
        raise ValidationError(MSG_SUBMIT_REPORT_FIRST)
    DemocraticLifeRecord.objects.filter(pk=record.pk, discipline_report_sent_at__isnull=True).update(
        discipline_report_sent_at=at
    )
