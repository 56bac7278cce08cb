"""Journey 5: an inspector moves a supervision item through the S-2 workflow in the browser:
assigned to the unit, feedback rejected with opinions and a new deadline, feedback again,
accepted, closed and archived with the closing report."""

import datetime

from supervision import services
from supervision.models import ItemState
from tests.browser.conftest import browser_db, local_now, zh
from tests.supervision.factories import make_item, make_office

pytestmark = browser_db


def _step(journey, item, action, fields, button):
    """Fill one workflow form of the item page (by its prefixed field names) and submit it."""
    form = journey.page.locator(f"form[action$='/supervision/{item.pk}/{action}/']")
    for name, value in fields.items():
        field = form.locator(f"[name='{name}']")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(value)
    with journey.page.expect_navigation():
        form.get_by_role("button", name=button).click()
    item.refresh_from_db()


def test_s_2_rejected_feedback_then_closure(journeys):
    office = make_office()
    today = local_now().date()
    item = make_item(office, deadline=today + datetime.timedelta(days=20), matter="落实秸秆禁烧工作")
    item = services.approve(item, acting_user=office.secretary.user)

    inspector = journeys("inspector").login(office.inspector.user.username)
    inspector.goto("/supervision/", shot="item-list")
    inspector.goto(f"/supervision/{item.pk}/", shot="item-approved")
    _step(inspector, item, "assign", {}, zh("Assign to the unit"))
    assert item.state == ItemState.ASSIGNED

    unit = journeys("unit").login(office.member.user.username)
    unit.goto(f"/supervision/{item.pk}/", shot="item-assigned")
    _step(unit, item, "feedback", {"feedback-content": "已开展巡查三次"}, zh("Submit feedback"))
    assert item.state == ItemState.FEEDBACK

    new_deadline = today + datetime.timedelta(days=10)
    inspector.goto(f"/supervision/{item.pk}/", shot="feedback-to-review")
    _step(
        inspector,
        item,
        "review",
        {
            "review-outcome": "rejected",
            "review-opinions": "缺少整改台账",
            "review-new_deadline": new_deadline.isoformat(),
        },
        zh("Review the feedback"),
    )
    assert item.state != ItemState.FEEDBACK and item.state != ItemState.ACCEPTED
    assert item.feedback_deadline == new_deadline
    inspector.check("feedback-rejected")
    assert "缺少整改台账" in inspector.page.inner_text("main")

    unit.goto(f"/supervision/{item.pk}/")
    _step(unit, item, "feedback", {"feedback-content": "已补充整改台账，全部办结"}, zh("Submit feedback"))
    assert item.state == ItemState.FEEDBACK

    inspector.goto(f"/supervision/{item.pk}/")
    _step(
        inspector, item, "review", {"review-outcome": "accepted", "review-opinions": "同意"}, zh("Review the feedback")
    )
    assert item.state == ItemState.ACCEPTED
    _step(inspector, item, "close", {"close-closing_report": "按期办结，归档。"}, zh("Close and archive"))
    assert item.state == ItemState.CLOSED
    inspector.check("item-closed")
