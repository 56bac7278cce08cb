"""The yearly democratic life meeting: preparation (DL-1), postponement only with the
higher-level committee's approval (DL-2), rectification within the rule set's months (DL-3),
the written report as a periodic obligation (DL-4)."""

import datetime
import zoneinfo
from itertools import combinations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from committees import services as committee_services
from committees.actors import system_user
from committees.models import RuleSet
from committees.rules import RuleViolation
from meetings.democratic_life import rules, selectors, services
from meetings.democratic_life.models import DecidedAs, PostponementStatus
from meetings.democratic_life.services import (
    MSG_BOTH_MUST_MEMBERS_LEADERSHIP_TEAM,
    MSG_PROBLEMS_RECORDED_ONCE_MEETING_TAKEN_PLACE,
    MSG_REPORT_FOLLOWS_MEETING_CLOSE_MEETING,
    MSG_TALK_BETWEEN_ALREADY_RECORDED,
    MSG_TALK_BETWEEN_TWO_MEMBERS,
)
from meetings.models import MeetingStatus
from meetings.services.attendance import mark_absent, record_leave
from meetings.services.scheduling import update_meeting
from meetings.services.session import close_meeting
from reporting import deadlines
from reporting.models import DeadlineState, Notification
from reporting.periodic import services as periodic_services
from reporting.periodic.models import PeriodicObligation, PeriodicReportKind
from tests.meetings.factories import login_of, open_with, sh
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def schedule(record, team, start=None):
    start = start or sh(2026, 11, 30, 9)
    return services.schedule_meeting(
        record, start_at=start, end_at=start + datetime.timedelta(hours=3), acting_user=login_of(team.office)
    )


def held(record, team, *, close=True):
    """The record's meeting, held with everyone present, and closed."""
    meeting = record.meeting or schedule(record, team)
    meeting = open_with(meeting, team, team.everyone)
    if close:
        close_meeting(meeting, acting_user=login_of(team.office), at=meeting.start_at + datetime.timedelta(hours=2))
    record.refresh_from_db()
    return record.meeting


def overview(record, user):
    """The detail page's data, its warnings in English whatever the interface language."""
    record = selectors.record_for_page(user, record.pk)
    with translation.override("en"):
        return selectors.overview(record, user)


# --------------------------------------------------------------------------- DL-1


def test_dl_1_talk_coverage_counts_every_pair_of_members():
    coverage = rules.talk_coverage([3, 1, 2], [(2, 1), (1, 9)])
    assert coverage.total == 3
    assert coverage.done == {(1, 2)}  # the talk with 9 (not on the team) does not count
    assert coverage.missing == [(1, 3), (2, 3)]


def test_dl_1_warns_before_the_meeting_until_every_pair_has_talked(record, team):
    schedule(record, team)
    pairs = list(combinations(team.everyone, 2))
    for a, b in pairs[:-1]:
        services.record_talk(
            record, person=b, other=a, talked_on=datetime.date(2026, 11, 10), acting_user=login_of(team.office)
        )
    board = overview(record, team.secretary.user)
    last_a, last_b = pairs[-1]
    talk_warnings = [w for w in board.preparation_warnings if "1 of 10 pairs" in w]
    assert len(talk_warnings) == 1
    assert f"{last_a.name}–{last_b.name}" in talk_warnings[0]
    assert board.coverage.done_count == 9

    services.record_talk(
        record, person=last_a, other=last_b, talked_on=datetime.date(2026, 11, 11), acting_user=system_user()
    )
    board = overview(record, team.secretary.user)
    assert board.coverage.is_complete
    assert not [w for w in board.preparation_warnings if "pairs" in w]


