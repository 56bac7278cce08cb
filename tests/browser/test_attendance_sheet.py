"""Issue 13, item 1 in the browser: the office takes the attendance of 9 members in one step –
7 present, 1 on leave approved by the secretary, 1 arriving 20 minutes late – with one page load
and at most 5 clicks; the sheet and the quorum panel are replaced in place (htmx); axe-core finds
no serious or critical violation at 1440×900 and 390×844."""

import datetime

from meetings.models import AttendanceStatus
from meetings.services.notice import send_notice
from meetings.services.session import open_meeting
from tests.browser.conftest import browser_db, local_now, zh
from tests.meetings.factories import login_of, make_meeting, make_team, with_agenda

pytestmark = browser_db

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def save_sheet(journey, button: str) -> int:
    """Click a button of the attendance sheet and, when the page asks (static/js/app.js, a
    ``data-confirm`` summary), confirm; wait until htmx has put the saved sheet in place.
    Returns the clicks it took."""
    page = journey.page

    def is_save(response) -> bool:
        body = response.request.post_data or ""
        return response.request.method == "POST" and "/attendance/" in response.url and "preview=" not in body

    clicks = 0
    with page.expect_response(is_save):
        page.locator("#attendance-sheet").get_by_role("button", name=button, exact=True).click()
        clicks += 1
        dialog = page.locator("dialog#confirm-dialog[open]")
        if dialog.count():
            dialog.locator("button[value=confirm]").click()
            clicks += 1
    page.locator("#attendance-sheet ul.messages").wait_for()
    return clicks


def test_nine_members_in_one_step(journeys):
    team = make_team(9, logins=True)
    start = local_now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    meeting = with_agenda(make_meeting(team, start=start, title="本月常委会会议"), team)
    send_notice(meeting, acting_user=login_of(team.office), at=start - datetime.timedelta(days=14))
    open_meeting(meeting, acting_user=login_of(team.office), at=start)
    on_leave, late = team.members[0], team.members[1]
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}

    office = journeys("office").login(team.office.user.username)
    page = office.page
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.set_viewport_size(WIDE)
    office.goto(f"/meetings/{meeting.pk}/attendance/", shot="attendance-sheet-1440")
    page.set_viewport_size(PHONE)
    office.check("attendance-sheet-390")
    page.set_viewport_size(WIDE)

    clicks = 0
    page.fill(f"[name=row-{rows[on_leave.pk]}-reason]", "出差")  # typing
    page.select_option(f"[name=row-{rows[on_leave.pk]}-approved_by]", str(team.secretary.pk))
    clicks += 1
    arrival = (start + datetime.timedelta(minutes=20)).strftime("%H:%M")
    page.click(f"[name=row-{rows[late.pk]}-arrived_at]")
    clicks += 1
    page.fill(f"[name=row-{rows[late.pk]}-arrived_at]", arrival)  # typing
    page.locator("#quorum-panel[data-preview]").wait_for()  # the panel previews the change
    clicks += save_sheet(office, zh("All present, and save the exceptions"))

    print(f"attendance of 9 members: {clicks} clicks, {len(loads)} page load(s)")
    assert clicks <= 5
    assert len(loads) == 1, loads
    assert "8" in page.locator("#attendance-sheet ul.messages").inner_text()
    office.check("attendance-saved-1440")
    page.set_viewport_size(PHONE)
    office.check("attendance-saved-390")

    members = {a.person_id: a for a in meeting.attendances.filter(role="member")}
    assert members[on_leave.pk].status == AttendanceStatus.LEAVE
    assert members[on_leave.pk].leave_approved_by == team.secretary
    assert members[late.pk].status == AttendanceStatus.PRESENT
    assert members[late.pk].arrived_at == start + datetime.timedelta(minutes=20)
    others = [a for pk, a in members.items() if pk not in (on_leave.pk, late.pk)]
    assert len(others) == 7
    assert all(a.status == AttendanceStatus.PRESENT and a.arrived_at is None for a in others)
