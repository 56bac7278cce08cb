"""Delegates' proposals (M-C4): submitted before the annual session with the rule set's co-signers,
accepted and handled as a supervision item or converted into a suggestion, rated by the author
once the handling is reported, the session's report, and the pages."""

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
from meetings.models import MeetingKind
from meetings.services.scheduling import create_meeting
from supervision import services as supervision
from supervision.models import ItemState, SourceKind
from supervision.proposals import selectors, services
from supervision.proposals.models import Proposal, ProposalState, Satisfaction
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
    return {
        "committee": committee,
        "delegate": user_with_role(committee, Role.DELEGATE, username="zc-delegate"),
        "delegate2": user_with_role(committee, Role.DELEGATE, username="zc-delegate2"),
        "delegate3": user_with_role(committee, Role.DELEGATE, username="zc-delegate3"),
        "secretary": user_with_role(committee, Role.SECRETARY, username="zc-secretary"),
        "office": user_with_role(committee, Role.OFFICE_STAFF, username="zc-office"),
        "member": user_with_role(committee, Role.MEMBER, username="zc-member"),
        "inspector": user_with_role(committee, Role.DISCIPLINE_INSPECTOR, username="zc-inspector"),
    }


def submit(town, by="delegate", cosigners=("delegate2",), **extra):
    values = {
        "title": "关于加强村级后备干部队伍建设的提案",
        "reasons": "部分村后备干部年龄偏大、数量不足",
        "suggestions": "每村储备2名以上35岁以下后备干部，镇党委统一培训",
    }
    return services.submit(
        committee=town["committee"],
        cosigners=[town[who].person for who in cosigners],
        acting_user=town[by],
        **(values | extra),
    )


def test_m_c4_a_proposal_needs_the_rule_set_s_co_signers(town):
    with pytest.raises(ValidationError) as refused:
        submit(town, cosigners=())  # the rule set asks for one co-signer
    assert "cosigners" in refused.value.message_dict and "[M-C4]" in str(refused.value)
    with pytest.raises(ValidationError):
        submit(town, cosigners=("delegate",))  # the author does not co-sign their own
    with pytest.raises(ValidationError) as refused:
        submit(town, cosigners=("member",))  # a team member who is no delegate
    assert "cosigners" in refused.value.message_dict
    assert not Proposal.objects.exists()
    proposal = submit(town)
    assert list(proposal.cosigners.all()) == [town["delegate2"].person] and proposal.year == 2026
    rule_set = current_rules(town["committee"]).rule_set
    publish_rule_set_version(rule_set, acting_user=system_user(), proposal_cosigners_min=2)
    with pytest.raises(ValidationError):
        submit(town)  # one is no longer enough
    assert submit(town, cosigners=("delegate2", "delegate3")).cosigners.count() == 2
    publish_rule_set_version(rule_set, acting_user=system_user(), proposal_cosigners_min=0)
    assert submit(town, cosigners=()).cosigners.count() == 0  # a rule set may ask for none


def test_m_c4_only_delegates_submit_and_only_before_the_annual_session(town):
    for who in ("secretary", "office", "member"):
        with pytest.raises(RuleViolation) as refused:
            submit(town, by=who)
        assert refused.value.rule_id == "M-C4"
    create_meeting(
        committee=town["committee"],
        kind=MeetingKind.CONGRESS,
        title="柞村镇第十四次党代会第三次年会",
        start_at=sh(2026, 11, 25, 9),
        end_at=sh(2026, 11, 25, 17),
        acting_user=town["office"],
    )
    assert submit(town).pk  # five days before the session: in time
    with time_machine.travel(sh(2026, 11, 25, 9), tick=False):  # the session begins
        with pytest.raises(ValidationError) as refused:
            submit(town, year=2026)
        assert "2026-11-25" in str(refused.value)
        assert submit(town).year == 2027  # for the next session
    with pytest.raises(ValidationError):
        submit(town, title=" ")
    assert Proposal.objects.count() == 2


