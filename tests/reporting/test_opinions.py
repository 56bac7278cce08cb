"""Public opinion (X-1): collected and verified by a village or department, sent to the party
office, analysed and classified, its adoption decided and the source told within the rule set's
days (the engine reminds), the monthly summary by source, topic and outcome, and the pages."""

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
from reporting.opinions import rules, selectors, services
from reporting.opinions.models import Adoption, OpinionChannel, OpinionEntry, OpinionState, OpinionTopic, ReporterKind
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


@pytest.fixture
def town():
    committee = CommitteeFactory(name="柞村镇委", level=Level.TOWN)
    village = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=committee)
    return {
        "committee": committee,
        "village": village,
        "other_village": CommitteeFactory(name="李家村党支部", level=Level.BRANCH, parent=committee),
        "village_secretary": user_with_role(village, Role.SECRETARY, username="ty-secretary"),
        "village_member": user_with_role(village, Role.MEMBER, username="ty-member"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="zc-office"),
        "secretary": user_with_role(committee, Role.SECRETARY, username="zc-secretary"),
        "member": user_with_role(committee, Role.MEMBER, username="zc-member"),
        "inspector": user_with_role(committee, Role.DISCIPLINE_INSPECTOR, username="zc-inspector"),
    }


def collect(town, by="village_secretary", source="village", **extra):
    values = {
        "reporter_kind": ReporterKind.CITIZEN,
        "channel": OpinionChannel.VISIT,
        "topic": OpinionTopic.LIVELIHOOD,
        "received_on": D(2026, 11, 16),
        "title": "村道路灯损坏影响夜间出行",
        "content": "村民反映桃源村主干道路灯损坏已两个月，夜间出行不便。",
    }
    return services.collect(source=town[source], acting_user=town[by], **(values | extra))


def through_analysis(town, entry):
    services.submit(entry, verification="村支书现场查看属实", acting_user=town["village_secretary"])
    return services.analyse(
        entry, topic=OpinionTopic.LIVELIHOOD, analysis="反映集中，属民生实事", acting_user=town["office"]
    )


def test_x_1_a_village_sends_up_and_a_department_to_its_own_office():
    town = CommitteeFactory(level=Level.TOWN)
    village = CommitteeFactory(level=Level.BRANCH, parent=town)
    assert rules.receiving_committee(village) == town
    assert rules.receiving_committee(town) == town


def test_x_1_the_way_from_the_village_to_the_office_and_back_to_the_source(town):
    entry = collect(town)
    assert (entry.committee, entry.state) == (town["committee"], OpinionState.COLLECTED)
    entry = services.submit(entry, verification="村支书现场查看属实", acting_user=town["village_secretary"])
    assert (entry.state, entry.submitted_on) == (OpinionState.SUBMITTED, D(2026, 11, 20))
    entry = services.analyse(
        entry,
        topic=OpinionTopic.DEVELOPMENT,  # the office reclassifies it
        analysis="全镇多村存在路灯老化问题",
        proposal="纳入明年为民办实事项目",
        acting_user=town["office"],
    )
    assert entry.topic == OpinionTopic.DEVELOPMENT
    entry = services.decide(entry, adoption=Adoption.ADOPTED, note="列入为民办实事项目", acting_user=town["office"])
    deadline = deadlines.for_subject(entry).get()
    assert deadline.rule_id == "X-1" and deadline.due_at == sh(2026, 12, 21, 0)  # 30 days after 20 November
    entry = services.answer(entry, feedback="已告知桃源村党支部，明年春季更换", acting_user=town["office"])
    assert entry.state == OpinionState.ANSWERED
    assert deadlines.for_subject(entry).get().state == DeadlineState.MET


def test_x_1_the_feedback_days_come_from_the_rule_set_and_the_engine_reminds_the_office(town):
    rule_set = current_rules(town["committee"]).rule_set
    publish_rule_set_version(rule_set, acting_user=system_user(), opinion_feedback_days=15)
    entry = services.decide(
        through_analysis(town, collect(town)),
        adoption=Adoption.NOT_ADOPTED,
        note="已有专项安排",
        acting_user=town["office"],
    )
    deadline = deadlines.for_subject(entry).get()
    assert deadline.due_at == sh(2026, 12, 6, 0)  # the 15th day after the decision, to its end
    deadlines.scan(now=sh(2026, 11, 29, 9))  # 7 days before
    assert town["office"].person in {n.recipient for n in Notification.objects.filter(deadline=deadline)}
    deadlines.scan(now=sh(2026, 12, 6, 0, 1))
    deadlines.scan(now=sh(2026, 12, 7, 0, 5))
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OVERDUE
    escalated = Notification.objects.filter(deadline=deadline, step_kind="escalation")
    assert town["secretary"].person in {n.recipient for n in escalated}


