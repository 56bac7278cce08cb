"""Requested interviews (X-4): reception days owed each month and reminded, who receives whom
under cadre-management authority, the appointment and record, handling cards followed to their
reply, privacy, and the pages."""

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
from reporting.interviews import rules, services
from reporting.interviews.models import (
    CardState,
    Channel,
    HandlingCard,
    InterviewDay,
    InterviewMonth,
    InterviewRequest,
    InterviewState,
    Topic,
)
from reporting.models import DeadlineState, Notification
from tests.factories import CommitteeFactory, PortfolioFactory, user_with_role
from tests.meetings.factories import sh
from tests.printed import docx_text, read_docx, read_pdf

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = sh(2026, 11, 20, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --------------------------------------------------------------------------- rules


def test_x_4_who_receives_whom_under_cadre_management_authority():
    team, cadre = {Role.MEMBER}, {Role.OFFICE_STAFF}
    assert rules.within_authority(team, {Role.SECRETARY}, False)  # a team member: the principal leader
    assert not rules.within_authority(team, {Role.DEPUTY_SECRETARY}, False)
    assert not rules.within_authority(team, {Role.MEMBER}, True)
    assert rules.within_authority(cadre, {Role.DEPUTY_SECRETARY}, False)  # a cadre: a deputy secretary,
    assert rules.within_authority(cadre, {Role.ORGANIZATION_MEMBER}, False)  # the organisation member,
    assert rules.within_authority(cadre, {Role.MEMBER}, True)  # the leader in charge of an area,
    assert rules.within_authority(cadre, {Role.SECRETARY}, False)  # and where needed the principal leader
    assert not rules.within_authority(cadre, {Role.MEMBER}, False)  # a member in charge of nothing: designated


def test_x_4_a_month_s_reception_days_are_set_by_the_end_of_the_month_before():
    assert rules.days_set_by(D(2026, 12, 1)) == D(2026, 11, 30)
    assert rules.days_set_by(D(2027, 3, 1)) == D(2027, 2, 28)
    assert rules.days_set_by(D(2028, 3, 1)) == D(2028, 2, 29)  # a leap year
    assert rules.next_month(D(2026, 12, 31)) == D(2027, 1, 1)
    assert rules.next_month(D(2026, 1, 31)) == D(2026, 2, 1)


# --------------------------------------------------------------------------- services


@pytest.fixture
def town():
    committee = CommitteeFactory(name="柞村镇委", level=Level.TOWN)
    world = {
        "committee": committee,
        "secretary": user_with_role(committee, Role.SECRETARY, username="zc-secretary"),
        "deputy": user_with_role(committee, Role.DEPUTY_SECRETARY, username="zc-deputy"),
        "member": user_with_role(committee, Role.MEMBER, username="zc-member"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="zc-office"),
        "cadre": user_with_role(committee, Role.PETITION_STAFF, username="zc-cadre"),
        "organisation": user_with_role(committee, Role.ORGANIZATION_STAFF, username="zc-org"),
    }
    return world


def person(town, who):
    return town[who].person


DEC_8 = D(2026, 12, 8)


def reception(town, day=DEC_8, leader="secretary", by="office", place="书记办公室"):
    return services.set_day(
        committee=town["committee"], day=day, leader=person(town, leader), place=place, acting_user=town[by]
    )


def ask(town, who="cadre", leader="deputy", day=None, **extra):
    return services.request_interview(
        committee=town["committee"],
        leader=person(town, leader),
        channel=extra.pop("channel", Channel.IN_PERSON),
        topic=extra.pop("topic", Topic.PERSONAL),
        summary=extra.pop("summary", "家中老人住院，想调整下乡驻村时间"),
        day=day,
        acting_user=town[who],
        **extra,
    )


def test_x_4_the_month_owes_its_reception_days_and_the_engine_reminds_the_office(town):
    with time_machine.travel(sh(2026, 11, 1, 0, 50), tick=False):
        assert services.ensure_next_month(acting_user=system_user()) == 1
    december = InterviewMonth.objects.get(committee=town["committee"], month=D(2026, 12, 1))
    assert (december.required, december.scheduled) == (1, 0)
    deadline = deadlines.for_subject(december).get()
    assert deadline.rule_id == "X-4" and deadline.due_at == sh(2026, 12, 1, 0)  # by the end of November
    deadlines.scan(now=sh(2026, 11, 24, 9))  # a week before
    assert person(town, "office") in {n.recipient for n in Notification.objects.filter(deadline=deadline)}
    reception(town)  # one day set: met
    december.refresh_from_db()
    assert december.scheduled == 1 and deadlines.for_subject(december).get().state == DeadlineState.MET


def test_x_4_two_leaders_on_one_day_are_one_day_and_the_rule_set_s_number_counts(town):
    rule_set = current_rules(town["committee"]).rule_set
    publish_rule_set_version(rule_set, acting_user=system_user(), interview_days_per_month=2)
    reception(town, D(2026, 12, 8), "secretary")
    reception(town, D(2026, 12, 8), "deputy")
    december = InterviewMonth.objects.get(month=D(2026, 12, 1))
    assert (december.scheduled, december.is_met) == (1, False)  # the same day: one of two
    reception(town, D(2026, 12, 22), "secretary")
    december.refresh_from_db()
    assert december.is_met


def test_x_4_a_branch_keeps_no_reception_days(town):
    CommitteeFactory(level=Level.BRANCH, parent=town["committee"])
    with time_machine.travel(sh(2026, 11, 1, 0, 50), tick=False):
        assert services.ensure_next_month(acting_user=system_user()) == 1  # the town only


def test_x_4_reception_days_are_set_by_the_office_ahead_for_a_team_member(town):
    for who in ("secretary", "member", "organisation", "cadre"):
        with pytest.raises(RuleViolation) as refused:
            reception(town, by=who)
        assert refused.value.rule_id == "X-4"
    with pytest.raises(ValidationError) as refused:
        reception(town, D(2026, 11, 19))  # yesterday
    assert "day" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        reception(town, D(2026, 12, 12))  # a Saturday
    assert "day" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        reception(town, leader="cadre")  # not on the team
    assert "leader" in refused.value.message_dict
    day = reception(town)
    with pytest.raises(ValidationError):
        reception(town)  # twice the same day for the same leader
    assert InterviewDay.objects.count() == 1
    ask(town, leader="secretary", day=day)
    with pytest.raises(ValidationError):
        services.remove_day(day, acting_user=town["office"])  # booked: it stays on the record
    free = reception(town, D(2026, 12, 22))
    with pytest.raises(RuleViolation):
        services.remove_day(free, acting_user=town["secretary"])
    with time_machine.travel(sh(2026, 12, 23, 9), tick=False), pytest.raises(ValidationError):
        services.remove_day(free, acting_user=town["office"])  # past: it stays on the record
    services.remove_day(free, acting_user=town["office"])
    assert list(InterviewDay.objects.all()) == [day]


def test_x_4_a_request_on_a_reception_day_is_booked_at_once(town):
    day = reception(town, leader="deputy", place="副书记办公室")
    interview = ask(town, day=day)
    assert interview.state == InterviewState.SCHEDULED
    assert interview.scheduled_at == sh(2026, 12, 8, 9) and interview.place == "副书记办公室"
    assert not services.is_designated(interview)  # a cadre received by a deputy secretary


def test_x_4_the_leader_chosen_outside_authority_is_designated(town):
    assert services.is_designated(ask(town, who="member", leader="deputy"))  # a team member → the principal
    assert not services.is_designated(ask(town, who="member", leader="secretary"))
    in_charge = ask(town, who="cadre", leader="member")
    assert services.is_designated(in_charge)
    PortfolioFactory(person=person(town, "member"), committee=town["committee"])  # now in charge of an area
    assert not services.is_designated(in_charge)


def test_x_4_bad_requests_are_refused_and_nothing_is_stored(town):
    day = reception(town, leader="secretary")
    with pytest.raises(ValidationError) as refused:
        ask(town, day=day, leader="deputy")  # the secretary's day, not the deputy's
    assert "day" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        ask(town, summary="   ")
    assert "summary" in refused.value.message_dict
    with pytest.raises(ValidationError):
        ask(town, who="deputy", leader="deputy")  # oneself
    with pytest.raises(ValidationError):
        ask(town, leader="office")  # the office is not a leader
    with pytest.raises(ValidationError):
        ask(town, topic="gossip")
    outsider = user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF)
    with pytest.raises(RuleViolation):
        services.request_interview(
            committee=town["committee"],
            leader=person(town, "deputy"),
            channel=Channel.PHONE,
            topic=Topic.OTHER,
            summary="x",
            acting_user=outsider,
        )
    assert not InterviewRequest.objects.exists()


