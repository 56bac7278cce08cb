"""Party-affairs openness assessment (X-2): the 100-point sheet and its grades, the effect on the
annual assessment, the routine and year-end checks the engine watches, who records, and the pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.actors import system_user
from committees.models import Level, Role
from committees.rules import RuleViolation
from committees.selectors import current_rules
from committees.services import publish_rule_set_version
from reporting import deadlines
from reporting.models import DeadlineState, Notification
from reporting.openness import rules, services
from reporting.openness.models import CheckKind, Grade, OpennessCheck, OpennessDuty
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import sh
from tests.printed import assert_laid_out_on_the_page, docx_text, read_docx, read_pdf

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = sh(2026, 11, 20, 10)
FULL = {"content": 30, "system": 30, "publicity": 20, "supervision": 15, "other": 5}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def version(**values):
    defaults = {
        "disclosure_excellent_score": 90, "disclosure_good_score": 80, "disclosure_pass_score": 60,
        "disclosure_excellent_bonus_percent": 20, "disclosure_good_bonus_percent": 10,
        "disclosure_fail_penalty_percent": 20, "disclosure_annual_check_days": 31,
    }  # fmt: skip
    return type("V", (), defaults | values)()


# --------------------------------------------------------------------------- rules


def test_x_2_grades_at_the_edges_of_the_thresholds():
    v = version()
    assert rules.grade(100, v) == rules.grade(90, v) == Grade.EXCELLENT
    assert rules.grade(89, v) == rules.grade(80, v) == Grade.GOOD
    assert rules.grade(79, v) == rules.grade(60, v) == Grade.PASS
    assert rules.grade(59, v) == rules.grade(0, v) == Grade.FAIL
    assert rules.grade(89, version(disclosure_excellent_score=85)) == Grade.EXCELLENT  # the rule set's numbers


def test_x_2_the_year_end_grade_raises_or_lowers_the_annual_assessment():
    v = version()
    assert rules.effect_percent(Grade.EXCELLENT, v) == 20
    assert rules.effect_percent(Grade.GOOD, v) == 10
    assert rules.effect_percent(Grade.PASS, v) == 0
    assert rules.effect_percent(Grade.FAIL, v) == -20
    assert rules.effect_percent(None, v) == 0  # not checked: no effect
    assert rules.effect_percent(Grade.FAIL, version(disclosure_fail_penalty_percent=15)) == -15


def test_x_2_routine_checks_are_spread_over_the_year_and_the_year_end_check_is_due_early_next_year():
    assert rules.routine_due_on(2026, 1, 2) == D(2026, 6, 30)
    assert rules.routine_due_on(2026, 2, 2) == D(2026, 12, 31)
    assert [rules.routine_due_on(2026, n, 3) for n in (1, 2, 3)] == [D(2026, 4, 30), D(2026, 8, 31), D(2026, 12, 31)]
    assert rules.routine_due_on(2028, 1, 6) == D(2028, 2, 29)  # a leap year's February
    assert rules.annual_due_on(2026, version()) == D(2027, 1, 31)
    assert rules.annual_due_on(2026, version(disclosure_annual_check_days=1)) == D(2027, 1, 1)
    assert rules.year_of_check(CheckKind.ANNUAL, D(2027, 1, 15), None) == 2026  # January: the year before
    assert rules.year_of_check(CheckKind.ANNUAL, D(2026, 12, 28), None) == 2026
    assert rules.year_of_check(CheckKind.ROUTINE, D(2027, 1, 15), None) == 2027


def test_x_2_the_rule_set_refuses_a_sheet_not_of_100_points_and_grades_that_do_not_rise():
    county = CommitteeFactory(level=Level.COUNTY)
    rule_set = current_rules(county).rule_set
    with pytest.raises(ValidationError) as refused:
        publish_rule_set_version(rule_set, acting_user=system_user(), disclosure_other_points=6)  # 101 points
    assert "101" in str(refused.value.message_dict["disclosure_content_points"])
    with pytest.raises(ValidationError) as refused:
        publish_rule_set_version(rule_set, acting_user=system_user(), disclosure_good_score=90)  # = excellent
    assert "disclosure_excellent_score" in refused.value.message_dict
    moved = publish_rule_set_version(
        rule_set, acting_user=system_user(), disclosure_other_points=0, disclosure_publicity_points=25
    )
    assert rules.sheet(moved)["publicity"] == 25  # another split of the same 100 points is fine


# --------------------------------------------------------------------------- services


@pytest.fixture
def town():
    committee = CommitteeFactory(name="柞村镇委", level=Level.TOWN)
    village = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=committee)
    return {
        "committee": committee,
        "village": village,
        "other_village": CommitteeFactory(name="李家村党支部", level=Level.BRANCH, parent=committee),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="zc-office"),
        "organisation": user_with_role(committee, Role.ORGANIZATION_STAFF, username="zc-org"),
        "secretary": user_with_role(committee, Role.SECRETARY, username="zc-secretary"),
        "member": user_with_role(committee, Role.MEMBER, username="zc-member"),
        "branch": user_with_role(village, Role.SECRETARY, username="ty-secretary"),
    }


MAY_12 = D(2026, 5, 12)


def check(town, kind=CheckKind.ROUTINE, held_on=MAY_12, by="office", unit="village", **extra):
    return services.record_check(
        committee=town["committee"],
        unit=town[unit],
        kind=kind,
        held_on=held_on,
        scores=extra.pop("scores", FULL | {"supervision": 10}),
        acting_user=town[by],
        **extra,
    )


def duty(town, kind=CheckKind.ROUTINE, unit="village", year=2026):
    return OpennessDuty.objects.get(unit=town[unit], year=year, kind=kind)


def test_x_2_a_check_is_scored_part_by_part_and_graded(town):
    recorded = check(town, findings="公开栏内容更新不及时", assessors="王磊、陈静")
    assert (recorded.total, recorded.grade, recorded.year) == (95, Grade.EXCELLENT, 2026)
    assert recorded.rule_set_version == current_rules(town["committee"])
    assert recorded.recorded_by == town["office"].person
    scores = FULL | {"content": 20, "system": 20, "publicity": 10, "supervision": 5, "other": 4}  # 59
    assert check(town, scores=scores, by="organisation").grade == Grade.FAIL  # one point short of a pass


def test_x_2_bad_input_is_refused_and_nothing_is_stored(town):
    with pytest.raises(ValidationError) as refused:
        check(town, scores=FULL | {"content": 31})  # over the part's 30 points (and so over 100)
    assert "30" in str(refused.value.message_dict["score_content"])
    with pytest.raises(ValidationError) as refused:
        check(town, scores=FULL | {"other": -1})
    assert "score_other" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        check(town, scores={"content": 30})  # parts left out
    assert "score_system" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        check(town, held_on=D(2026, 11, 21))  # tomorrow
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        check(town, unit="committee")  # the town is not a unit under itself
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError):
        check(town, held_on=D(1, 1, 1))
    with pytest.raises(ValidationError) as refused:
        check(town, held_on=D(2026, 5, 12), year=2025)  # a routine check assesses the year it is held in
    assert "year" in refused.value.message_dict
    with pytest.raises(ValidationError):
        check(town, kind="audit")
    assert not OpennessCheck.objects.exists() and not OpennessDuty.objects.exists()


def test_x_2_one_year_end_check_a_year_held_late_in_the_year_or_early_in_the_next(town):
    with time_machine.travel(sh(2027, 1, 12, 10), tick=False):
        january = check(town, kind=CheckKind.ANNUAL, held_on=D(2027, 1, 10))
        assert january.year == 2026  # held in January: the year before
        with pytest.raises(ValidationError) as refused:
            check(town, kind=CheckKind.ANNUAL, held_on=D(2027, 1, 11), year=2026)
        assert "kind" in refused.value.message_dict
        assert check(town, kind=CheckKind.ANNUAL, held_on=D(2027, 1, 11), year=2027).year == 2027  # allowed
    assert OpennessCheck.objects.filter(kind=CheckKind.ANNUAL).count() == 2


def test_x_2_who_records_inside_the_town(town):
    check(town, by="office")
    check(town, by="organisation")
    for who in ("secretary", "member", "branch"):  # the principal leader, a team member, the unit itself
        with pytest.raises(RuleViolation) as refused:
            check(town, by=who)
        assert refused.value.rule_id == "X-2"
    outsider = user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF)
    with pytest.raises(RuleViolation):
        services.record_check(
            committee=town["committee"],
            unit=town["village"],
            kind=CheckKind.ROUTINE,
            held_on=D(2026, 5, 12),
            scores=FULL,
            acting_user=outsider,
        )
    assert OpennessCheck.objects.count() == 2


def test_x_2_the_routine_duty_moves_with_each_check_is_met_and_reopens(town):
    services.ensure_year(D(2026, 3, 1), acting_user=system_user())
    routine = deadlines.for_subject(duty(town)).get()
    assert routine.rule_id == "X-2" and routine.committee == town["committee"]
    assert routine.due_at == sh(2026, 7, 1, 0)  # the first of two by the end of 30 June
    year_end = deadlines.for_subject(duty(town, CheckKind.ANNUAL)).get()
    assert year_end.due_at == sh(2027, 2, 1, 0)  # by the end of 31 January next year
    check(town, held_on=D(2026, 5, 12))
    routine.refresh_from_db()
    assert routine.due_at == sh(2027, 1, 1, 0) and duty(town).done == 1  # the second by the year's end
    check(town, kind=CheckKind.FOCUSED, held_on=D(2026, 9, 3))  # a focused check is not a routine one
    assert duty(town).done == 1
    second = check(town, held_on=D(2026, 10, 20))
    assert duty(town).is_met
    assert deadlines.for_subject(duty(town)).get().state == DeadlineState.MET
    services.remove_check(second, acting_user=town["organisation"])
    assert duty(town).done == 1
    reopened = deadlines.for_subject(duty(town)).exclude(state=DeadlineState.MET).get()
    assert reopened.due_at == sh(2027, 1, 1, 0)


def test_x_2_a_missing_check_reminds_the_office_and_escalates_to_the_principal_leader(town):
    with time_machine.travel(sh(2026, 3, 1, 0, 45), tick=False):  # the nightly round on 1 March
        services.ensure_year(acting_user=system_user())
    routine = deadlines.for_subject(duty(town)).get()
    deadlines.scan(now=sh(2026, 6, 24, 9))  # a week before 30 June
    reminded = {n.recipient for n in Notification.objects.filter(deadline=routine)}
    assert town["office"].person in reminded  # no owner: the assessing committee's office
    deadlines.scan(now=sh(2026, 7, 1, 0, 1))
    deadlines.scan(now=sh(2026, 7, 2, 0, 5))
    routine.refresh_from_db()
    assert routine.state == DeadlineState.OVERDUE
    escalated = Notification.objects.filter(deadline=routine, step_kind="escalation")
    assert town["secretary"].person in {n.recipient for n in escalated}
    check(town, held_on=D(2026, 7, 3), today=D(2026, 7, 3))  # late, but done: the next is due at the year's end
    routine.refresh_from_db()
    assert routine.due_at == sh(2027, 1, 1, 0)


def test_x_2_the_nightly_round_gives_every_unit_its_duties_and_one_error_stops_nobody(town, monkeypatch):
    real = services.refresh_duties

    def failing_for_one(committee, unit, *args, **kwargs):
        if unit == town["other_village"]:
            raise RuntimeError("a broken row")
        return real(committee, unit, *args, **kwargs)

    monkeypatch.setattr(services, "refresh_duties", failing_for_one)
    assert services.ensure_year(D(2026, 3, 1), acting_user=system_user()) == 1
    monkeypatch.setattr(services, "refresh_duties", real)
    services.ensure_year(D(2026, 3, 1), acting_user=system_user())
    services.ensure_year(D(2026, 3, 2), acting_user=system_user())  # idempotent
    assert OpennessDuty.objects.count() == 2 * 2  # two units, routine and year-end
    assert set(OpennessDuty.objects.values_list("required", flat=True)) == {2, 1}


def test_x_2_a_rule_set_asking_for_no_routine_check_owes_only_the_year_end_one(town):
    rule_set = current_rules(town["committee"]).rule_set
    publish_rule_set_version(rule_set, acting_user=system_user(), disclosure_checks_per_year=0)
    services.ensure_year(D(2026, 3, 1), acting_user=system_user())
    assert set(OpennessDuty.objects.values_list("kind", flat=True)) == {CheckKind.ANNUAL}


# --------------------------------------------------------------------------- pages


def form_data(town, **values):
    data = {"unit": town["village"].pk, "kind": CheckKind.ROUTINE, "held_on": "2026-05-12"}
    data |= {f"score_{part}": points for part, points in FULL.items()}
    return data | values


def test_x_2_the_board_records_a_check_for_the_office_only(client, town):
    url = reverse("openness_committee", args=[town["committee"].pk])
    client.force_login(town["member"])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_record"]
    assert client.post(url, form_data(town)).status_code == 403
    client.force_login(town["office"])
    response = client.post(url, form_data(town))
    assert response.status_code == 302
    recorded = OpennessCheck.objects.get()
    assert recorded.total == 100 and recorded.grade == Grade.EXCELLENT
    page = client.get(url + "?year=2026")
    row = next(r for r in page.context["rows"] if r.unit == town["village"])
    assert [c.pk for c in row.routine] == [recorded.pk]
    assert "桃源村党支部" in page.content.decode()
    outsider = user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("openness_check", args=[recorded.pk])).status_code == 404


def test_x_2_a_score_over_the_part_comes_back_on_the_form_and_nothing_is_stored(client, town):
    client.force_login(town["office"])
    url = reverse("openness_committee", args=[town["committee"].pk])
    response = client.post(url, form_data(town, score_content="31", findings="公开栏缺少党费收缴情况"))
    assert response.status_code == 400
    assert response.context["form"].errors["score_content"]
    assert "公开栏缺少党费收缴情况" in response.content.decode()  # the input is kept
    assert not OpennessCheck.objects.exists()


def test_x_2_the_unit_sees_its_check_and_the_effect_on_its_annual_assessment(client, town):
    with time_machine.travel(sh(2027, 1, 12, 10), tick=False):
        year_end = check(town, kind=CheckKind.ANNUAL, held_on=D(2027, 1, 10), scores=FULL | {"content": 12})  # 87
        client.force_login(town["branch"])
        page = client.get(reverse("openness_check", args=[year_end.pk]))
        assert page.status_code == 200 and page.context["effect"] == 10  # good: +10 %
        assert "+10%" in page.content.decode()
        assert client.post(reverse("openness_check_remove", args=[year_end.pk])).status_code == 302
        assert OpennessCheck.objects.filter(pk=year_end.pk).exists()  # the unit may not remove it
        client.force_login(town["organisation"])
        town_page = client.get(reverse("evaluation_town_assessment", args=[town["committee"].pk]))
        rows = dict(town_page.context["openness"])
        assert (2026, year_end, 10) in rows[town["village"]]
        assert (2026, None, 0) in rows[town["other_village"]]


def test_x_2_the_year_prints_as_the_committee_s_notice(client, town):
    check(town, held_on=D(2026, 5, 12))
    with time_machine.travel(sh(2026, 12, 28, 10), tick=False):
        check(town, kind=CheckKind.ANNUAL, held_on=D(2026, 12, 28))  # 95: excellent
        check(town, kind=CheckKind.ANNUAL, held_on=D(2026, 12, 28), unit="other_village", scores=FULL | {"content": 0})
        url = reverse("openness_committee_document", args=[town["committee"].pk]) + "?year=2026"
        client.force_login(town["branch"].__class__.objects.get(username="zc-member"))
        printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "关于2026年度党务公开考核结果的通报" in printed.text
    assert "共考核2个单位，开展平时考核1次、集中考核0次、年度考核2次" in printed.text
    assert "李家村党支部——70合格±0" in printed.text  # no routine check, no focused check; 70: pass
    assert "桃源村党支部95—95优秀+20%" in printed.text
    assert "对评为优秀档次的桃源村党支部给予表彰" in printed.text
    assert "通报批评" not in printed.text  # nobody failed
    words = docx_text(read_docx(client.get(url + "&format=docx").content))
    assert "桃源村党支部" in words


def test_x_2_the_api_lists_the_checks_of_the_units_one_sees(client, town):
    check(town)
    client.force_login(town["branch"])
    listed = client.get("/api/openness-checks/").json()
    assert [row["unit_name"] for row in listed["results"]] == ["桃源村党支部"]
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF))
    assert client.get("/api/openness-checks/").json()["results"] == []


def test_x_2_a_missing_check_waits_in_the_office_s_to_do_list(town):
    from committees import todo

    services.ensure_year(D(2026, 3, 1), acting_user=system_user())
    rows = [row for row in todo.waiting_for(town["office"]) if row.kind == "office_duty"]
    assert len(rows) == 2 * 2  # two units, routine and year-end
    assert not [row for row in todo.waiting_for(town["secretary"]) if row.kind == "office_duty"]