def test_x_1_who_acts_at_each_step_inside_the_same_committees(town):
    with pytest.raises(RuleViolation) as refused:
        collect(town, by="office")  # the town's office does not collect for the village
    assert refused.value.rule_id == "X-1"
    entry = collect(town, by="village_member")  # the village's team collects
    with pytest.raises(RuleViolation):
        services.submit(entry, verification="x", acting_user=town["office"])
    services.submit(entry, verification="属实", acting_user=town["village_member"])
    for who in ("village_secretary", "secretary", "member", "inspector"):  # only the party office analyses
        with pytest.raises(RuleViolation):
            services.analyse(entry, topic=OpinionTopic.OTHER, analysis="x", acting_user=town[who])
    services.analyse(entry, topic=OpinionTopic.OTHER, analysis="一般性意见", acting_user=town["office"])
    with pytest.raises(RuleViolation):
        services.decide(entry, adoption=Adoption.PARTLY, note="x", acting_user=town["village_secretary"])
    own = collect(town, by="office", source="committee", source_detail="镇农业办")  # a department of the town
    assert own.committee == town["committee"] and own.source == town["committee"]


def test_x_1_steps_out_of_order_and_bad_input_are_refused(town):
    entry = collect(town)
    with pytest.raises(ValidationError):
        services.analyse(entry, topic=OpinionTopic.OTHER, analysis="x", acting_user=town["office"])  # not sent yet
    with pytest.raises(ValidationError) as refused:
        services.submit(entry, verification="  ", acting_user=town["village_secretary"])
    assert "verification" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.answer(entry, feedback="x", acting_user=town["office"])
    with pytest.raises(ValidationError) as refused:
        collect(town, received_on=D(2026, 11, 21))  # tomorrow
    assert "received_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        collect(town, received_on=D(1, 1, 1))
    with pytest.raises(ValidationError) as refused:
        collect(town, title=" ")
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError):
        collect(town, topic="rumour")
    with pytest.raises(ValidationError) as refused:
        services.submit(entry, verification="x", on=D(2026, 11, 15), acting_user=town["village_secretary"])
    assert "submitted_on" in refused.value.message_dict  # before it was received
    assert OpinionEntry.objects.count() == 1
    screened = services.screen_out(entry, reason="经核实与事实不符", acting_user=town["village_secretary"])
    assert screened.state == OpinionState.SCREENED_OUT
    with pytest.raises(ValidationError):
        services.submit(screened, verification="x", acting_user=town["village_secretary"])


def test_x_1_the_monthly_summary_counts_by_source_topic_and_outcome(town):
    adopted = through_analysis(town, collect(town))
    services.decide(adopted, adoption=Adoption.ADOPTED, note="列入计划", acting_user=town["office"])
    services.answer(adopted, feedback="已告知", acting_user=town["office"])
    partly = through_analysis(town, collect(town, title="希望增设公交班次"))
    services.decide(partly, adoption=Adoption.PARTLY, note="增加早班一班", acting_user=town["office"])
    services.screen_out(collect(town, title="重复反映"), reason="与前件重复", acting_user=town["village_secretary"])
    other = user_with_role(town["other_village"], Role.SECRETARY)
    services.collect(
        source=town["other_village"],
        reporter_kind=ReporterKind.ORGANISATION,
        channel=OpinionChannel.LETTER,
        topic=OpinionTopic.POLICY,
        received_on=D(2026, 11, 3),
        title="农药补贴发放",
        content="合作社来信反映补贴发放慢",
        acting_user=other,
    )
    collect(town, received_on=D(2026, 10, 30), title="上月的")  # another month
    summary = selectors.monthly_summary(town["committee"], D(2026, 11, 1))
    assert summary.total.counts == {
        "received": 4, "screened_out": 1, "pending": 1, "adopted": 1, "partly": 1, "not_adopted": 0, "answered": 1,
    }  # fmt: skip
    by_source = {row.label: row.counts for row in summary.by_source}
    assert by_source["桃源村党支部"]["received"] == 3 and by_source["李家村党支部"]["pending"] == 1
    by_topic = {row.label: row.counts["received"] for row in summary.by_topic}
    assert by_topic == {str(OpinionTopic.POLICY.label): 1, str(OpinionTopic.LIVELIHOOD.label): 3}


# --------------------------------------------------------------------------- pages