def test_x_4_only_the_leader_schedules_declines_and_records_and_only_the_cadre_withdraws(town):
    interview = ask(town, is_urgent=True)
    for who in ("secretary", "office", "organisation", "cadre"):
        with pytest.raises(RuleViolation):
            services.schedule(interview, at=sh(2026, 11, 21, 15), acting_user=town[who])
    with pytest.raises(ValidationError):
        services.schedule(interview, at=sh(2026, 11, 19, 15), acting_user=town["deputy"])  # the past
    services.schedule(interview, at=sh(2026, 11, 21, 15), place="副书记办公室", acting_user=town["deputy"])
    with pytest.raises(RuleViolation):
        services.withdraw(interview, acting_user=town["deputy"])
    with pytest.raises(ValidationError):
        services.decline(interview, explanation=" ", acting_user=town["deputy"])  # an explanation is owed
    with pytest.raises(ValidationError) as refused:
        services.record_interview(interview, held_at=sh(2026, 11, 21, 15), record="…", acting_user=town["deputy"])
    assert "held_at" in refused.value.message_dict  # not held yet
    with time_machine.travel(sh(2026, 11, 21, 17), tick=False):
        with pytest.raises(ValidationError):
            services.record_interview(interview, held_at=sh(2026, 11, 21, 15), record="", acting_user=town["deputy"])
        held = services.record_interview(
            interview, held_at=sh(2026, 11, 21, 15), record="谈了家中困难，同意调整驻村时间", acting_user=town["deputy"]
        )
    assert held.state == InterviewState.HELD
    with pytest.raises(ValidationError):
        services.withdraw(held, acting_user=town["cadre"])  # held: nothing to withdraw
    other = ask(town, leader="secretary")
    services.decline(other, explanation="近期外出学习，请改约副书记", acting_user=town["secretary"])
    other.refresh_from_db()
    assert other.state == InterviewState.DECLINED
    third = ask(town, leader="secretary")
    assert services.withdraw(third, acting_user=town["cadre"]).state == InterviewState.WITHDRAWN