def test_dl_1_a_talk_is_recorded_once_per_pair_whoever_is_named_first(record, team):
    services.record_talk(
        record,
        person=team.secretary,
        other=team.members[0],
        talked_on=datetime.date(2026, 11, 10),
        acting_user=system_user(),
    )
    with pytest.raises(ValidationError) as refused:
        services.record_talk(
            record,
            person=team.members[0],
            other=team.secretary,
            talked_on=datetime.date(2026, 11, 12),
            acting_user=system_user(),
        )
    assert refused.value.messages == [MSG_TALK_BETWEEN_ALREADY_RECORDED % {"a": team.members[0], "b": team.secretary}]


def test_dl_1_talks_are_between_team_members(record, team):
    with pytest.raises(ValidationError) as refused:
        services.record_talk(
            record,
            person=team.secretary,
            other=team.office,
            talked_on=datetime.date(2026, 11, 10),
            acting_user=system_user(),
        )
    assert refused.value.messages == [MSG_BOTH_MUST_MEMBERS_LEADERSHIP_TEAM]
    with pytest.raises(ValidationError) as refused:
        services.record_talk(
            record,
            person=team.secretary,
            other=team.secretary,
            talked_on=datetime.date(2026, 11, 10),
            acting_user=system_user(),
        )
    assert refused.value.messages == [MSG_TALK_BETWEEN_TWO_MEMBERS]


def test_dl_1_members_without_comparison_material_are_named(record, team):
    schedule(record, team)
    for person in team.everyone[:-1]:
        services.submit_material(record, person=person, text="对照检查材料", acting_user=login_of(person))
    board = overview(record, team.secretary.user)
    missing = [w for w in board.preparation_warnings if "material" in w]
    assert len(missing) == 1
    assert team.everyone[-1].name in missing[0] and team.everyone[0].name not in missing[0]
    assert [row.material is not None for row in board.rows] == [True] * 4 + [False]


def test_dl_1_warns_without_theme_or_opinions_and_stops_when_collected(team):
    record = services.create_record(committee=team.committee, year=2026, acting_user=system_user())
    board = overview(record, team.secretary.user)
    assert len([w for w in board.preparation_warnings if w.startswith("DL-1")]) == 4
    services.update_record(record, theme="主题", acting_user=system_user())
    services.add_opinion(
        record,
        source="members_public",
        summary="联系群众不够",
        collected_on=datetime.date(2026, 11, 1),
        acting_user=system_user(),
    )
    board = overview(record, team.secretary.user)
    assert len(board.preparation_warnings) == 2  # talks and materials remain


def test_dl_1_absent_without_leave_or_leave_asked_late_is_warned(record, team):
    meeting = schedule(record, team)
    in_advance, late, absent = team.members[0], team.discipline, team.organization
    present = [p for p in team.everyone if p not in (in_advance, late, absent)]
    meeting = open_with(meeting, team, present)  # everyone else: leave asked before the meeting
    rows = {a.person_id: a for a in meeting.attendances.all()}
    record_leave(
        rows[late.pk],
        reason="临时有事",
        approved_by=team.secretary,
        at=meeting.start_at + datetime.timedelta(hours=1),
        acting_user=system_user(),
    )
    # A leave asked late: re-record the request time as it happened.
    rows[late.pk].refresh_from_db()
    type(rows[late.pk]).objects.filter(pk=rows[late.pk].pk).update(
        leave_requested_at=meeting.start_at + datetime.timedelta(minutes=30)
    )
    mark_absent(rows[absent.pk], acting_user=system_user())
    board = overview(record, team.secretary.user)
    text = " ".join(board.absence_warnings)
    assert len(board.absence_warnings) == 2
    assert absent.name in text and late.name in text and in_advance.name not in text


# --------------------------------------------------------------------------- DL-2


def test_dl_2_moving_the_meeting_past_its_planned_date_is_refused_without_approval(record, team):
    meeting = schedule(record, team)
    with pytest.raises(RuleViolation) as refused:
        update_meeting(meeting, start_at=sh(2026, 12, 1, 9), end_at=sh(2026, 12, 1, 12), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"
    assert "上级" in str(refused.value)  # cites the article
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 11, 30)