def test_x_1_a_village_records_and_sends_on_the_pages_and_the_office_answers(client, town):
    client.force_login(town["village_secretary"])
    data = {
        "source": town["village"].pk,
        "received_on": "2026-11-18",
        "channel": OpinionChannel.PHONE,
        "reporter_kind": ReporterKind.CITIZEN,
        "topic": OpinionTopic.LIVELIHOOD,
        "title": "自来水压力不足",
        "content": "高处农户自来水压力不足",
    }
    assert client.post(reverse("opinions_new"), data | {"received_on": "2026-12-01"}).status_code == 400
    response = client.post(reverse("opinions_new"), data)
    entry = OpinionEntry.objects.get()
    assert response.status_code == 302 and entry.committee == town["committee"]
    page = client.get(reverse("opinion_detail", args=[entry.pk]))
    assert [name for name, _form in page.context["steps"]] == ["submit", "screen_out"]
    step = reverse("opinion_step", args=[entry.pk, "submit"])
    assert client.post(step, {"verification": ""}).status_code == 400
    assert client.post(step, {"verification": "入户核实属实"}).status_code == 302
    client.force_login(town["member"])  # the town's member sees it but may not analyse
    assert client.get(reverse("opinion_detail", args=[entry.pk])).context["steps"] == []
    assert client.post(reverse("opinion_step", args=[entry.pk, "analyse"]), {}).status_code == 403
    client.force_login(town["office"])
    analyse = {"topic": OpinionTopic.LIVELIHOOD, "analysis": "高处供水问题", "proposal": "加装增压泵"}
    assert client.post(reverse("opinion_step", args=[entry.pk, "analyse"]), analyse).status_code == 302
    decide = {"adoption": Adoption.ADOPTED, "note": "由水利站实施"}
    assert client.post(reverse("opinion_step", args=[entry.pk, "decide"]), decide).status_code == 302
    answer = {"feedback": "已电话告知村支书"}
    assert client.post(reverse("opinion_step", args=[entry.pk, "answer"]), answer).status_code == 302
    entry.refresh_from_db()
    assert entry.state == OpinionState.ANSWERED
    assert client.post(reverse("opinion_step", args=[entry.pk, "nonsense"]), {}).status_code == 404
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.OFFICE_STAFF))
    assert client.get(reverse("opinion_detail", args=[entry.pk])).status_code == 404
    assert client.get("/api/opinion-entries/").json()["results"] == []


def test_x_1_a_sibling_village_does_not_see_the_other_s_entries(client, town):
    entry = collect(town)
    client.force_login(user_with_role(town["other_village"], Role.SECRETARY))
    assert client.get(reverse("opinion_detail", args=[entry.pk])).status_code == 404
    client.force_login(town["village_member"])
    assert [r["id"] for r in client.get("/api/opinion-entries/").json()["results"]] == [entry.pk]


def test_x_1_the_month_prints(client, town):
    through_analysis(town, collect(town))
    client.force_login(town["office"])
    page = client.get(reverse("opinions_summary", args=[town["committee"].pk]) + "?month=2026-11")
    assert page.status_code == 200 and page.context["summary"].total.counts["pending"] == 1
    url = reverse("opinions_summary_document", args=[town["committee"].pk]) + "?month=2026-11"
    printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "2026年11月社情民意反映情况" in printed.text
    assert "收到筛选未报办理中采用部分采用未采用已反馈" in printed.text
    assert "桃源村党支部1010000" in printed.text  # received 1, pending 1
    assert "桃源村党支部" in docx_text(read_docx(client.get(url + "&format=docx").content))


def _waiting(user, kind):
    from committees import todo

    return [row for row in todo.waiting_for(user) if row.kind == kind]


def test_x_1_each_step_waits_in_the_to_do_list_of_who_takes_it(town):
    entry = collect(town)
    assert [row.subject for row in _waiting(town["village_secretary"], "opinion")] == [entry.title]
    assert _waiting(town["office"], "opinion") == []  # not sent yet
    services.submit(entry, verification="属实", acting_user=town["village_secretary"])
    assert _waiting(town["village_secretary"], "opinion") == []
    assert _waiting(town["member"], "opinion") == []  # the town's members do not analyse
    [row] = _waiting(town["office"], "opinion")
    assert "分析" in row.action or "Analyse" in row.action
    services.analyse(entry, topic=OpinionTopic.OTHER, analysis="x", acting_user=town["office"])
    services.decide(entry, adoption=Adoption.ADOPTED, note="采用", acting_user=town["office"])
    [row] = _waiting(town["office"], "opinion")
    assert row.due_at == sh(2026, 12, 21, 0)  # the engine's due time: tell the source by then
    services.answer(entry, feedback="已告知", acting_user=town["office"])
    assert _waiting(town["office"], "opinion") == []
