"""Recurring reports (R-4, R-5 = L-8 + DL-4, M-C5): generation, periods, due dates, submission."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees import services as committee_services
from committees.actors import system_user
from committees.models import Level, Role, RuleSet
from reporting import deadlines
from reporting.models import DeadlineState, Notification
from reporting.periodic import rules, services
from reporting.periodic.models import PartyGroup, PeriodicObligation
from reporting.periodic.models import PeriodicReportKind as Kind
from reporting.periodic.tasks import generate_periodic_obligations
from tests.factories import CommitteeFactory, RoleFactory
from tests.reporting.accounts import clerk
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

NOV_25 = datetime.date(2026, 11, 25)
NOW = datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def tree():
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    branch = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=town)
    return {"city": city, "county": county, "town": town, "branch": branch}


def generate(on=NOV_25):
    now = datetime.datetime.combine(on, datetime.time(10), tzinfo=SHANGHAI)
    return services.generate_obligations(on, now=now, acting_user=clerk())


def owed(kind, reporter=None, **filters):
    return PeriodicObligation.objects.filter(kind=kind, reporting_committee=reporter, **filters)


# ------------------------------------------------------------------ who owes what


def test_m_c5_a_branch_owes_its_town_a_quarterly_report(tree):
    generate()
    obligation = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    assert obligation.receiving_committee == tree["town"]
    assert (obligation.period_start, obligation.period_end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert obligation.period_label == "2026年第4季度"
    assert obligation.due_date == datetime.date(2027, 1, 15)
    deadline = deadlines.for_subject(obligation).get()
    assert (deadline.rule_id, deadline.committee, deadline.owner) == ("M-C5", tree["branch"], None)


def test_l_8_a_town_owes_the_county_a_half_year_leave_summary(tree):
    generate()
    obligation = owed(Kind.LEAVE_SUMMARY, tree["town"]).get()
    assert obligation.receiving_committee == tree["county"]
    assert obligation.period_label == "2026年下半年"
    assert (obligation.period_start, obligation.due_date) == (datetime.date(2026, 7, 1), datetime.date(2027, 1, 15))
    assert deadlines.for_subject(obligation).get().rule_id == "L-8"


def test_r_4_a_countys_party_groups_owe_its_standing_committee_quarterly_reports(tree):
    generate()
    reports = owed(Kind.PARTY_GROUP_QUARTERLY, None, receiving_committee=tree["county"])
    assert sorted(reports.values_list("reporting_unit", flat=True)) == sorted(PartyGroup.values)
    assert {o.period_label for o in reports} == {"2026年第4季度"}
    assert {d.rule_id for o in reports for d in deadlines.for_subject(o)} == {"R-4"}


def test_dl_4_the_democratic_life_meeting_report_is_yearly_to_the_parent(tree):
    generate()
    obligation = owed(Kind.DEMOCRATIC_LIFE, tree["town"]).get()
    assert (obligation.receiving_committee, obligation.period_label) == (tree["county"], "2026年度")
    assert obligation.due_date == datetime.date(2027, 1, 15)


def test_each_level_owes_only_its_own_reports(tree):
    generate()
    kinds_of = {
        key: set(PeriodicObligation.objects.filter(reporting_committee=c).values_list("kind", flat=True))
        for key, c in tree.items()
    }
    assert kinds_of["branch"] == {Kind.BRANCH_QUARTERLY}
    assert kinds_of["town"] == {Kind.LEAVE_SUMMARY, Kind.DEMOCRATIC_LIFE}
    assert kinds_of["county"] == {Kind.LEAVE_SUMMARY, Kind.DEMOCRATIC_LIFE, Kind.WORK_POINTS_YEAR_END}
    assert kinds_of["city"] == set()  # no higher-level committee here; its party groups report to it
    assert owed(Kind.PARTY_GROUP_QUARTERLY, None, receiving_committee=tree["city"]).count() == 3


def test_m_c5_a_branch_directly_under_a_county_owes_no_town_report(tree):
    CommitteeFactory(name="区直机关党支部", level=Level.BRANCH, parent=tree["county"])
    generate()
    assert list(PeriodicObligation.objects.filter(kind=Kind.BRANCH_QUARTERLY)) == list(
        owed(Kind.BRANCH_QUARTERLY, tree["branch"])
    )


# ------------------------------------------------------------------ periods and due dates


def test_r_4_mid_year_report_covers_the_first_half_and_is_due_on_15_july(tree):
    generate(datetime.date(2026, 3, 1))
    mid_year = owed(Kind.WORK_POINTS_MID_YEAR, tree["county"]).get()
    assert (mid_year.period_label, mid_year.due_date) == ("2026年上半年", datetime.date(2026, 7, 15))
    year_end = owed(Kind.WORK_POINTS_YEAR_END, tree["county"]).get()
    assert (year_end.period_label, year_end.due_date) == ("2026年度", datetime.date(2027, 1, 15))


def test_due_is_15_days_after_the_period_ends():
    assert rules.DUE_DAYS_AFTER_PERIOD == 15
    assert rules.due_date(datetime.date(2026, 3, 31)) == datetime.date(2026, 4, 15)
    assert rules.due_date(datetime.date(2026, 6, 30)) == datetime.date(2026, 7, 15)
    assert rules.due_date(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 15)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ((2026, 1, 1), (2026, 3, 31), "2026年第1季度"),
        ((2026, 10, 1), (2026, 12, 31), "2026年第4季度"),
        ((2026, 1, 1), (2026, 6, 30), "2026年上半年"),
        ((2026, 7, 1), (2026, 12, 31), "2026年下半年"),
        ((2026, 1, 1), (2026, 12, 31), "2026年度"),
        ((2026, 3, 1), (2026, 3, 31), "2026年3月"),
        ((2026, 1, 1), (2026, 4, 30), "2026年1月至4月"),
    ],
)
def test_period_labels(start, end, label):
    assert rules.period_label(datetime.date(*start), datetime.date(*end)) == label


def test_the_previous_period_is_still_created_during_its_days_of_grace(tree):
    generate(datetime.date(2027, 1, 15))
    labels = set(owed(Kind.BRANCH_QUARTERLY, tree["branch"]).values_list("period_label", flat=True))
    assert labels == {"2026年第4季度", "2027年第1季度"}


def test_a_period_past_due_is_never_created_afterwards(tree):
    generate(datetime.date(2027, 1, 16))
    labels = set(owed(Kind.BRANCH_QUARTERLY, tree["branch"]).values_list("period_label", flat=True))
    assert labels == {"2027年第1季度"}


def test_m_c5_the_interval_comes_from_the_rule_set(tree):
    committee_services.publish_rule_set_version(
        RuleSet.objects.get(is_default=True), branch_report_interval_months=6, acting_user=system_user()
    )
    generate()
    obligation = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    assert obligation.period_label == "2026年下半年"
    assert obligation.rule_set_version.branch_report_interval_months == 6


def test_a_committee_with_its_own_rule_set_uses_its_interval(tree):
    committee_services.create_rule_set(name="桃源镇规则", leave_summary_interval_months=3, acting_user=system_user())
    tree["town"].rule_set = RuleSet.objects.get(name="桃源镇规则")
    tree["town"].save()
    generate()
    assert owed(Kind.LEAVE_SUMMARY, tree["town"]).get().period_label == "2026年第4季度"
    assert owed(Kind.LEAVE_SUMMARY, tree["county"]).get().period_label == "2026年下半年"


# ------------------------------------------------------------------ idempotency


def test_generating_twice_creates_nothing_twice(tree):
    first = generate()
    assert first
    count, deadline_count = PeriodicObligation.objects.count(), deadlines.Deadline.objects.count()
    assert generate() == []
    assert (PeriodicObligation.objects.count(), deadlines.Deadline.objects.count()) == (count, deadline_count)


def test_a_changed_interval_does_not_add_an_overlapping_period(tree):
    generate()  # Q4 2026 under the 3-month interval
    committee_services.publish_rule_set_version(
        RuleSet.objects.get(is_default=True), branch_report_interval_months=6, acting_user=system_user()
    )
    generate()  # the half year July–December overlaps Q4: skipped
    assert owed(Kind.BRANCH_QUARTERLY, tree["branch"]).count() == 1


def test_the_database_refuses_a_duplicate(tree):
    from django.db import IntegrityError

    generate()
    existing = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    existing.pk = None
    with pytest.raises(IntegrityError):
        existing.save()


def test_the_celery_task_generates_for_today(tree, time_machine):
    time_machine.move_to(NOW, tick=False)
    assert generate_periodic_obligations() > 0
    assert generate_periodic_obligations() == 0
    assert owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get().period_label == "2026年第4季度"


# ------------------------------------------------------------------ reminders and submission


def test_the_reporting_committees_office_is_reminded_7_and_1_days_before(tree):
    office = RoleFactory(committee=tree["branch"], role=Role.OFFICE_STAFF, person__name="支部干事").person
    generate()
    deadline = deadlines.for_subject(owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()).get()
    assert deadline.due_at == datetime.datetime(2027, 1, 15, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    deadlines.scan(deadline.due_at - datetime.timedelta(days=7, seconds=1))
    assert not deadline.notifications.exists()
    deadlines.scan(deadline.due_at - datetime.timedelta(days=7))
    assert {n.recipient for n in deadline.notifications.all()} == {office}


def test_submitting_settles_the_deadline(tree):
    generate()
    obligation = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    at = datetime.datetime(2027, 1, 10, 2, 0, tzinfo=datetime.UTC)
    services.submit(obligation, text="第四季度工作汇报", at=at, acting_user=clerk())
    obligation.refresh_from_db()
    assert obligation.is_submitted and not obligation.is_late
    deadline = deadlines.for_subject(obligation).get()
    assert (deadline.state, deadline.met_at) == (DeadlineState.MET, at)
    deadlines.scan(datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC))
    assert not Notification.objects.filter(deadline=deadline).exists()


def test_submitted_on_the_due_day_is_on_time_and_the_day_after_is_late(tree):
    generate()
    branch_report = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    leave_summary = owed(Kind.LEAVE_SUMMARY, tree["town"]).get()
    services.submit(
        branch_report, text="汇报", at=datetime.datetime(2027, 1, 15, 23, 59, tzinfo=SHANGHAI), acting_user=clerk()
    )
    services.submit(
        leave_summary, text="汇总", at=datetime.datetime(2027, 1, 16, 0, 1, tzinfo=SHANGHAI), acting_user=clerk()
    )
    branch_report.refresh_from_db()
    leave_summary.refresh_from_db()
    assert not branch_report.is_late
    assert leave_summary.is_late


def test_a_report_needs_text_or_an_attachment(tree):
    generate()
    with pytest.raises(ValidationError) as refused:
        services.submit(owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get(), text="  ", acting_user=clerk())
    assert says(refused.value, services.MSG_WRITE_OR_ATTACH)


def test_a_report_is_submitted_once(tree):
    generate()
    obligation = owed(Kind.BRANCH_QUARTERLY, tree["branch"]).get()
    services.submit(obligation, text="汇报", acting_user=clerk())
    with pytest.raises(ValidationError) as refused:
        services.submit(obligation, text="再次汇报", acting_user=clerk())
    assert says(refused.value, services.MSG_ALREADY_SUBMITTED)


def test_party_group_escalation_stays_with_the_committee(tree):
    generate()
    obligation = owed(Kind.PARTY_GROUP_QUARTERLY, None, receiving_committee=tree["county"]).first()
    deadline = deadlines.for_subject(obligation).get()
    assert deadline.committee == tree["county"]
    assert deadline.escalation == [deadlines.PRINCIPAL]
