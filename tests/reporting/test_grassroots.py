"""Grassroots time (X-6): the yearly floors by level, what the entries count, the last day the rest
still fits in the year, the deadline that follows it, and the pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Level, Role
from committees.rules import RuleViolation
from committees.selectors import current_rules
from reporting import deadlines
from reporting.grassroots import rules, services
from reporting.grassroots.models import EntryKind, GrassrootsEntry, GrassrootsTarget, Measure
from reporting.models import DeadlineState, Notification
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import sh
from tests.printed import assert_laid_out_on_the_page, docx_text, read_docx, read_pdf

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = sh(2026, 11, 20, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Entry:
    """What ``rules.done`` reads of an entry."""

    def __init__(self, start, end=None, kind=EntryKind.DAYS, village=False, backward=False):
        self.start_date, self.end_date = start, end or start
        self.kind, self.is_village, self.is_backward_village = kind, village, backward


# --------------------------------------------------------------------------- rules


def test_x_6_floors_follow_the_level_and_the_role():
    version = type("V", (), {
        "city_grassroots_days_per_year": 90, "district_village_days_per_year": 15,
        "town_secretary_village_days_per_year": 30, "town_secretary_branch_meetings_per_year": 6,
        "research_topics_per_year": 1,
    })()  # fmt: skip
    assert rules.floors(Level.CITY, {Role.MEMBER}, version) == {
        Measure.GRASSROOTS_DAYS: 90,
        Measure.RESEARCH_REPORTS: 1,
    }
    assert rules.floors(Level.COUNTY, {Role.DEPUTY_SECRETARY}, version) == {
        Measure.VILLAGE_DAYS: 15,
        Measure.RESEARCH_REPORTS: 1,
    }
    assert rules.floors(Level.TOWN, {Role.SECRETARY}, version) == {
        Measure.BACKWARD_VILLAGE_DAYS: 30,
        Measure.BRANCH_MEETINGS: 6,
    }
    assert rules.floors(Level.STREET, {Role.SECRETARY}, version)  # a street committee is a town's level
    assert rules.floors(Level.TOWN, {Role.MEMBER}, version) == {}  # 002 §15 names the town secretary
    assert rules.floors(Level.COUNTY, {Role.OFFICE_STAFF}, version) == {}  # not on the team
    assert rules.floors(Level.BRANCH, {Role.SECRETARY}, version) == {}
    version.research_topics_per_year = 0
    assert Measure.RESEARCH_REPORTS not in rules.floors(Level.CITY, {Role.MEMBER}, version)  # 0: no floor


def test_x_6_days_are_distinct_dates_of_the_year_accumulated():
    entries = [
        Entry(D(2026, 3, 1), D(2026, 3, 5), village=True),
        Entry(D(2026, 3, 4), D(2026, 3, 6)),  # overlaps: 4 and 5 March count once
        Entry(D(2026, 12, 30), D(2027, 1, 2), backward=True),  # across New Year: 2 days in each year
        Entry(D(2026, 6, 1), kind=EntryKind.MEETING),
        Entry(D(2026, 7, 1), kind=EntryKind.REPORT),
    ]
    assert rules.done(entries, Measure.GRASSROOTS_DAYS, 2026) == 6 + 2
    assert rules.done(entries, Measure.VILLAGE_DAYS, 2026) == 5 + 2  # a backward village is a village
    assert rules.done(entries, Measure.BACKWARD_VILLAGE_DAYS, 2026) == 2
    assert rules.done(entries, Measure.BACKWARD_VILLAGE_DAYS, 2027) == 2
    assert rules.done(entries, Measure.BRANCH_MEETINGS, 2026) == 1
    assert rules.done(entries, Measure.RESEARCH_REPORTS, 2026) == 1
    assert rules.done(entries, Measure.RESEARCH_REPORTS, 2027) == 0


def test_x_6_the_last_day_the_rest_still_fits():
    assert rules.last_day_to_start(2026, Measure.VILLAGE_DAYS, 15) == D(2026, 12, 17)
    assert rules.last_day_to_start(2026, Measure.VILLAGE_DAYS, 1) == D(2026, 12, 31)
    assert rules.last_day_to_start(2026, Measure.BRANCH_MEETINGS, 6) == D(2026, 12, 31)  # counts: the year
    # The 90th day from the end: 90 days of grassroots research fit from 3 October, not from the 4th.
    assert rules.last_day_to_start(2026, Measure.GRASSROOTS_DAYS, 90) == D(2026, 10, 3)
    assert rules.still_fits(D(2026, 10, 3), 2026, Measure.GRASSROOTS_DAYS, 90)
    assert not rules.still_fits(D(2026, 10, 4), 2026, Measure.GRASSROOTS_DAYS, 90)
    assert rules.last_day_to_start(2028, Measure.GRASSROOTS_DAYS, 90) == D(2028, 10, 3)  # a leap year: the same
    assert rules.still_fits(D(2026, 12, 31), 2026, Measure.VILLAGE_DAYS, 1)
    assert not rules.still_fits(D(2027, 1, 1), 2026, Measure.VILLAGE_DAYS, 1)  # the year is over
    assert rules.still_fits(D(2026, 12, 31), 2026, Measure.VILLAGE_DAYS, 0)  # met


# --------------------------------------------------------------------------- services


@pytest.fixture
def county():
    committee = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    return {
        "committee": committee,
        "member": user_with_role(committee, Role.MEMBER, username="lj-member"),
        "colleague": user_with_role(committee, Role.MEMBER, username="lj-colleague"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="lj-office"),
        "secretary": user_with_role(committee, Role.SECRETARY, username="lj-secretary"),
    }


def stay(county, start, end=None, who="member", by=None, **extra):
    return services.record_entry(
        person=county[who].person,
        committee=county["committee"],
        kind=extra.pop("kind", EntryKind.DAYS),
        start_date=start,
        end_date=end,
        place=extra.pop("place", "桃源村"),
        is_village=extra.pop("is_village", True),
        acting_user=county[by or who],
        **extra,
    )


def target(county, measure=Measure.VILLAGE_DAYS, who="member"):
    return GrassrootsTarget.objects.get(person=county[who].person, year=2026, measure=measure)


def test_x_6_a_recorded_stay_counts_and_its_floor_is_watched_until_the_last_day_it_fits(county):
    stay(county, D(2026, 11, 2), D(2026, 11, 6))
    floor = target(county)
    assert (floor.floor, floor.done, floor.remaining) == (15, 5, 10)
    assert floor.rule_set_version == current_rules(county["committee"])
    deadline = deadlines.for_subject(floor).get()
    assert deadline.rule_id == "X-6" and deadline.owner == county["member"].person
    # 10 days to go fit from 22 December on: due at the end of that day (Beijing time).
    assert deadline.due_at == sh(2026, 12, 23, 0)
    stay(county, D(2026, 11, 9), D(2026, 11, 12))  # 4 more: 6 to go, from 26 December on
    deadline.refresh_from_db()
    assert deadline.due_at == sh(2026, 12, 27, 0) and target(county).done == 9
    assert target(county, Measure.RESEARCH_REPORTS).floor == 1  # the report's floor came with it


def test_x_6_the_floor_met_stops_its_reminders_and_a_removed_entry_reopens_it(county):
    stay(county, D(2026, 11, 1), D(2026, 11, 14))  # 14 days: one to go
    last = stay(county, D(2026, 11, 15))  # the 15th day: exactly the floor
    floor = target(county)
    assert floor.is_met and deadlines.for_subject(floor).get().state == DeadlineState.MET
    services.remove_entry(last, acting_user=county["office"])  # recorded by mistake
    floor.refresh_from_db()
    assert floor.done == 14
    reopened = deadlines.for_subject(floor).exclude(state=DeadlineState.MET).get()
    assert reopened.due_at == sh(2027, 1, 1, 0)  # one day to go: the year's last day


def test_x_6_a_floor_met_at_once_needs_no_deadline(county):
    stay(county, D(2026, 11, 1), D(2026, 11, 15))
    assert target(county).is_met and not deadlines.for_subject(target(county)).exists()


def test_x_6_a_floor_that_no_longer_fits_is_overdue_and_escalates(county):
    stay(county, D(2026, 11, 2))  # 14 to go: the last day to start is 18 December
    deadline = deadlines.for_subject(target(county)).get()
    deadlines.scan(now=sh(2026, 12, 12, 9))  # a week before the last day: a reminder to the member
    assert Notification.objects.filter(deadline=deadline, recipient=county["member"].person).exists()
    deadlines.scan(now=sh(2026, 12, 19, 0, 1))  # on 19 December 14 days no longer fit
    deadlines.scan(now=sh(2026, 12, 20, 0, 5))
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OVERDUE
    escalated = Notification.objects.filter(deadline=deadline, step_kind="escalation")
    assert county["secretary"].person in {n.recipient for n in escalated}  # the principal leader hears


def test_x_6_bad_input_is_refused_and_nothing_is_stored(county):
    with pytest.raises(ValidationError) as refused:
        stay(county, D(2026, 11, 20), D(2026, 11, 21))  # tomorrow has not happened
    assert "end_date" in refused.value.message_dict
    with pytest.raises(ValidationError):
        stay(county, D(2026, 11, 5), D(2026, 11, 4))
    with pytest.raises(ValidationError):
        stay(county, D(2026, 11, 4), D(2026, 11, 5), kind=EntryKind.MEETING)  # a meeting is one day
    with pytest.raises(ValidationError) as refused:
        stay(county, D(2026, 11, 4), kind=EntryKind.REPORT)  # a report names its topic
    assert "topic" in refused.value.message_dict
    with pytest.raises(ValidationError):
        stay(county, D(2026, 11, 4), place="  ")
    with pytest.raises(ValidationError):
        stay(county, D(2024, 11, 1), D(2025, 11, 3))  # more than a year in one entry
    with pytest.raises(ValidationError):
        stay(county, D(1, 1, 1))  # outside the dates the system keeps
    assert not GrassrootsEntry.objects.exists() and not GrassrootsTarget.objects.exists()


def test_x_6_who_may_record_inside_the_committee(county):
    stay(county, D(2026, 11, 4), who="member", by="office")  # the office records for a member
    with pytest.raises(RuleViolation) as refused:
        stay(county, D(2026, 11, 5), who="member", by="colleague")  # a colleague may not
    assert refused.value.rule_id == "X-6"
    with pytest.raises(RuleViolation):
        stay(county, D(2026, 11, 5), who="office")  # the office staff is not on the team: no floor
    assert GrassrootsEntry.objects.count() == 1


def test_x_6_the_nightly_round_gives_every_team_member_the_floors_and_one_error_stops_nobody(county, monkeypatch):
    from committees.actors import system_user

    real = services.refresh_targets

    def failing_for_the_colleague(person, *args, **kwargs):
        if person == county["colleague"].person:
            raise RuntimeError("a broken row")
        return real(person, *args, **kwargs)

    monkeypatch.setattr(services, "refresh_targets", failing_for_the_colleague)
    assert services.ensure_year(D(2026, 11, 20), acting_user=system_user()) == 2  # member, secretary
    people = set(GrassrootsTarget.objects.values_list("person__user__username", flat=True))
    assert people == {"lj-member", "lj-secretary"}
    monkeypatch.setattr(services, "refresh_targets", real)
    services.ensure_year(D(2026, 11, 20), acting_user=system_user())
    services.ensure_year(D(2026, 11, 21), acting_user=system_user())  # idempotent
    assert GrassrootsTarget.objects.count() == 3 * 2


# --------------------------------------------------------------------------- pages


def test_x_6_my_page_shows_the_floors_and_records_a_stay(client, county):
    client.force_login(county["member"])
    page = client.get(reverse("grassroots_mine"))
    assert page.status_code == 200
    response = client.post(
        reverse("grassroots_mine"),
        {
            "committee": county["committee"].pk,
            "kind": EntryKind.DAYS,
            "start_date": "2026-11-02",
            "end_date": "2026-11-06",
            "place": "桃源村",
            "is_village": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("grassroots_mine"))
    floors = {t.measure: t for t in page.context["targets"]}
    assert floors[Measure.VILLAGE_DAYS].done == 5 and floors[Measure.VILLAGE_DAYS].fits
    assert floors[Measure.VILLAGE_DAYS].last_day == D(2026, 12, 22)
    assert "桃源村" in page.content.decode()


def test_x_6_a_refused_entry_comes_back_on_the_form_with_the_input(client, county):
    client.force_login(county["member"])
    response = client.post(
        reverse("grassroots_mine"),
        {
            "committee": county["committee"].pk,
            "kind": EntryKind.REPORT,
            "start_date": "2026-11-02",
            "place": "区农业局",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["topic"] and "区农业" in response.content.decode()
    assert not GrassrootsEntry.objects.exists()


def test_x_6_the_committee_board_for_the_team_and_recording_by_the_office_only(client, county):
    url = reverse("grassroots_committee", args=[county["committee"].pk])
    data = {
        "person": county["member"].person.pk,
        "committee": county["committee"].pk,
        "kind": EntryKind.MEETING,
        "start_date": "2026-11-03",
        "place": "桃源村",
        "topic": "村民代表会议",
    }
    client.force_login(county["colleague"])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(county["office"])
    assert client.post(url, data).status_code == 302
    assert GrassrootsEntry.objects.get().recorded_by == county["office"].person
    outsider = user_with_role(CommitteeFactory(level=Level.COUNTY), Role.SECRETARY)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    entry = GrassrootsEntry.objects.get()
    assert client.post(reverse("grassroots_entry_remove", args=[entry.pk])).status_code == 404


def test_x_6_the_year_prints_for_those_who_see_the_committee(client, county):
    stay(county, D(2026, 11, 2), D(2026, 11, 6))
    url = reverse("grassroots_committee_document", args=[county["committee"].pk]) + "?year=2026"
    client.force_login(county["colleague"])
    printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "临江区委领导班子2026年基层工作情况" in printed.text
    member = county["member"].person.name
    assert f"姓名年度要求不少于已完成尚差状态{member}调研课题和调研报告101进行中" in printed.text
    assert "驻村蹲点天数15510进行中" in printed.text  # at least 15, done 5, 10 to go
    assert "统计截至：2026年11月20日" in printed.text
    words = docx_text(read_docx(client.get(url + "&format=docx").content))
    assert member in words and "驻村蹲点天数" in words
    client.force_login(user_with_role(CommitteeFactory(level=Level.COUNTY), Role.SECRETARY))
    assert client.get(url).status_code == 404
