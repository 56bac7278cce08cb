"""R-2 personal-matter reports: the 30-day window, new cadres, resignations, late reports,
the organisation's reply and the grounds for handling."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from committees import services as committee_services
from committees.actors import system_user
from committees.models import RuleSet
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from reporting.personal import rules, selectors, services
from reporting.personal.models import FAMILY_MATTERS, PROPERTY_MATTERS, MatterKind, Occasion, PersonalMatterReport
from tests.factories import PersonFactory, RoleFactory
from tests.reporting.accounts import clerk
from tests.reporting.factories_personal import add_user, build_setting, event_report, local
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

EVENT = datetime.date(2026, 11, 1)


@pytest.fixture
def setting():
    return build_setting()


def record(setting, at=None, kind=MatterKind.PRIVATE_TRIP_ABROAD, event_date=EVENT):
    return services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind=kind,
        event_date=event_date,
        at=at or local(2026, 11, 2),
        acting_user=clerk(),
    )


def only_deadline(report):
    (deadline,) = deadlines.for_subject(report)
    return deadline


def test_r_2_fourteen_kinds_eight_of_article_3_and_six_of_article_4():
    assert len(MatterKind) == 14
    assert len(FAMILY_MATTERS) == 8 and len(PROPERTY_MATTERS) == 6
    assert MatterKind.MARRIAGE_CHANGE in FAMILY_MATTERS and MatterKind.FAMILY_CRIMINAL_CASE in FAMILY_MATTERS
    assert MatterKind.SALARY in PROPERTY_MATTERS and MatterKind.FAMILY_BUSINESS in PROPERTY_MATTERS


def test_r_2_event_report_is_due_at_the_end_of_the_30th_day_in_shanghai(setting):
    report = record(setting)
    assert report.due_at == local(2026, 12, 1, 23, 59).replace(second=59, microsecond=999999)
    assert report.rule_set_version == RuleSet.objects.get(is_default=True).current_version


def test_r_2_recording_registers_a_private_deadline_reminding_7_and_1_days_before(setting):
    report = record(setting)
    deadline = only_deadline(report)
    assert deadline.rule_id == "R-2"
    assert deadline.is_private is True
    assert deadline.owner == setting.cadre
    # Never escalated to the secretary or the parent's office: only to the organisation department.
    assert deadline.escalation == [deadlines.ORGANISATION_DEPARTMENT]
    assert deadline.due_at == report.due_at
    keys = [step[0] for step in deadline.schedule["steps"]]
    assert keys[:3] == ["before-7d", "before-1d", "due"]
    assert deadline.schedule["repeat_every"] == 7 * 24 * 3600


def test_r_2_deadline_title_does_not_reveal_the_matter(setting):
    report = record(setting, kind=MatterKind.FAMILY_CRIMINAL_CASE)
    deadline = only_deadline(report)
    chinese, english = deadline.title_in("zh-hans"), deadline.title_in("en")
    assert chinese.startswith("个人有关事项报告") and english.startswith("Personal-matter report")
    assert "刑事" not in chinese and "criminal" not in english.lower()


def test_r_2_filed_on_the_30th_day_is_on_time(setting):
    report = record(setting)
    filed = services.file_report(
        report, description="赴泰国旅游7天", at=local(2026, 12, 1, 23, 30), acting_user=clerk()
    )
    assert not rules.is_late(filed.filed_at, filed.due_at)
    assert only_deadline(report).state == DeadlineState.MET


def test_r_2_filed_on_the_31st_day_without_reason_is_refused(setting):
    report = record(setting)
    with pytest.raises(RuleViolation) as refused:
        services.file_report(report, description="赴泰国旅游7天", at=local(2026, 12, 2, 0, 1), acting_user=clerk())
    assert refused.value.rule_id == "R-2"
    assert "第五条" in str(refused.value)
    report.refresh_from_db()
    assert report.filed_at is None
    assert only_deadline(report).state != DeadlineState.MET


def test_r_2_late_report_with_reason_but_no_end_date_is_refused(setting):
    report = record(setting)
    with pytest.raises(RuleViolation) as refused:
        services.file_report(
            report, description="…", at=local(2026, 12, 10), late_reason="住院治疗", acting_user=clerk()
        )
    assert refused.value.rule_id == "R-2"
    assert says(refused.value, services.MSG_LATE_REPORT)


def test_r_2_late_report_with_end_date_but_no_reason_is_refused(setting):
    report = record(setting)
    with pytest.raises(RuleViolation) as refused:
        services.file_report(
            report,
            description="…",
            at=local(2026, 12, 10),
            late_reason="  ",
            reason_ended_on=datetime.date(2026, 12, 8),
            acting_user=clerk(),
        )
    assert refused.value.rule_id == "R-2"
    assert says(refused.value, services.MSG_LATE_REPORT)


def test_r_2_late_report_with_reason_and_end_date_is_filed_and_settles(setting):
    report = record(setting)
    filed = services.file_report(
        report,
        description="赴泰国旅游7天",
        at=local(2026, 12, 10),
        late_reason="住院治疗",
        reason_ended_on=datetime.date(2026, 12, 8),
        acting_user=clerk(),
    )
    assert filed.late_reason == "住院治疗" and filed.reason_ended_on == datetime.date(2026, 12, 8)
    assert only_deadline(report).state == DeadlineState.MET
    assert rules.accountability_grounds(filed, local(2026, 12, 11)) == ["late"]


def test_r_2_special_reason_cannot_end_in_the_future(setting):
    report = record(setting)
    with pytest.raises(ValidationError) as refused:
        services.file_report(
            report,
            description="…",
            at=local(2026, 12, 10),
            late_reason="住院",
            reason_ended_on=datetime.date(2026, 12, 11),
            acting_user=clerk(),
        )
    assert says(refused.value, services.MSG_REASON_ENDS_IN_FUTURE)


def test_r_2_the_database_refuses_a_late_filing_without_reason(setting):
    from django.db import IntegrityError, transaction

    report = record(setting)
    report.filed_at = local(2026, 12, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


def test_r_2_report_event_at_once_on_day_31_keeps_nothing_when_refused(setting):
    with pytest.raises(RuleViolation) as refused:
        services.report_event(
            cadre=setting.cadre,
            committee=setting.town,
            kind=MatterKind.REAL_ESTATE,
            event_date=EVENT,
            description="购房一套",
            at=local(2026, 12, 2, 9),
            acting_user=clerk(),
        )
    assert refused.value.rule_id == "R-2"
    assert says(refused.value, services.MSG_LATE_REPORT)
    assert not PersonalMatterReport.objects.exists()


def test_r_2_report_event_files_the_recorded_report_of_the_same_matter(setting):
    recorded = record(setting)
    filed = services.report_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind=MatterKind.PRIVATE_TRIP_ABROAD,
        event_date=EVENT,
        description="赴泰国旅游",
        at=local(2026, 11, 20),
        acting_user=clerk(),
    )
    assert filed.pk == recorded.pk
    assert PersonalMatterReport.objects.count() == 1


def test_r_2_event_in_the_future_is_bad_input(setting):
    with pytest.raises(ValidationError) as refused:
        record(setting, at=local(2026, 10, 31))
    assert says(refused.value, services.MSG_EVENT_IN_FUTURE)


def test_r_2_only_team_members_report(setting):
    outsider = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        services.record_event(
            cadre=outsider,
            committee=setting.town,
            kind=MatterKind.SALARY,
            event_date=EVENT,
            at=local(2026, 11, 2),
            acting_user=clerk(),
        )
    assert says(refused.value, services.MSG_NOT_ON_TEAM)


def test_r_2_days_come_from_the_committee_rule_set_version(setting):
    rule_set = RuleSet.objects.get(is_default=True)
    version = committee_services.publish_rule_set_version(rule_set, personal_matter_days=15, acting_user=system_user())
    report = record(setting)
    assert report.rule_set_version == version
    assert report.due_at.date() == datetime.date(2026, 11, 16)


# --------------------------------------------------------------------------- new cadres (第六条)


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_new_cadre_owes_a_report_30_days_after_the_role_starts(setting):
    person = PersonFactory()
    committee_services.assign_role(
        person=person,
        committee=setting.town,
        role="member",
        start_date=datetime.date(2026, 11, 20),
        acting_user=system_user(),
    )
    report = PersonalMatterReport.objects.get(cadre=person)
    assert report.occasion == Occasion.NEW_CADRE
    assert report.due_at == local(2026, 12, 20, 23, 59).replace(second=59, microsecond=999999)
    deadline = only_deadline(report)
    assert deadline.is_private and deadline.owner == person and deadline.rule_id == "R-2"


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_new_cadre_obligation_is_settled_by_the_filed_report(setting):
    person = PersonFactory()
    assignment = RoleFactory(person=person, committee=setting.town, start_date=datetime.date(2026, 11, 20))
    report = PersonalMatterReport.objects.get(cadre=person, event_date=assignment.start_date)
    services.file_report(report, description="婚姻、房产、投资情况……", at=local(2026, 12, 20, 18), acting_user=clerk())
    assert only_deadline(report).state == DeadlineState.MET


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_new_cadre_on_day_31_files_late_only_with_reason(setting):
    person = PersonFactory()
    RoleFactory(person=person, committee=setting.town, start_date=datetime.date(2026, 11, 20))
    report = PersonalMatterReport.objects.get(cadre=person)
    with pytest.raises(RuleViolation) as refused:
        services.file_report(report, description="……", at=local(2026, 12, 21, 9), acting_user=clerk())
    assert refused.value.rule_id == "R-2"
    assert says(refused.value, services.MSG_LATE_REPORT)


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_a_team_member_taking_another_team_role_is_not_new(setting):
    RoleFactory(person=setting.cadre, committee=setting.county, role="member", start_date=datetime.date(2026, 11, 20))
    assert not PersonalMatterReport.objects.filter(occasion=Occasion.NEW_CADRE).exists()


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_non_team_roles_create_no_obligation(setting):
    RoleFactory(committee=setting.town, role="office_staff", start_date=datetime.date(2026, 11, 20))
    RoleFactory(committee=setting.town, role="organization_staff", start_date=datetime.date(2026, 11, 20))
    assert not PersonalMatterReport.objects.exists()


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_a_role_entered_after_its_30_days_passed_creates_no_obligation(setting):
    RoleFactory(committee=setting.town, start_date=datetime.date(2026, 10, 25))  # due 24 Nov: history
    assert not PersonalMatterReport.objects.exists()
    RoleFactory(committee=setting.town, start_date=datetime.date(2026, 10, 26))  # due 25 Nov: still running
    assert PersonalMatterReport.objects.count() == 1


@time_machine.travel(local(2026, 11, 25, 10), tick=False)
def test_r_2_saving_the_role_again_registers_nothing_twice(setting):
    assignment = RoleFactory(committee=setting.town, start_date=datetime.date(2026, 11, 20))
    assignment.note = "调任"
    assignment.save()
    assert PersonalMatterReport.objects.count() == 1
    assert services.register_new_cadre_obligation(assignment, acting_user=clerk()) is None


# --------------------------------------------------------------------------- resignation (第六条)


def test_r_2_resignation_report_is_due_at_once(setting):
    at = local(2026, 11, 25, 10)
    report = services.require_report_on_resignation(setting.cadre, setting.town, at=at, acting_user=clerk())
    assert report.occasion == Occasion.RESIGNATION
    assert report.due_at == at
    deadline = only_deadline(report)
    assert deadline.due_at == at
    assert deadline.state == DeadlineState.OVERDUE  # due at once: the scanner fires its "due" step next
    assert deadline.is_private


def test_r_2_resignation_report_filed_with_the_application_is_on_time(setting):
    at = local(2026, 11, 25, 10)
    report = services.require_report_on_resignation(setting.cadre, setting.town, at=at, acting_user=clerk())
    services.file_report(report, description="个人有关事项……", at=at, acting_user=clerk())
    assert only_deadline(report).state == DeadlineState.MET


def test_r_2_resignation_report_filed_afterwards_needs_the_reason(setting):
    at = local(2026, 11, 25, 10)
    report = services.require_report_on_resignation(setting.cadre, setting.town, at=at, acting_user=clerk())
    with pytest.raises(RuleViolation) as refused:
        services.file_report(report, description="……", at=at + datetime.timedelta(days=1), acting_user=clerk())
    assert refused.value.rule_id == "R-2"
    assert says(refused.value, services.MSG_LATE_REPORT)


def test_r_2_recording_the_same_resignation_twice_gives_one_report(setting):
    at = local(2026, 11, 25, 10)
    first = services.require_report_on_resignation(setting.cadre, setting.town, at=at, acting_user=clerk())
    again = services.require_report_on_resignation(
        setting.cadre, setting.town, at=at + datetime.timedelta(hours=1), acting_user=clerk()
    )
    assert first.pk == again.pk


# --------------------------------------------------------------------------- reply, findings, accountability


@pytest.fixture
def org(setting):
    return add_user(setting, "town_org_staff")


def filed(setting):
    return event_report(setting, at=local(2026, 11, 20))


def test_r_2_reply_gives_the_cadre_15_days_to_act_tracked_by_a_private_deadline(setting, org):
    report = services.reply(filed(setting), acting_user=org, text="请补充护照信息", at=local(2026, 11, 21, 9))
    assert report.reply_response_due_at == local(2026, 12, 6, 23, 59).replace(second=59, microsecond=999999)
    active = [d for d in deadlines.for_subject(report) if d.is_active]
    assert len(active) == 1 and active[0].is_private and active[0].owner == setting.cadre


def test_r_2_the_cadre_acting_on_the_reply_settles_its_deadline(setting, org):
    report = services.reply(filed(setting), acting_user=org, text="请补充护照信息", at=local(2026, 11, 21, 9))
    services.respond_to_reply(report, response="已补充", at=local(2026, 12, 6, 20), acting_user=clerk())
    assert all(d.state == DeadlineState.MET for d in deadlines.for_subject(report))
    assert not selectors.reports_for_accountability(org, now=local(2026, 12, 30)).exists()


def test_r_2_ignoring_the_reply_past_its_deadline_is_listed(setting, org):
    report = services.reply(filed(setting), acting_user=org, text="请补充护照信息", at=local(2026, 11, 21, 9))
    assert not selectors.reports_for_accountability(org, now=local(2026, 12, 6, 23)).exists()
    listed = selectors.reports_for_accountability(org, now=local(2026, 12, 7, 0, 1))
    assert list(listed) == [report]
    assert rules.accountability_grounds(listed[0], local(2026, 12, 7, 0, 1)) == ["reply_ignored"]


def test_r_2_reply_found_not_followed_is_listed(setting, org):
    report = services.reply(filed(setting), acting_user=org, text="请说明", at=local(2026, 11, 21, 9))
    services.respond_to_reply(report, response="不予说明", at=local(2026, 11, 22), acting_user=clerk())
    services.record_reply_outcome(
        report, acting_user=org, followed=False, note="未按答复意见办理", at=local(2026, 11, 23)
    )
    assert list(selectors.reports_for_accountability(org, now=local(2026, 11, 24))) == [report]


def test_r_2_only_filed_reports_are_answered_once(setting, org):
    with pytest.raises(ValidationError) as refused:
        services.reply(record(setting), acting_user=org, text="…")
    assert says(refused.value, services.MSG_ONLY_FILED_ANSWERED)
    report = services.reply(filed(setting), acting_user=org, text="请补充")
    with pytest.raises(ValidationError) as refused:
        services.reply(report, acting_user=org, text="再次答复")
    assert says(refused.value, services.MSG_ALREADY_ANSWERED)


def test_r_2_untruthful_and_concealed_reports_are_listed_with_their_note(setting, org):
    untruthful = services.mark_report(
        filed(setting), acting_user=org, is_untruthful=True, is_concealed=False, note="房产少报一套"
    )
    concealed = services.mark_report(
        event_report(setting, kind=MatterKind.SECURITIES, at=local(2026, 11, 21)),
        acting_user=org,
        is_untruthful=False,
        is_concealed=True,
        note="隐瞒股票",
    )
    listed = selectors.reports_for_accountability(org, now=local(2026, 11, 22))
    assert set(listed) == {untruthful, concealed}
    assert untruthful.marked_by == org


def test_r_2_a_finding_needs_a_note(setting, org):
    with pytest.raises(ValidationError) as refused:
        services.mark_report(filed(setting), acting_user=org, is_untruthful=True, is_concealed=False, note="")
    assert says(refused.value, services.MSG_EXPLAIN_FINDING)


def test_r_2_overdue_unfiled_reports_are_listed_and_on_time_ones_are_not(setting, org):
    pending = record(setting)
    on_time = filed(setting)
    assert not selectors.reports_for_accountability(org, now=local(2026, 12, 1, 23)).exists()
    listed = selectors.reports_for_accountability(org, now=local(2026, 12, 2, 0, 1))
    assert list(listed) == [pending]
    assert on_time not in listed


def test_r_2_nobody_handles_their_own_report(setting):
    org_member = setting.cadre_user
    RoleFactory(person=setting.cadre, committee=setting.town, role="organization_member")
    report = filed(setting)
    for act in (
        lambda: services.reply(report, acting_user=org_member, text="…"),
        lambda: services.mark_report(report, acting_user=org_member, is_untruthful=True, is_concealed=False, note="…"),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert says(refused.value, services.MSG_OWN_REPORT)
