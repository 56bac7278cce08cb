"""Pages, API and panels of evaluations, talks and reports: permissions, anonymity, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory

from committees import panels
from committees.actors import system_user
from committees.models import Role
from supervision.evaluation import panels as evaluation_panels  # registers the providers
from supervision.evaluation import services
from supervision.evaluation.models import (
    AdmonishmentTalk,
    EvaluationParticipation,
    PersonRating,
    Rating,
    TalkOutcome,
    TeamRating,
)
from tests.factories import RoleFactory

from .factories import holder, make_team, subject_of, town_with_villages, vote_all

pytestmark = pytest.mark.django_db

BASE = "/supervision/evaluation/"


def test_a_8_a_participant_rates_from_the_page_and_sees_only_that_they_took_part(client):
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    member = team.members[0]
    client.force_login(member.user)
    page = client.get(f"{BASE}{evaluation.pk}/")
    assert page.status_code == 200 and page.context["ballot"] is not None
    team_line, member_line = subject_of(evaluation, None), subject_of(evaluation, member)
    response = client.post(
        f"{BASE}{evaluation.pk}/take-part/",
        {f"s{team_line.pk}": TeamRating.GOOD, f"s{member_line.pk}": PersonRating.EXCELLENT},
    )
    assert response.status_code == 302
    assert EvaluationParticipation.objects.filter(evaluation=evaluation, person=member).exists()
    assert Rating.objects.count() == 3  # team, secretary (blank), member
    page = client.get(f"{BASE}{evaluation.pk}/")
    assert page.context["ballot"] is None and page.context["has_taken_part"]
    assert page.context["results"] == []  # still open: nothing to show, to anyone
    assert "excellent" not in page.content.decode()


def test_a_8_a_ballot_posted_for_someone_else_cannot_exist(client):
    """The page always casts for the signed-in person: there is no field naming the voter."""
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    client.force_login(team.secretary.user)
    client.post(f"{BASE}{evaluation.pk}/take-part/", {"person": team.members[0].pk})
    assert list(EvaluationParticipation.objects.values_list("person_id", flat=True)) == [team.secretary.pk]


@pytest.mark.parametrize(("who", "status"), [("inspector", 302), ("member", 403)])
def test_a_8_only_overseers_close_an_evaluation(client, who, status):
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    client.force_login((team.inspector if who == "inspector" else team.members[0]).user)
    assert client.post(f"{BASE}{evaluation.pk}/close/").status_code == status


@pytest.mark.parametrize(("who", "status", "rows"), [("inspector", 200, 3), ("member", 200, 2), ("outsider", 404, 0)])
def test_a_8_result_page_shows_aggregates_by_role(client, who, status, rows):
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT, PersonRating.COMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    person = {"inspector": team.inspector, "member": team.members[0], "outsider": team.outsider}[who]
    client.force_login(person.user)
    response = client.get(f"{BASE}{evaluation.pk}/")
    assert response.status_code == status
    if status == 200:
        assert len(response.context["results"]) == rows


def test_a_8_flag_one_click_inquiry_and_talk_form_prefilled(client):
    team = make_team(members=1, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT, PersonRating.INCOMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    flagged = subject_of(evaluation, team.members[0])
    client.force_login(team.inspector.user)
    assert client.post(f"{BASE}results/{flagged.pk}/inquiry/").status_code == 302
    flagged.refresh_from_db()
    assert flagged.inquiry.person == team.members[0]
    form = client.get(f"{BASE}talks/committees/{team.committee.pk}/new/?subject={flagged.pk}").context["form"]
    assert form.initial["person"] == team.members[0] and "2026" in form.initial["problem"]


def test_a_6_talk_recorded_and_followed_up_from_the_pages(client):
    team = make_team()
    client.force_login(team.inspector.user)
    response = client.post(
        f"{BASE}talks/committees/{team.committee.pk}/new/",
        {
            "person": team.members[0].pk,
            "kind": "admonishment",
            "problem": "作风问题",
            "talked_by": [team.inspector.pk],
            "talked_at": "2026-11-24T15:00",
            "content": "指出问题",
            "follow_up_due_on": "2026-12-24",
        },
    )
    assert response.status_code == 302
    talk = AdmonishmentTalk.objects.get()
    response = client.post(f"{BASE}talks/{talk.pk}/", {"is_corrected": "no", "note": "未改正"})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.outcome == TalkOutcome.NOT_CORRECTED and talk.case is not None
    client.force_login(team.members[0].user)  # the person talked to sees it, may not record it
    assert client.get(f"{BASE}talks/{talk.pk}/").status_code == 200
    assert client.post(f"{BASE}talks/{talk.pk}/", {"is_corrected": "yes", "note": "x"}).status_code == 403
    client.force_login(team.members[1].user)
    assert client.get(f"{BASE}talks/{talk.pk}/").status_code == 404


def test_a_6_ordinary_members_cannot_record_talks(client):
    team = make_team()
    client.force_login(team.members[0].user)
    assert client.get(f"{BASE}talks/committees/{team.committee.pk}/new/").status_code == 404


def test_a_9_a_member_submits_the_report_from_the_page(client):
    team = make_team(members=1)
    report = services.require_annual_reports(team.committee, 2026, acting_user=team.inspector.user)[0]
    client.force_login(report.person.user)
    assert client.post(f"{BASE}reports/{report.pk}/", {"report": "述德述职述廉"}).status_code == 302
    report.refresh_from_db()
    assert report.is_submitted


def test_a_9_require_reports_from_the_page(client):
    team = make_team(members=2)
    client.force_login(team.inspector.user)
    response = client.post(f"{BASE}reports/committees/{team.committee.pk}/new/", {"year": 2026, "due_on": ""})
    assert response.status_code == 302
    assert team.committee.annual_reports.count() == 3


def test_lists_have_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    teams = [make_team(members=1) for _ in range(3)]
    inspector = teams[0].inspector
    for team in teams:
        RoleFactory(person=inspector, committee=team.committee, role=Role.DISCIPLINE_INSPECTOR)
        services.open_evaluation(team.committee, 2026, acting_user=inspector.user)
        services.require_annual_reports(team.committee, 2026, acting_user=inspector.user)
    client.force_login(inspector.user)
    for url, count in ((BASE, 3), (f"{BASE}reports/", 6), (f"{BASE}talks/", 0)):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == count


def test_a_8_api_results_only_aggregated_and_only_when_closed(client):
    team = make_team(members=1)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    client.force_login(team.secretary.user)
    lines = {s.pk: PersonRating.COMPETENT for s in evaluation.subjects.filter(person__isnull=False)}
    response = client.post(
        f"/api/evaluations/{evaluation.pk}/take-part/", {"ratings": lines}, content_type="application/json"
    )
    assert response.status_code == 200
    client.force_login(team.inspector.user)
    assert client.get(f"/api/evaluations/{evaluation.pk}/").json()["results"] == []
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    results = client.get(f"/api/evaluations/{evaluation.pk}/").json()["results"]
    assert {r["valid_votes"] for r in results if r["person"]} == {1}
    assert all(
        set(r) == {"id", "person", "person_name", "tally", "valid_votes", "invalid_votes", "flag_votes", "is_flagged"}
        for r in results
    )


# ------------------------------------------------------------------ panels


def _request(person):
    request = RequestFactory().get("/")
    request.user = person.user
    return request


def test_a_10_town_panel_shows_warnings_to_the_parent_organisation_department_only():
    town, villages = town_with_villages(10)
    services.record_village_assessment(
        town=town, village=villages[0], year=2026, is_weak_lax=True, acting_user=system_user()
    )
    for village in villages[1:]:
        services.record_village_assessment(
            town=town, village=village, year=2026, is_weak_lax=False, acting_user=system_user()
        )
    county_org = make_team(town.parent).secretary
    RoleFactory(person=county_org, committee=town.parent, role=Role.ORGANIZATION_STAFF)
    town_member = make_team(town).members[0]
    found = panels.collect("committee", _request(county_org), town)
    mine = [p for p in found if p.template.endswith("town_warnings.html")]
    assert len(mine) == 1 and [w.rule_id for w in mine[0].context["warnings"]] == ["A-10"]
    assert not [p for p in panels.collect("committee", _request(town_member), town) if "town_warnings" in p.template]


def test_a_8_person_panel_shows_flags_to_overseers_and_the_person_not_to_colleagues():
    team = make_team(members=2, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT] * 2 + [PersonRating.COMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    flagged = team.members[0]

    def flags_seen_by(person):
        found = panels.collect("person", _request(person), flagged)
        return [p for p in found if p.template.endswith("person_flags.html")]

    assert len(flags_seen_by(team.inspector)) == 1
    assert len(flags_seen_by(flagged)) == 1
    assert flags_seen_by(team.members[1]) == []
    assert flags_seen_by(team.secretary) == []


def test_deadline_urls_point_to_the_pages():
    team = make_team(members=1)
    report = services.require_annual_reports(
        team.committee, 2026, due_on=datetime.date(2026, 12, 30), acting_user=system_user()
    )[0]
    from reporting import deadlines

    assert deadlines.for_subject(report).get().url == f"{BASE}reports/{report.pk}/"


def test_a_10_the_parent_organisation_department_records_the_year_and_sees_the_warning(client):
    town, villages = town_with_villages(10)
    county_org = make_team(town.parent).secretary
    RoleFactory(person=county_org, committee=town.parent, role=Role.ORGANIZATION_STAFF)
    client.force_login(county_org.user)
    url = f"{BASE}towns/{town.pk}/"
    response = client.post(url, {"year": 2026, "weak_villages": [villages[0].pk, villages[1].pk, villages[2].pk]})
    assert response.status_code == 302
    assert town.village_assessments.filter(year=2026).count() == 10
    page = client.get(url)
    assert [w.measure for w in page.context["warnings"]] == ["adjustment_or_demotion"]  # 30% > 20%
    response = client.post(url, {"year": 2026, "rank": 3})
    assert response.status_code == 400  # rank without the number of towns
    client.force_login(make_team(town).members[0].user)
    assert client.get(url).status_code == 404


def test_a_8_problems_fed_back_and_corrected_from_the_page(client):
    team = make_team(members=1, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT, PersonRating.INCOMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    flagged = subject_of(evaluation, team.members[0])
    client.force_login(team.inspector.user)
    response = client.post(
        f"{BASE}results/{flagged.pk}/problems/", {"problems": "作风不实", "rectify_by": "2026-12-31"}
    )
    assert response.status_code == 302
    client.force_login(team.members[0].user)
    page = client.get(f"{BASE}{evaluation.pk}/")
    assert "作风不实" in page.content.decode()
    assert client.post(f"{BASE}results/{flagged.pk}/problems/", {"problems": "x"}).status_code == 403
    assert client.post(f"{BASE}results/{flagged.pk}/correction/", {"report": "已整改"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.rectified_at is not None


def test_a_9_results_feed_the_democratic_life_record_page():
    """The DL record (meetings.democratic_life) shows the object panels; a stand-in with its label."""
    from types import SimpleNamespace

    team = make_team(members=2)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT] * 3, team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    record = SimpleNamespace(
        _meta=SimpleNamespace(label="meetings.DemocraticLifeRecord"), committee=team.committee, year=2027, pk=1
    )

    def rows_seen_by(person):
        found = [p for p in panels.collect("object", _request(person), record) if p.template.endswith("results.html")]
        return len(found[0].context["results"]) if found else 0

    assert rows_seen_by(team.inspector) == 4  # team + 3 members
    assert rows_seen_by(team.members[1]) == 2  # the team and their own
    assert rows_seen_by(team.outsider) == 0


def test_a_9_home_panel_lists_the_ballot_and_the_report_owed_until_done(django_assert_max_num_queries):
    team = make_team(members=1)
    member = team.members[0]
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    report = next(
        r
        for r in services.require_annual_reports(team.committee, 2026, acting_user=system_user())
        if r.person == member
    )

    def mine():
        found = [p for p in panels.collect("home", _request(member), None) if p.template.endswith("home.html")]
        return found[0].context if found else None

    with django_assert_max_num_queries(3):
        evaluation_panels.my_evaluation_tasks(_request(member), None)
    assert mine()["ballots"] == [evaluation] and mine()["reports"] == [report]
    services.take_part(evaluation, person=member, acting_user=member.user, ratings={})
    services.submit_annual_report(report, text="报告", acting_user=member.user)
    assert mine() is None


def test_panel_templates_render():
    from django.template.loader import render_to_string

    town, villages = town_with_villages(10)
    for village in villages[:3]:
        services.record_village_assessment(
            town=town, village=village, year=2026, is_weak_lax=True, acting_user=system_user()
        )
    county_org = make_team(town.parent).secretary
    RoleFactory(person=county_org, committee=town.parent, role=Role.ORGANIZATION_STAFF)
    team = make_team(town, members=1, strict=True)
    evaluation = services.open_evaluation(town, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT] * 2, team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    request = _request(county_org)
    found = (
        panels.collect("committee", request, town)
        + panels.collect("person", request, team.members[0])
        + panels.collect("home", _request(team.members[0]), None)
    )
    html = render_to_string("includes/panels.html", {"panels": found, "obj": town, "request": request})
    assert "A-10" in html and evaluation_panels.A10_CONCERNED_ROLES
    assert f"/supervision/evaluation/{evaluation.pk}/" in html


def test_a_9_year_end_reports_are_listed_on_the_deadlines_page_only_for_those_who_may_open_them(client):
    """Issue 14: the deadline of a member's year-end report was public, so the other members saw
    a link on /deadlines/ that answered 404. It is followed by its author and the organisation
    department, who may open the report."""
    team = make_team(members=2)
    organisation = holder(team.committee, Role.ORGANIZATION_STAFF, "组织干部")
    reports = services.require_annual_reports(
        team.committee, 2026, due_on=datetime.date(2026, 12, 30), acting_user=system_user()
    )
    first, second = (next(r for r in reports if r.person == member) for member in team.members)
    links = {report: f'href="{BASE}reports/{report.pk}/"' for report in (first, second)}
    for person, expected in [(first.person, {first}), (second.person, {second}), (organisation, {first, second})]:
        client.force_login(person.user)
        page = client.get("/deadlines/").content.decode()
        assert {report for report, link in links.items() if link in page} == expected
        for report in expected:
            assert client.get(f"{BASE}reports/{report.pk}/").status_code == 200
    client.force_login(first.person.user)
    assert client.get(f"{BASE}reports/{second.pk}/").status_code == 404
