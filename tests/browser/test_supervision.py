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


def test_the_kanban_is_usable_from_1280_to_1920_px_and_on_a_phone(journeys):
    """Issue 13 (7): at 1280–1920 px every column of the board is on screen (the 7th was clipped
    at 1440); on a phone the board scrolls sideways a column at a time and the page itself does
    not."""
    office = make_office()
    today = local_now().date()
    for number in range(3):
        make_item(office, deadline=today + datetime.timedelta(days=5 + number), matter=f"落实第{number + 1}项整改任务")
    inspector = journeys("inspector").login(office.inspector.user.username)
    inspector.goto("/supervision/board/")
    page = inspector.page
    for width in (1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        inspector.check(f"board-{width}")
        board = page.evaluate(
            """() => { const k = document.querySelector('.kanban');
                       const cols = [...k.querySelectorAll('.kanban-column')];
                       return {scroll: k.scrollWidth, client: k.clientWidth, columns: cols.length,
                               right: Math.max(...cols.map(c => c.getBoundingClientRect().right)),
                               page: document.documentElement.scrollWidth}; }"""
        )
        assert board["columns"] == 7
        assert board["scroll"] <= board["client"] + 1, (width, board)  # nothing hidden to the right
        assert board["right"] <= width, (width, board)
        assert board["page"] <= width, (width, board)
    page.set_viewport_size({"width": 390, "height": 844})
    inspector.check("board-390")
    phone = page.evaluate(
        """() => { const k = document.querySelector('.kanban');
                   const first = k.querySelector('.kanban-column').getBoundingClientRect();
                   return {snap: getComputedStyle(k).scrollSnapType, first: first.width, client: k.clientWidth,
                           scrolls: k.scrollWidth > k.clientWidth, page: document.documentElement.scrollWidth}; }"""
    )
    assert phone["scrolls"] and "x" in phone["snap"]
    assert phone["first"] >= 0.75 * phone["client"]  # one column readable at a time
    assert phone["page"] <= 390, phone
