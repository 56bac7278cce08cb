"""Issue 14: the rule of a leave request's chain and its steps' titles are stored as phrases,
worded in the reader's language on the leave pages and in the API; requests made before
(plain strings) are shown as stored."""

import pytest
from django.conf import settings
from django.urls import reverse

from reporting.leave import services
from reporting.leave.models import LeaveRequest, LeaveStep
from tests.reporting import test_leave_pages as pages

pytestmark = pytest.mark.django_db

org = pages.org
_frozen = pages._frozen

ENGLISH_RULE = (
    "L-3: up to 7 days, the principal leader approves and the request is filed with the parent's "
    "organisation department"
)
CHINESE_RULE = "L-3：7天以内，由主要负责同志审批，并报上级党委组织部门备案"


def reader(client, user, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_chain_written_in_chinese_is_read_in_english_on_the_page_and_in_the_api(client, org):
    leave = pages.ask(org, 5)
    assert leave.chain_rule["key"] == "leave.rule.filed"  # a key with its numbers, not words

    english = reader(client, org["secretary"], "en")
    page = english.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    assert ENGLISH_RULE.replace("'", "&#x27;") in page and CHINESE_RULE not in page
    assert "Approved by the principal leader" in page and "Filed with the organisation department of 云川市委" in page
    row = english.get(f"/api/leave-requests/{leave.pk}/").json()
    assert row["chain_rule"] == ENGLISH_RULE
    step = services.current_steps(leave).first()
    assert english.get(f"/api/leave-steps/{step.pk}/").json()["title"] == "Approved by the principal leader"


def test_the_chain_is_read_in_chinese_by_a_chinese_reader(client, org):
    leave = pages.ask(org, 5)

    chinese = reader(client, org["secretary"], "zh-hans")
    page = chinese.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    assert CHINESE_RULE in page and "报云川市委组织部门备案" in page and "Filed with" not in page
    assert chinese.get(f"/api/leave-requests/{leave.pk}/").json()["chain_rule"] == CHINESE_RULE


def test_the_approvers_inbox_words_the_step_in_the_readers_language(client, org):
    pages.ask(org, 5)

    page = reader(client, org["secretary"], "en").get(reverse("leave_inbox")).content.decode()
    assert "Approved by the principal leader" in page and "主要负责同志已批准" not in page


def test_a_request_made_before_issue_14_shows_its_stored_words(client, org):
    leave = pages.ask(org, 5)
    LeaveRequest.objects.filter(pk=leave.pk).update(chain_rule="L-3：旧的规则文字")
    LeaveStep.objects.filter(request=leave).update(title="旧的步骤")

    english = reader(client, org["secretary"], "en")
    page = english.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    assert "L-3：旧的规则文字" in page and "旧的步骤" in page
    assert english.get(f"/api/leave-requests/{leave.pk}/").json()["chain_rule"] == "L-3：旧的规则文字"


def test_the_deadline_of_a_step_is_worded_for_each_reader_on_the_page_in_the_api_and_in_its_notification(client, org):
    # Issue 14: Deadline.title is a phrase; the step's own title inside it is one too.
    from reporting import deadlines
    from reporting.models import Deadline, Notification

    leave = pages.ask(org, 5)
    step = services.current_steps(leave).first()
    deadline = Deadline.objects.get(object_id=step.pk, content_type__model="leavestep")
    assert deadline.title["key"] == "deadline.leave_step"
    english_title = deadline.title_in("en")
    assert english_title.startswith("Leave request of ") and "Approved by the principal leader" in english_title
    chinese_title = deadline.title_in("zh-hans")
    assert "的请假（外出）申请（" in chinese_title and "Leave request" not in chinese_title

    english = reader(client, org["secretary"], "en")
    assert english_title in english.get(reverse("deadline_dashboard")).content.decode().replace("&#x27;", "'")
    (row,) = [r for r in english.get("/api/deadlines/").json()["results"] if r["id"] == deadline.pk]
    assert row["title"] == english_title

    deadlines.scan(deadline.due_at)
    notification = Notification.objects.filter(deadline=deadline).first()
    assert english_title in notification.title_in("en") and chinese_title in notification.title_in("zh-hans")
