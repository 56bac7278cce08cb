"""Talks (X-3): the yearly plan and its coverage by period with the engine's reminders, recording
a talk, the must-talk occasions the system knows (a post taken up or left, retirement, an
accountability decision, an untruthful personal-matter report), privacy, and the pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import services as committee_services
from committees.actors import system_user
from committees.models import Level, Role
from committees.rules import RuleViolation
from committees.selectors import current_rules
from committees.services import publish_rule_set_version
from reporting import deadlines
from reporting.models import DeadlineState
from supervision.talks import rules, services
from supervision.talks.models import MustTalk, PairKind, Talk, TalkDuty, TalkPlanLine, Trigger
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, user_with_role
from tests.meetings.factories import sh

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = sh(2026, 11, 20, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def version(**values):
    defaults = {"principal_talks_per_year": 2, "team_talks_per_year": 2, "staff_talks_per_quarter": 1}
    return type("V", (), defaults | values)()


def test_x_3_how_often_each_pair_talks_and_in_which_periods():
    assert rules.required(PairKind.PRINCIPAL_TEAM, version()) == 2
    assert rules.required(PairKind.TEAM_HEAD, version(team_talks_per_year=3)) == 3
    assert rules.required(PairKind.HEAD_STAFF, version()) == 1
    assert rules.periods(PairKind.PRINCIPAL_TEAM, 2026) == [(D(2026, 1, 1), D(2026, 12, 31))]
    quarters = rules.periods(PairKind.HEAD_STAFF, 2026)
    assert [end for _start, end in quarters] == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]
    assert rules.period_of(PairKind.HEAD_STAFF, D(2026, 3, 31)) == (D(2026, 1, 1), D(2026, 3, 31))  # the last day
    assert rules.period_of(PairKind.HEAD_STAFF, D(2026, 4, 1)) == (D(2026, 4, 1), D(2026, 6, 30))
    assert rules.talker_role({Role.MEMBER}) == (Role.SECRETARY,)
    assert rules.talker_role({Role.OFFICE_STAFF}) == (Role.ORGANIZATION_MEMBER, Role.SECRETARY)


@pytest.fixture
def town():
    committee = CommitteeFactory(name="柞村镇委", level=Level.TOWN)
    return {
        "committee": committee,
        "secretary": user_with_role(committee, Role.SECRETARY, username="zc-secretary"),
        "deputy": user_with_role(committee, Role.DEPUTY_SECRETARY, username="zc-deputy"),
        "member": user_with_role(committee, Role.MEMBER, username="zc-member"),
        "orgmember": user_with_role(committee, Role.ORGANIZATION_MEMBER, username="zc-orgmember"),
        "orgstaff": user_with_role(committee, Role.ORGANIZATION_STAFF, username="zc-orgstaff"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="zc-office"),
        "inspector": user_with_role(committee, Role.DISCIPLINE_INSPECTOR, username="zc-inspector"),
    }


def person(town, who):
    return town[who].person


JUNE_5 = D(2026, 6, 5)


def talk(town, leader="secretary", counterpart="member", held_on=JUNE_5, by=None, **extra):
    return services.record_talk(
        committee=town["committee"],
        leader=person(town, leader),
        counterpart=person(town, counterpart),
        held_on=held_on,
        record=extra.pop("record", "交流分管工作和思想情况"),
        acting_user=town[by or leader],
        **extra,
    )


def test_x_3_the_principal_leader_s_lines_and_their_coverage(town):
    assert services.ensure_plan(town["committee"], 2026, acting_user=system_user()) == 3  # deputy, member, org member
    line = TalkPlanLine.objects.get(counterpart=person(town, "member"))
    assert (line.kind, line.leader, line.required) == (PairKind.PRINCIPAL_TEAM, person(town, "secretary"), 2)
    duty = TalkDuty.objects.get(line=line)
    deadline = deadlines.for_subject(duty).get()
    assert deadline.rule_id == "X-3" and deadline.owner == person(town, "secretary")
    assert deadline.due_at == sh(2027, 1, 1, 0)  # by the year's end
    talk(town)
    duty.refresh_from_db()
    assert duty.done == 1 and not duty.is_met
    talk(town, leader="member", counterpart="secretary", held_on=D(2026, 10, 9))  # the member's own record
    duty.refresh_from_db()
    assert duty.done == 1  # does not meet the secretary's duty
    talk(town, held_on=D(2026, 10, 9), by="orgstaff")  # the organisation department records the secretary's
    duty.refresh_from_db()
    assert duty.is_met and deadlines.for_subject(duty).get().state == DeadlineState.MET
    assert deadlines.for_subject(duty).get().is_private
    assert services.ensure_plan(town["committee"], 2026, acting_user=system_user()) == 3  # idempotent


def test_x_3_a_department_head_with_staff_counts_by_the_quarter(town):
    line = services.add_line(
        committee=town["committee"],
        year=2026,
        kind=PairKind.HEAD_STAFF,
        leader=person(town, "orgstaff"),
        counterpart=person(town, "office"),
        acting_user=town["orgmember"],
    )
    duty = TalkDuty.objects.get(line=line)
    assert (duty.period_start, duty.period_end, duty.required) == (D(2026, 10, 1), D(2026, 12, 31), 1)
    talk(town, leader="orgstaff", counterpart="office", held_on=D(2026, 9, 30))  # the quarter before
    duty.refresh_from_db()
    assert duty.done == 0
    talk(town, leader="orgstaff", counterpart="office", held_on=D(2026, 10, 1))
    duty.refresh_from_db()
    assert duty.is_met


def test_x_3_who_keeps_the_plan_and_who_records_inside_the_committee(town):
    for who in ("secretary", "member", "office", "inspector"):
        with pytest.raises(RuleViolation) as refused:
            services.add_line(
                committee=town["committee"],
                year=2026,
                kind=PairKind.TEAM_HEAD,
                leader=person(town, "member"),
                counterpart=person(town, "office"),
                acting_user=town[who],
            )
        assert refused.value.rule_id == "X-3"
    with pytest.raises(ValidationError) as refused:
        services.add_line(
            committee=town["committee"],
            year=2026,
            kind=PairKind.TEAM_HEAD,
            leader=person(town, "office"),  # not on the team
            counterpart=person(town, "inspector"),
            acting_user=town["orgstaff"],
        )
    assert "leader" in refused.value.message_dict
    with pytest.raises(RuleViolation):
        talk(town, by="member")  # the member records the secretary's talk: no
    talk(town, by="orgstaff")  # the organisation department records for the leader
    with pytest.raises(ValidationError):
        talk(town, held_on=D(2026, 11, 21))  # tomorrow
    with pytest.raises(ValidationError):
        talk(town, counterpart="secretary")  # with oneself
    with pytest.raises(ValidationError):
        talk(town, record=" ")
    outsider = PersonFactory()
    with pytest.raises(ValidationError):
        services.record_talk(
            committee=town["committee"],
            leader=person(town, "secretary"),
            counterpart=outsider,
            held_on=D(2026, 6, 5),
            record="x",
            acting_user=town["secretary"],
        )
    assert Talk.objects.count() == 1


def test_x_3_a_post_taken_up_opens_a_talk_with_the_principal_leader_and_the_talk_settles_it(
    town, django_capture_on_commit_callbacks
):
    newcomer = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.assign_role(
            person=newcomer, committee=town["committee"], role=Role.MEMBER, start_date=D(2026, 11, 18),
            acting_user=system_user(),
        )  # fmt: skip
    occasion = MustTalk.objects.get(person=newcomer)
    assert (occasion.trigger, occasion.talker) == (Trigger.JOB_CHANGE, person(town, "secretary"))
    assert occasion.due_on == D(2026, 12, 20)  # the rule set's 30 days
    deadline = deadlines.for_subject(occasion).get()
    assert deadline.owner == person(town, "secretary") and deadline.is_private
    services.record_talk(
        committee=town["committee"],
        leader=person(town, "secretary"),
        counterpart=newcomer,
        held_on=D(2026, 11, 20),
        record="新任职谈话",
        trigger=Trigger.JOB_CHANGE,
        acting_user=town["secretary"],
    )
    occasion.refresh_from_db()
    assert occasion.talk is not None and deadlines.for_subject(occasion).get().state == DeadlineState.MET


def test_x_3_an_old_post_opens_nothing_and_leaving_the_last_post_is_retirement(
    town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = RoleFactory(committee=town["committee"], role=Role.OFFICE_STAFF, start_date=D(2020, 1, 1))
    assert not MustTalk.objects.filter(person=old.person).exists()  # a past term imported
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.end_role(old, end_date=D(2026, 11, 19), acting_user=system_user())
    occasion = MustTalk.objects.get(person=old.person)
    assert occasion.trigger == Trigger.RETIREMENT
    assert occasion.talker == person(town, "orgmember")  # a cadre: the organisation member talks


def test_x_3_an_accountability_decision_and_an_untruthful_report_open_a_talk(town):
    from supervision import services as supervision
    from supervision.models import AccountabilityGround, Mitigation

    case = supervision.open_case(
        committee=town["committee"],
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="督查事项逾期未办结",
        subject_person=person(town, "member"),
        acting_user=town["inspector"],
    )
    supervision.decide_case(case, acting_user=town["inspector"])
    occasion = MustTalk.objects.get(person=person(town, "member"))
    assert occasion.trigger == Trigger.AWARD_OR_SANCTION and occasion.talker == person(town, "secretary")
    exempt = supervision.open_case(
        committee=town["committee"],
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="自查发现并已纠正",
        subject_person=person(town, "deputy"),
        is_self_corrected=True,
        acting_user=town["inspector"],
    )
    supervision.mitigate(exempt, mitigation=Mitigation.EXEMPT, note="主动纠正", acting_user=town["inspector"])
    supervision.decide_case(exempt, acting_user=town["inspector"])
    assert not MustTalk.objects.filter(person=person(town, "deputy")).exists()  # not pursued: no sanction talk


def test_x_3_a_personal_matter_report_found_untruthful_opens_a_talk(django_capture_on_commit_callbacks):
    from reporting.personal import services as personal
    from tests.reporting.factories_personal import add_user, build_setting, event_report

    setting = build_setting()
    secretary = add_user(setting, "town_secretary")
    report = event_report(setting)
    with django_capture_on_commit_callbacks(execute=True):
        personal.mark_report(
            report, is_untruthful=False, is_concealed=False, note="", acting_user=add_user(setting, "town_org_staff")
        )
    assert not MustTalk.objects.exists()  # found truthful: nothing
    with django_capture_on_commit_callbacks(execute=True):
        personal.mark_report(
            report, is_untruthful=True, is_concealed=False, note="漏报出国", acting_user=setting.users["town_org_staff"]
        )
    occasion = MustTalk.objects.get(person=setting.cadre)
    assert occasion.trigger == Trigger.INTEGRITY and occasion.talker == secretary.person


def test_x_3_a_must_talk_opened_by_hand_by_the_organisation_department_only(town):
    for who in ("secretary", "member", "office"):
        with pytest.raises(RuleViolation):
            services.open_must_talk(
                committee=town["committee"], person=person(town, "office"), trigger=Trigger.DIFFICULTY,
                reason="家庭困难", acting_user=town[who],
            )  # fmt: skip
    first = services.open_must_talk(
        committee=town["committee"], person=person(town, "office"), trigger=Trigger.DIFFICULTY,
        reason="家庭困难", acting_user=town["orgstaff"],
    )  # fmt: skip
    again = services.open_must_talk(
        committee=town["committee"], person=person(town, "office"), trigger=Trigger.DIFFICULTY,
        reason="家庭困难", acting_user=town["orgstaff"],
    )  # fmt: skip
    assert first == again  # one open occasion per person and kind
    with pytest.raises(ValidationError):
        services.open_must_talk(
            committee=town["committee"], person=person(town, "office"), trigger=Trigger.ON_REQUEST,
            reason=" ", acting_user=town["orgstaff"],
        )  # fmt: skip


def test_x_3_the_record_is_seen_by_the_two_and_the_organisation_department_only(client, town):
    held = talk(town, record="谈及家庭困难，需组织关心")
    url = reverse("talk_detail", args=[held.pk])
    for who in ("secretary", "member", "orgstaff", "orgmember"):
        client.force_login(town[who])
        assert "谈及家庭困难" in client.get(url).content.decode()
    for who in ("deputy", "office", "inspector"):
        client.force_login(town[who])
        assert client.get(url).status_code == 404
    client.force_login(town["deputy"])
    assert client.get(reverse("talks_committee", args=[town["committee"].pk])).status_code == 403


def test_x_3_pages_record_a_talk_and_keep_the_plan(client, town):
    client.force_login(town["secretary"])
    data = {
        "committee": town["committee"].pk,
        "counterpart": person(town, "member").pk,
        "held_on": "2026-11-18",
        "trigger": "",
        "record": "年度工作交流",
    }
    assert client.post(reverse("talks_mine"), data | {"held_on": "2026-11-30"}).status_code == 400
    assert client.post(reverse("talks_mine"), data).status_code == 302
    assert Talk.objects.get().leader == person(town, "secretary")
    board = reverse("talks_committee", args=[town["committee"].pk])
    assert client.get(board).status_code == 200  # the principal leader sees the plan
    assert client.post(reverse("talks_committee_act", args=[town["committee"].pk, "plan"])).status_code == 403
    client.force_login(town["orgstaff"])
    assert client.post(reverse("talks_committee_act", args=[town["committee"].pk, "plan"])).status_code == 302
    page = client.get(board)
    member_line = next(line for line in page.context["lines"] if line.counterpart == person(town, "member"))
    assert [(d.done, d.required) for d in member_line.duties.all()] == [(1, 2)]
    line = {"kind": PairKind.TEAM_HEAD, "leader": person(town, "member").pk, "counterpart": person(town, "office").pk}
    assert client.post(reverse("talks_committee_act", args=[town["committee"].pk, "line"]), line).status_code == 302
    assert client.post(reverse("talks_committee_act", args=[town["committee"].pk, "nonsense"])).status_code == 404
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.ORGANIZATION_STAFF))
    assert client.get(board).status_code == 404


def test_x_3_the_rule_set_s_days_for_a_must_talk(town):
    rule_set = current_rules(town["committee"]).rule_set
    publish_rule_set_version(rule_set, acting_user=system_user(), must_talk_days=15)
    occasion = services.open_must_talk(
        committee=town["committee"], person=person(town, "office"), trigger=Trigger.DISAGREEMENT,
        reason="与同事意见分歧", acting_user=town["orgstaff"],
    )  # fmt: skip
    assert occasion.due_on == D(2026, 12, 5)