def held_interview(town):
    interview = ask(town)
    services.schedule(interview, at=sh(2026, 11, 20, 10, 30), acting_user=town["deputy"])
    with time_machine.travel(sh(2026, 11, 20, 11), tick=False):
        return services.record_interview(
            interview, held_at=sh(2026, 11, 20, 10, 30), record="反映村道破损，影响出行", acting_user=town["deputy"]
        )


def test_x_4_a_handling_card_follows_the_matter_to_its_reply(town):
    interview = held_interview(town)
    with time_machine.travel(sh(2026, 11, 20, 12), tick=False):
        with pytest.raises(RuleViolation):
            services.open_card(
                interview, matter="m", instruction="i", unit="u", reply_due=D(2026, 12, 4), acting_user=town["office"]
            )
        card = services.open_card(
            interview,
            matter="石板村村道破损",
            instruction="请镇村建办核实并提出修复方案",
            unit="镇村建办",
            reply_due=D(2026, 12, 4),
            acting_user=town["deputy"],
        )
    deadline = deadlines.for_subject(card).get()
    assert deadline.due_at == sh(2026, 12, 5, 0) and deadline.is_private
    deadlines.scan(now=sh(2026, 11, 28, 9))  # a week before: the leader who opened it
    reminded = {n.recipient for n in Notification.objects.filter(deadline=deadline)}
    assert reminded == {person(town, "deputy")}  # the card carries the confidential matter: not the office
    for who in ("organisation", "office", "cadre"):
        with pytest.raises(RuleViolation):
            services.reply_card(card, outcome="已修复", replied_on=D(2026, 11, 20), acting_user=town[who])
    with pytest.raises(ValidationError):
        services.reply_card(card, outcome="已修复", replied_on=D(2026, 11, 21), acting_user=town["deputy"])  # future
    with pytest.raises(ValidationError):
        services.reply_card(card, outcome=" ", replied_on=D(2026, 11, 20), acting_user=town["deputy"])
    replied = services.reply_card(
        card, outcome="已列入年内维修计划，答复本人", replied_on=D(2026, 11, 20), acting_user=town["deputy"]
    )
    assert replied.state == CardState.REPLIED
    assert deadlines.for_subject(card).get().state == DeadlineState.MET
    with pytest.raises(ValidationError):
        services.reply_card(card, outcome="again", replied_on=D(2026, 11, 20), acting_user=town["deputy"])