def test_m_c4_an_accepted_proposal_is_handled_as_a_supervision_item_and_rated(town):
    proposal = submit(town)
    for who in ("member", "inspector", "delegate"):
        with pytest.raises(RuleViolation):
            services.accept(proposal, feedback_deadline=D(2027, 3, 31), unit_name="镇组织办", acting_user=town[who])
    item = services.accept(
        proposal, feedback_deadline=D(2027, 3, 31), unit_name="镇组织办", note="立案", acting_user=town["office"]
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.decided_by == town["office"].person
    assert item.source_kind == SourceKind.CONGRESS_PROPOSAL and item.source_object_id == proposal.pk
    assert "关于加强村级后备干部队伍建设的提案" in item.matter and item.feedback_deadline == D(2027, 3, 31)
    assert services.item_of(proposal) == item
    with pytest.raises(ValidationError):
        services.convert(proposal, note="x", acting_user=town["office"])  # decided already
    with pytest.raises(ValidationError):
        services.rate(proposal, satisfaction=Satisfaction.SATISFIED, acting_user=town["delegate"])  # not reported
    supervision.approve(item, acting_user=town["secretary"])
    supervision.assign(item, acting_user=town["office"])
    supervision.submit_feedback(item, content="已制定后备干部培养计划", acting_user=town["office"])
    item.refresh_from_db()
    assert item.state == ItemState.FEEDBACK
    with pytest.raises(RuleViolation):
        services.rate(proposal, satisfaction=Satisfaction.SATISFIED, acting_user=town["delegate2"])  # a co-signer
    with pytest.raises(ValidationError) as refused:
        services.rate(proposal, satisfaction=Satisfaction.DISSATISFIED, acting_user=town["delegate"])
    assert "note" in refused.value.message_dict  # not satisfied: say why
    rated = services.rate(
        proposal, satisfaction=Satisfaction.BASICALLY, note="培训尚未开展", acting_user=town["delegate"]
    )
    assert rated.satisfaction == Satisfaction.BASICALLY


def test_m_c4_a_proposal_converted_into_a_suggestion_or_withdrawn(town):
    proposal = submit(town)
    with pytest.raises(ValidationError):
        services.convert(proposal, note=" ", acting_user=town["secretary"])
    converted = services.convert(proposal, note="属工作建议，转镇党委办公室研究", acting_user=town["secretary"])
    assert converted.state == ProposalState.CONVERTED and services.item_of(converted) is None
    other = submit(town, title="关于建设党群服务中心的提案")
    with pytest.raises(RuleViolation):
        services.withdraw(other, acting_user=town["delegate2"])  # only the author
    assert services.withdraw(other, acting_user=town["delegate"]).state == ProposalState.WITHDRAWN


def test_m_c4_the_session_hears_the_report_of_all_proposals(client, town):
    first = submit(town)
    services.accept(first, feedback_deadline=D(2027, 3, 31), unit_name="镇组织办", acting_user=town["office"])
    services.convert(submit(town, title="关于建设党群服务中心的提案"), note="转为意见建议", acting_user=town["office"])
    rows = selectors.report(town["committee"], 2026)
    assert [(row.number, row.proposal.state, bool(row.item)) for row in rows] == [
        (1, ProposalState.ACCEPTED, True),
        (2, ProposalState.CONVERTED, False),
    ]
    client.force_login(town["member"])
    page = client.get(reverse("proposals_report", args=[town["committee"].pk]) + "?year=2026")
    assert page.status_code == 200 and len(page.context["rows"]) == 2
    url = reverse("proposals_report_document", args=[town["committee"].pk]) + "?year=2026"
    printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "2026年党代会年会代表提案办理情况的报告" in printed.text
    assert "共收到代表提案2件" in printed.text and "镇组织办" in printed.text
    assert "镇组织办" in docx_text(read_docx(client.get(url + "&format=docx").content))
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.SECRETARY))
    assert client.get(url).status_code == 404


def test_m_c4_a_delegate_submits_on_the_page_and_the_office_accepts(client, town):
    client.force_login(town["delegate"])
    data = {
        "committee": town["committee"].pk,
        "title": "关于规范村级财务公开的提案",
        "reasons": "个别村财务公开不及时",
        "suggestions": "按季度公开并报镇备案",
        "cosigners": [],
    }
    refused = client.post(reverse("proposals_new"), data)
    assert refused.status_code == 400 and "个别村财务公开不及时" in refused.content.decode()
    assert client.post(reverse("proposals_new"), data | {"cosigners": [town["delegate2"].person.pk]}).status_code == 302
    proposal = Proposal.objects.get()
    accept = reverse("proposal_act", args=[proposal.pk, "accept"])
    assert client.post(accept, {"feedback_deadline": "2027-03-31", "unit_name": "镇财政所"}).status_code == 403
    client.force_login(town["office"])
    page = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert set(page.context["forms"]) == {"accept", "convert"}
    assert client.post(accept, {"feedback_deadline": "2027-03-31", "unit_name": "镇财政所"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert client.post(reverse("proposal_act", args=[proposal.pk, "nonsense"])).status_code == 404
    client.force_login(user_with_role(CommitteeFactory(level=Level.TOWN), Role.DELEGATE))
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 404
    assert client.get("/api/proposals/").json()["results"] == []


def _waiting(user):
    from committees import todo

    return [row.subject for row in todo.waiting_for(user) if row.kind == "proposal"]


def test_m_c4_a_proposal_waits_for_the_decision_then_for_its_author_s_view(town):
    proposal = submit(town)
    assert _waiting(town["office"]) == [proposal.title] == _waiting(town["secretary"])
    assert _waiting(town["member"]) == [] and _waiting(town["delegate"]) == []
    item = services.accept(proposal, feedback_deadline=D(2027, 3, 31), unit_name="镇组织办", acting_user=town["office"])
    assert _waiting(town["office"]) == [] and _waiting(town["delegate"]) == []  # not reported yet
    supervision.approve(item, acting_user=town["secretary"])
    supervision.assign(item, acting_user=town["office"])
    supervision.submit_feedback(item, content="已办理", acting_user=town["office"])
    assert _waiting(town["delegate"]) == [proposal.title]
    services.rate(proposal, satisfaction=Satisfaction.SATISFIED, acting_user=town["delegate"])
    assert _waiting(town["delegate"]) == []
