"""Journey 3: a member of a county committee asks for 10 days of leave; the chain is computed
(L-3: 8 days or more – the principal leader agrees, the parent committee's leader in charge
approves, then filing) and both approvers act in their inboxes with the keyboard."""

import datetime

from committees.models import Level, PortfolioArea, Role
from committees.permissions import sync_user_permissions
from reporting.leave.models import LeaveRequest, LeaveState, StepState
from tests.browser.conftest import browser_db, local_now, tab_to, zh
from tests.factories import CommitteeFactory, PortfolioFactory, user_with_role

pytestmark = browser_db


def _approve_by_keyboard(journey, annotation):
    """Tab to the annotation of the first waiting step, type it, Tab to "Approve", Enter."""
    page = journey.page
    row = page.locator("main table tbody tr").first
    tab_to(page, row.locator("textarea[name=annotation]"))
    page.keyboard.type(annotation)
    tab_to(page, row.get_by_role("button", name=zh("Approve"), exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_l_3_ten_days_of_leave_through_both_approvers_inboxes(journeys):
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    city_org = user_with_role(city, Role.ORGANIZATION_MEMBER, username="city-org")
    PortfolioFactory(committee=city, person=city_org.person, area=PortfolioArea.ORGANIZATION)
    users = [
        user_with_role(city, Role.SECRETARY, username="city-secretary"),
        city_org,
        user_with_role(city, Role.ORGANIZATION_STAFF, username="city-org-staff"),
        user_with_role(county, Role.SECRETARY, username="county-secretary"),
        user_with_role(county, Role.MEMBER, username="county-member"),
    ]
    for user in users:
        sync_user_permissions(user)
    first = (local_now() + datetime.timedelta(days=7)).date()
    last = first + datetime.timedelta(days=9)

    member = journeys("member").login("county-member")
    member.goto("/leave/", shot="my-leave")
    member.goto("/leave/new/", shot="leave-form")
    page = member.page
    page.select_option("#id_kind", "private_leave")
    page.fill("#id_reason", "回老家照顾生病的父亲")
    page.fill("#id_destination", "四川成都")
    page.fill("#id_start_date", first.isoformat())
    page.fill("#id_end_date", last.isoformat())
    page.fill("#id_contact", "13800000000")
    member.submit(zh("Submit"))
    leave = LeaveRequest.objects.get(person__user__username="county-member")
    assert page.url.endswith(f"/leave/{leave.pk}/")
    assert leave.calendar_days == 10 and leave.state == LeaveState.SUBMITTED
    member.check("leave-submitted")

    county_secretary = journeys("county-secretary").login("county-secretary")
    county_secretary.goto("/leave/inbox/", shot="inbox-agree")
    assert "回老家照顾生病的父亲" in county_secretary.page.inner_text("main")
    _approve_by_keyboard(county_secretary, "同意")
    agree, approve = leave.steps.order_by("order")[:2]
    assert agree.state == StepState.APPROVED and approve.state == StepState.PENDING
    leave.refresh_from_db()
    assert leave.state == LeaveState.SUBMITTED

    leader = journeys("city-org").login("city-org")
    leader.goto("/leave/inbox/", shot="inbox-approve")
    _approve_by_keyboard(leader, "同意，注意安全")
    leave.refresh_from_db()
    assert leave.state == LeaveState.APPROVED
    leader.goto("/leave/inbox/", shot="inbox-empty")
    assert zh("Nothing is waiting for you.") in leader.page.inner_text("main")

    member.goto(f"/leave/{leave.pk}/", shot="leave-approved")
    text = member.page.inner_text("main")
    assert "同意，注意安全" in text