def test_x_4_no_card_before_the_interview_was_held(town):
    with pytest.raises(ValidationError):
        services.open_card(
            ask(town), matter="m", instruction="i", unit="u", reply_due=D(2026, 12, 4), acting_user=town["deputy"]
        )
    assert not HandlingCard.objects.exists()


# --------------------------------------------------------------------------- privacy and pages


def test_x_4_the_request_is_seen_by_the_two_parties_and_the_organisation_department_only(client, town):
    interview = held_interview(town)
    url = reverse("interview_detail", args=[interview.pk])
    for who in ("cadre", "deputy", "organisation"):
        client.force_login(town[who])
        page = client.get(url)
        assert page.status_code == 200 and "反映村道破损" in page.content.decode()
    for who in ("secretary", "office", "member"):  # the same committee, not a party
        client.force_login(town[who])
        assert client.get(url).status_code == 404
        assert client.get("/api/interview-requests/").json()["results"] == []
    client.force_login(town["organisation"])
    assert [r["id"] for r in client.get("/api/interview-requests/").json()["results"]] == [interview.pk]


def test_x_4_a_cadre_asks_on_the_page_and_the_leader_records(client, town):
    day = reception(town, leader="deputy")
    client.force_login(town["cadre"])
    page = client.get(reverse("interviews_mine"))
    assert page.status_code == 200 and page.context["can_request"]
    data = {
        "committee": town["committee"].pk,
        "leader": person(town, "deputy").pk,
        "day": day.pk,
        "channel": Channel.PHONE,
        "topic": Topic.SUGGESTION,
        "summary": "建议镇里统一建设村级党群服务中心",
    }
    response = client.post(reverse("interviews_mine"), data)
    interview = InterviewRequest.objects.get()
    assert response.status_code == 302 and interview.state == InterviewState.SCHEDULED
    refused = client.post(reverse("interviews_mine"), data | {"leader": person(town, "secretary").pk})
    assert refused.status_code == 400 and "建议镇里统一建设" in refused.content.decode()  # the wrong day, kept
    assert InterviewRequest.objects.count() == 1
    client.force_login(town["deputy"])
    asked_of_me = client.get(reverse("interviews_mine")).context["to_me"]
    assert list(asked_of_me) == [interview]
    act = reverse("interview_act", args=[interview.pk, "record"])
    assert client.post(act, {"held_at": "2026-12-08T09:00", "record": "x"}).status_code == 400  # not held yet
    with time_machine.travel(sh(2026, 12, 8, 11), tick=False):
        client.force_login(town["deputy"])
        assert client.post(act, {"held_at": "2026-12-08T09:00", "record": "听取了建议"}).status_code == 302
        card = {"matter": "党群服务中心", "instruction": "请党建办研究", "unit": "镇党建办", "reply_due": "2026-12-18"}
        assert client.post(reverse("interview_act", args=[interview.pk, "card"]), card).status_code == 302
    interview.refresh_from_db()
    assert interview.state == InterviewState.HELD and interview.cards.count() == 1
    client.force_login(town["cadre"])
    assert client.post(reverse("interview_act", args=[interview.pk, "nonsense"])).status_code == 404