def test_dl_2_the_planned_day_itself_and_earlier_days_need_no_approval(record, team):
    meeting = schedule(record, team, start=sh(2026, 11, 27, 9))
    update_meeting(meeting, start_at=sh(2026, 11, 30, 15), end_at=sh(2026, 11, 30, 17), acting_user=system_user())
    update_meeting(meeting, start_at=sh(2026, 11, 20, 9), end_at=sh(2026, 11, 20, 12), acting_user=system_user())
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 11, 20)


def test_dl_2_moving_it_out_of_the_year_is_refused(team):
    record = services.create_record(
        committee=team.committee, year=2026, planned_date=datetime.date(2026, 12, 31), acting_user=system_user()
    )
    meeting = schedule(record, team, start=sh(2026, 12, 31, 9))
    with pytest.raises(RuleViolation) as refused:
        update_meeting(meeting, start_at=sh(2027, 1, 4, 9), end_at=sh(2027, 1, 4, 12), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"


def test_dl_2_scheduling_after_the_planned_date_is_refused(record, team):
    with pytest.raises(RuleViolation) as refused:
        schedule(record, team, start=sh(2026, 12, 2, 9))
    assert refused.value.rule_id == "DL-2"
    with pytest.raises(RuleViolation) as refused:
        services.update_record(record, planned_date=datetime.date(2026, 12, 2), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"


def test_dl_2_allowed_with_the_parent_committees_approval(record, team, parent):
    meeting = schedule(record, team)
    request = services.request_postponement(
        record, to_date=datetime.date(2027, 1, 15), reason="抗洪抢险", acting_user=login_of(team.office)
    )
    assert request.approving_committee == parent.committee
    services.decide_postponement(
        request, approve=True, decided_as=DecidedAs.PRINCIPAL_LEADER, acting_user=login_of(parent.secretary)
    )
    update_meeting(meeting, start_at=sh(2027, 1, 15, 9), end_at=sh(2027, 1, 15, 12), acting_user=system_user())
    meeting.refresh_from_db()
    record.refresh_from_db()
    assert meeting.date == datetime.date(2027, 1, 15)
    assert record.planned_date == datetime.date(2027, 1, 15)
    # The approval covers the approved date, not a day more.
    with pytest.raises(RuleViolation) as refused:
        update_meeting(meeting, start_at=sh(2027, 1, 16, 9), end_at=sh(2027, 1, 16, 12), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"


def test_dl_2_refused_with_a_rejected_request(record, team, parent):
    meeting = schedule(record, team)
    request = services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    services.decide_postponement(
        request,
        approve=False,
        decided_as=DecidedAs.STANDING_COMMITTEE,
        acting_user=login_of(parent.office),
        note="按期召开",
    )
    request.refresh_from_db()
    assert request.status == PostponementStatus.REJECTED
    with pytest.raises(RuleViolation) as refused:
        update_meeting(meeting, start_at=sh(2026, 12, 20, 9), end_at=sh(2026, 12, 20, 12), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"


def test_dl_2_refused_while_the_request_is_pending(record, team):
    meeting = schedule(record, team)
    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        update_meeting(meeting, start_at=sh(2026, 12, 20, 9), end_at=sh(2026, 12, 20, 12), acting_user=system_user())
    assert refused.value.rule_id == "DL-2"


@pytest.mark.parametrize(
    ("who", "decided_as", "allowed"),
    [
        ("parent.secretary", DecidedAs.PRINCIPAL_LEADER, True),
        ("parent.deputy", DecidedAs.PRINCIPAL_LEADER, False),
        ("parent.deputy", DecidedAs.STANDING_COMMITTEE, True),
        ("parent.office", DecidedAs.STANDING_COMMITTEE, True),
        ("parent.member", DecidedAs.STANDING_COMMITTEE, False),
        ("team.secretary", DecidedAs.PRINCIPAL_LEADER, False),  # the committee cannot approve itself
    ],
)
def test_dl_2_only_the_higher_level_committee_decides(record, team, parent, who, decided_as, allowed):
    owner, attribute = who.split(".")
    person = getattr({"parent": parent, "team": team}[owner], attribute)
    request = services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    if allowed:
        services.decide_postponement(request, approve=True, decided_as=decided_as, acting_user=login_of(person))
        record.refresh_from_db()
        assert record.planned_date == datetime.date(2026, 12, 20)
    else:
        with pytest.raises(RuleViolation) as refused:
            services.decide_postponement(request, approve=True, decided_as=decided_as, acting_user=login_of(person))
        assert refused.value.rule_id == "DL-2"


def test_dl_2_a_committee_without_a_higher_level_committee_cannot_postpone(parent):
    from tests.meetings.factories import make_team

    city_team = make_team(5, deputies=1, committee=parent.committee)
    record = services.create_record(
        committee=city_team.committee, year=2026, planned_date=datetime.date(2026, 12, 1), acting_user=system_user()
    )
    with pytest.raises(RuleViolation) as refused:
        services.request_postponement(
            record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
        )
    assert refused.value.rule_id == "DL-2"


def test_dl_2_postponement_inbox_shows_pending_requests_to_the_parent_only(record, team, parent):
    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    assert selectors.postponement_inbox(parent.secretary.user).count() == 1
    assert selectors.postponement_inbox(parent.office.user).count() == 1
    assert selectors.postponement_inbox(parent.member.user).count() == 0
    assert selectors.postponement_inbox(team.secretary.user).count() == 0


# --------------------------------------------------------------------------- DL-3


def test_dl_3_month_arithmetic_keeps_the_day_or_ends_the_month():
    assert rules.rectification_due_date(datetime.date(2026, 11, 30), 1) == datetime.date(2026, 12, 30)
    assert rules.rectification_due_date(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert rules.rectification_due_date(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert rules.rectification_due_date(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)


def test_dl_3_measure_is_due_exactly_one_month_after_the_meeting(record, team):
    meeting = held(record, team)
    measure = services.add_measure(
        record,
        problem="调查研究不够",
        measure="每月下基层",
        responsible=team.members[0],
        at=meeting.closed_at,
        acting_user=system_user(),
    )
    assert measure.due_date == datetime.date(2026, 12, 30)
    deadline = deadlines.for_subject(measure).get()
    assert deadline.rule_id == "DL-3"
    assert deadline.owner == team.members[0]
    assert deadline.due_at == datetime.datetime(2026, 12, 30, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert deadline.rule_set_version == measure.rule_set_version
    assert deadline.url.endswith(f"/{record.pk}/") or deadline.url == ""


def test_dl_3_uses_the_committees_rule_set(record, team):
    meeting = held(record, team)
    rule_set = RuleSet.objects.get(is_default=True)
    version = committee_services.publish_rule_set_version(
        rule_set, note="两个月", dl_rectification_months=2, acting_user=system_user()
    )
    measure = services.add_measure(
        record,
        problem="问题",
        measure="措施",
        responsible=team.secretary,
        at=meeting.closed_at,
        acting_user=system_user(),
    )
    assert measure.due_date == datetime.date(2027, 1, 30)
    assert measure.rule_set_version == version


def test_dl_3_completion_marks_the_deadline_met(record, team):
    meeting = held(record, team)
    measure = services.add_measure(
        record, problem="问题", measure="措施", responsible=team.deputies[0], acting_user=system_user()
    )
    services.complete_measure(measure, note="已整改", at=sh(2026, 12, 30, 23, 59), acting_user=system_user())
    measure.refresh_from_db()
    assert not measure.is_late
    assert deadlines.for_subject(measure).get().state == DeadlineState.MET
    assert meeting.status == MeetingStatus.CLOSED


def test_dl_3_overdue_measure_escalates_to_the_principal_leader(record, team):
    held(record, team)
    measure = services.add_measure(
        record,
        problem="问题",
        measure="措施",
        responsible=team.members[0],
        at=sh(2026, 11, 30, 12),
        acting_user=system_user(),
    )
    deadlines.scan(now=sh(2026, 12, 31, 0, 1))
    deadline = deadlines.for_subject(measure).get()
    assert deadline.state == DeadlineState.OVERDUE
    assert not Notification.objects.filter(deadline=deadline, step_kind="escalation").exists()
    deadlines.scan(now=sh(2027, 1, 1, 0, 1))
    escalated = Notification.objects.filter(deadline=deadline, step_kind="escalation")
    assert {n.recipient for n in escalated} == {team.secretary}


def test_dl_3_problems_are_recorded_once_the_meeting_is_held(record, team):
    schedule(record, team)
    with pytest.raises(ValidationError) as refused:
        services.add_measure(
            record, problem="问题", measure="措施", responsible=team.secretary, acting_user=system_user()
        )
    assert refused.value.messages == [MSG_PROBLEMS_RECORDED_ONCE_MEETING_TAKEN_PLACE]


# --------------------------------------------------------------------------- DL-4


def test_dl_4_after_the_meeting_the_report_is_the_yearly_periodic_obligation(record, team, parent):
    meeting = held(record, team)
    obligation = services.link_report(record, at=meeting.closed_at, acting_user=system_user())
    assert obligation.kind == PeriodicReportKind.DEMOCRATIC_LIFE
    assert obligation.reporting_committee == team.committee
    assert obligation.receiving_committee == parent.committee
    assert obligation.due_date == datetime.date(2027, 1, 15)
    assert deadlines.for_subject(obligation).get().rule_id == "DL-4"
    record.refresh_from_db()
    assert record.report_obligation == obligation


def test_dl_4_reuses_the_obligation_the_daily_generation_made(record, team):
    generated = periodic_services.generate_obligations(
        datetime.date(2026, 11, 25), now=sh(2026, 11, 25, 10), acting_user=clerk()
    )
    mine = [
        o for o in generated if o.kind == PeriodicReportKind.DEMOCRATIC_LIFE and o.reporting_committee == team.committee
    ]
    held(record, team)
    assert services.link_report(record, acting_user=system_user()) == mine[0]
    assert (
        PeriodicObligation.objects.filter(
            kind=PeriodicReportKind.DEMOCRATIC_LIFE, reporting_committee=team.committee
        ).count()
        == 1
    )


def test_dl_4_submitting_sends_it_to_the_parent_and_the_discipline_body(record, team):
    held(record, team)
    obligation = services.submit_report(
        record, text="民主生活会情况报告", acting_user=login_of(team.office), at=sh(2026, 12, 5, 10)
    )
    assert obligation.submitted_at == sh(2026, 12, 5, 10)
    assert deadlines.for_subject(obligation).get().state == DeadlineState.MET
    record.refresh_from_db()
    assert record.discipline_report_sent_at == sh(2026, 12, 5, 10)
    board = overview(record, team.secretary.user)
    assert board.obligation == obligation


def test_dl_4_the_report_follows_the_meeting(record, team):
    schedule(record, team)
    with pytest.raises(ValidationError) as refused:
        services.link_report(record, acting_user=system_user())
    assert refused.value.messages == [MSG_REPORT_FOLLOWS_MEETING_CLOSE_MEETING]


def test_dl_4_the_report_overdue_escalates_like_every_periodic_report(record, team):
    held(record, team)
    obligation = services.link_report(record, at=sh(2026, 11, 30, 12), acting_user=system_user())
    deadlines.scan(now=sh(2027, 1, 16, 0, 1))
    assert deadlines.for_subject(obligation).get().state == DeadlineState.OVERDUE
