"""The to-do inbox and done list (``committees.todo``) for supervision: item approvals, feedback
reviews (S-2) and written-inquiry replies (A-7) – the right person only, gone once done, then
in the done list."""

import pytest

from committees import todo
from supervision import services
from supervision.models import ItemState
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory

from .factories import START, item_with_feedback, make_item

pytestmark = pytest.mark.django_db


def kinds(rows, kind):
    return [row for row in rows if row.kind == kind]


def waiting(person, kind):
    return kinds(todo.waiting_for(person.user), kind)


def done(person, kind):
    return kinds(todo.done_by(person.user), kind)


def test_s2_registered_item_waits_for_the_principal_leader_only(office):
    item = make_item(office)
    [row] = waiting(office.secretary, "supervision_approval")
    assert row.url.endswith(f"/supervision/{item.pk}/#step-approve")
    assert waiting(office.member, "supervision_approval") == []
    assert waiting(office.inspector, "supervision_approval") == []

    services.approve(item, acting_user=office.secretary.user)
    assert waiting(office.secretary, "supervision_approval") == []
    assert [row.url for row in done(office.secretary, "supervision_approval")] == [f"/supervision/{item.pk}/"]


def test_s2_feedback_waits_for_the_office_review_not_for_a_member_of_the_same_committee(office):
    item = item_with_feedback(office)
    assert item.state == ItemState.FEEDBACK
    [row] = waiting(office.inspector, "feedback_review")
    assert row.url.endswith("#step-review")
    assert row.group == "supervision"
    assert waiting(office.member, "feedback_review") == []
    assert waiting(office.secretary, "feedback_review") == []

    services.accept(item, acting_user=office.inspector.user)
    assert waiting(office.inspector, "feedback_review") == []
    assert len(done(office.inspector, "feedback_review")) == 1
    assert done(office.member, "feedback_review") == []


def test_a7_inquiry_waits_for_the_person_inquired_only_and_leaves_once_replied(office):
    cadre = PersonFactory(user=UserFactory())
    colleague = PersonFactory(user=UserFactory())
    town = CommitteeFactory(parent=office.committee)
    for person in (cadre, colleague):
        RoleFactory(person=person, committee=town, role="member", start_date=START)
    inquiry = services.send_inquiry(
        committee=office.committee, person=cadre, letter="请说明情况", acting_user=office.inspector.user
    )
    [row] = waiting(cadre, "inquiry_reply")
    assert row.url.endswith(f"#inquiry-{inquiry.pk}")
    assert row.due_at is not None
    assert waiting(colleague, "inquiry_reply") == []
    # The engine's A-7 deadline owed by the cadre is not listed a second time.
    assert kinds(todo.waiting_for(cadre.user), "obligation") == []

    services.record_reply(inquiry, reply="已说明", acting_user=office.inspector.user)
    assert waiting(cadre, "inquiry_reply") == []
    assert len(done(cadre, "inquiry_reply")) == 1


def test_s2_unit_feedback_is_owed_through_the_engine_with_the_item_link(office):
    item = services.assign(
        services.approve(make_item(office), acting_user=office.secretary.user), acting_user=office.inspector.user
    )
    [row] = [r for r in todo.waiting_for(office.member.user) if r.kind == "obligation"]
    assert row.group == "supervision"
    assert row.url == f"/supervision/{item.pk}/"
    assert todo.counts(office.member.user).by_group == {"supervision": 1}