def test_x_4_the_office_sets_days_on_the_committee_page(client, town):
    url = reverse("interviews_committee", args=[town["committee"].pk])
    data = {"day": "2026-12-08", "leader": person(town, "secretary").pk, "place": "书记办公室"}
    client.force_login(town["member"])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(town["office"])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"day": "2026-11-01"}).status_code == 400  # passed
    page = client.get(url + "?month=2026-12")
    assert page.context["months"][0][1][0].place == "书记办公室"
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF))
    assert client.get(url).status_code == 404


def test_x_4_the_card_prints_as_a_form(client, town):
    interview = held_interview(town)
    with time_machine.travel(sh(2026, 11, 20, 12), tick=False):
        card = services.open_card(
            interview,
            matter="石板村村道破损",
            instruction="请镇村建办核实并提出修复方案",
            unit="镇村建办",
            reply_due=D(2026, 12, 4),
            acting_user=town["deputy"],
        )
    client.force_login(town["cadre"])
    url = reverse("interview_card_document", args=[card.pk])
    printed = read_pdf(client.get(url).content)
    assert "约谈意见处理卡" in printed.text and "柞村镇委约〔2026〕1号" in printed.text
    assert "约谈日期2026年11月20日承办单位镇村建办" in printed.text
    assert "石板村村道破损" in printed.text and "请镇村建办核实并提出修复方案" in printed.text
    assert "镇村建办" in docx_text(read_docx(client.get(url + "?format=docx").content))
    client.force_login(town["secretary"])
    assert client.get(url).status_code == 404


def _waiting(user, kind):
    from committees import todo

    return [row for row in todo.waiting_for(user) if row.kind == kind]


def test_x_4_requests_and_cards_wait_for_whoever_acts_on_them(town):
    ask(town)
    assert [row.kind for row in _waiting(town["deputy"], "interview")] == ["interview"]
    assert _waiting(town["secretary"], "interview") == []  # not asked
    held = held_interview(town)
    with time_machine.travel(sh(2026, 11, 20, 12), tick=False):
        services.open_card(
            held,
            matter="村道破损",
            instruction="核实",
            unit="镇村建办",
            reply_due=D(2026, 12, 4),
            acting_user=town["deputy"],
        )
    [row] = _waiting(town["deputy"], "interview_card")
    assert row.due_at.date() == D(2026, 12, 4)
    assert _waiting(town["office"], "interview_card") == [] == _waiting(town["organisation"], "interview_card")
    assert len(_waiting(town["deputy"], "interview")) == 1  # the held one no longer waits


def test_x_4_next_month_s_reception_days_wait_in_the_office_s_list(town):
    with time_machine.travel(sh(2026, 11, 1, 0, 50), tick=False):
        services.ensure_next_month(acting_user=system_user())
    [row] = _waiting(town["office"], "office_duty")
    assert row.due_at == sh(2026, 12, 1, 0)
    assert _waiting(town["secretary"], "office_duty") == []
    reception(town)
    assert _waiting(town["office"], "office_duty") == []
