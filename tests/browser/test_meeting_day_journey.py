"""Issue 13, measured: the office runs a standing committee meeting of 9 members with 3 items –
a report decided by consensus, a large-funds item by named ballot (the office's grid) and a
personnel item by secret ballot cast by the members from their own sessions (M-V6) – from
opening the session to approved minutes, and the office's clicks and page loads are counted and
printed. Every field filled or option chosen counts as a click, every confirmation too.
Screenshots of each step at 1440×900 and 390×844, axe-core on each (tests/browser/conftest.py)."""

import datetime

from meetings.models import AgendaCategory, ItemStatus, MeetingStatus, MinutesStatus, SecretBallot
from meetings.services.notice import send_notice
from tests.browser import test_attendance_sheet as sheet
from tests.browser.conftest import browser_db, local_now, zh
from tests.meetings.factories import _materials, login_of, make_item, make_meeting, make_team

pytestmark = browser_db

#: Measured at stop 27: the whole meeting 33 clicks (21 page loads), one named-ballot item 10 (take up; fill the
#: grid, the chair's row, "save, close the discussion and open the vote" + confirm; fill + save the
#: ballots, the resolution, close + confirm). The goal of issue 13: ≤ 40 and ≤ 10.
MEASURED_MEETING_CLICKS = 40
MEASURED_NAMED_ITEM_CLICKS = 10


class Office:
    """The office user's journey with a click counter that also counts typing and choosing."""

    def __init__(self, journey):
        self.journey = journey
        self.page = journey.page
        self.extra = 0  # fields filled, options chosen

    @property
    def clicks(self) -> int:
        return self.journey.clicks + self.extra

    def fill(self, selector, value):
        self.page.fill(selector, value)
        self.extra += 1

    def click(self, locator, *, navigates=True):
        return self.journey.click_and_confirm(locator, navigates=navigates)

    def item(self, item):
        return self.page.locator(f"#item-{item.pk}")

    def discuss(self, meeting, item, shot, *, then_vote: bool):
        """Take the item up, record every stance in the grid (all agree, the chair last, M-D2),
        then with the grid's own button close the discussion – and open the vote when the
        category must be voted (M-V3)."""
        self.click(self.item(item).get_by_role("button", name=zh("Take up")))
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_DISCUSSION, self.journey.messages()
        grid = self.item(item)
        self.click(grid.locator("button[data-fill-stance=agree]"), navigates=False)
        chair = grid.locator("tr[data-chair] select")
        assert chair.is_enabled()  # every other row is in: the chair's row opens (M-D2)
        chair.select_option("agree")
        self.extra += 1
        self.journey.at_sizes(f"{shot}-stances", restore=(1440, 900))
        then = "Save, close the discussion and open the vote" if then_vote else "Save and close the discussion"
        summary = self.click(grid.get_by_role("button", name=zh(then)))
        assert item.title in summary
        item.refresh_from_db()
        assert item.stances.count() == 9
        assert item.status == ItemStatus.DISCUSSED
        assert hasattr(item, "vote") is then_vote

    def close_vote(self, resolution, shot):
        self.fill("#id_resolution", resolution)
        self.journey.at_sizes(f"{shot}-before-close", restore=(1440, 900))
        summary = self.click(self.page.get_by_role("button", name=zh("Close the vote and compute the outcome")))
        assert summary


def test_issue_13_the_office_runs_a_meeting_of_9_with_3_items_in_few_clicks(journeys, capsys):
    team = make_team(9, logins=True)
    start = local_now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    meeting = make_meeting(team, start=start, title="十二月常委会会议")
    before = start - datetime.timedelta(days=15)
    report = make_item(team, meeting, AgendaCategory.REPORT, title="关于全年重点工作的汇报", at=before)
    funds = make_item(team, meeting, AgendaCategory.LARGE_FUNDS, title="关于拨付防汛专项资金的议题", at=before)
    personnel = make_item(team, meeting, AgendaCategory.PERSONNEL, title="关于推荐干部人选的议题", at=before)
    _materials(funds, meeting)  # M-N1: the materials of a major matter reach members before the meeting
    send_notice(meeting, acting_user=login_of(team.office), at=start - datetime.timedelta(days=14))
    assert meeting.recorder == team.office  # M-M1: the party office records

    journey = journeys("office").login(team.office.user.username)
    journey.page.set_viewport_size({"width": 1440, "height": 900})
    journey.clicks = journey.page_loads = 0
    office = Office(journey)
    steps = {}

    def step(name, since):
        steps[name] = office.clicks - since
        return office.clicks

    mark = 0
    journey.goto(f"/meetings/{meeting.pk}/")
    journey.at_sizes("console-before", restore=(1440, 900))
    office.click(journey.page.get_by_role("button", name=zh("Open the session")))
    office.journey.clicks += sheet.save_sheet(journey, zh("All present, and save the exceptions"))
    assert meeting.attendances.filter(status="present").count() == 9
    journey.at_sizes("attendance", restore=(1440, 900))
    mark = step("open and attendance", mark)

    # 1. The report: discussed and decided by consensus.
    journey.goto(f"/meetings/{meeting.pk}/")
    office.discuss(meeting, report, "report", then_vote=False)
    form = office.item(report).locator("form[action$='/consensus/']")
    form.locator("input[name=resolution]").fill("听取并同意该汇报")
    office.extra += 1
    office.click(form.get_by_role("button"))
    report.refresh_from_db()
    assert report.decisions.exists()
    mark = step("report (consensus)", mark)

    # 2. Large funds: a named ballot, recorded by the office in one grid.
    journey.goto(f"/meetings/{meeting.pk}/")
    office.discuss(meeting, funds, "funds", then_vote=True)
    assert funds.vote.method == "named"
    office.click(journey.page.locator("[data-fill-buttons] button[data-fill=yes]"), navigates=False)
    office.click(journey.page.get_by_role("button", name=zh("Save the ballots")))
    assert funds.vote.ballots.count() == 9
    office.close_vote("同意拨付防汛专项资金", "funds")
    funds.vote.refresh_from_db()
    assert (funds.vote.yes, funds.vote.outcome) == (9, "passed")
    mark = step("large funds (named ballot)", mark)

    # 3. Personnel: a secret ballot, each member casting from their own session (M-V6).
    journey.goto(f"/meetings/{meeting.pk}/")
    office.discuss(meeting, personnel, "personnel", then_vote=True)
    secret = personnel.vote
    assert secret.method == "secret"
    for number, person in enumerate(team.everyone):
        member = journeys(f"member-{number}").login(person.user.username, check=False)
        member.goto("/")
        with member.page.expect_navigation():
            member.page.locator(f"main a.button[href$='/meetings/votes/{secret.pk}/#cast']").click()
        if number == 0:
            member.at_sizes("secret-ballot", restore=(1440, 900))
        member.page.check(f"input[name=choice][value={'no' if number == 8 else 'yes'}]")
        member.submit(zh("Cast my vote"))
        member.close()
    journey.goto(f"/meetings/{meeting.pk}/projector/")
    journey.at_sizes("projector", restore=(1440, 900))
    screen = journey.page.inner_text("main")
    assert not [p.name for p in team.everyone if p.name in screen]
    journey.goto(f"/meetings/votes/{secret.pk}/")
    office.close_vote("同意推荐", "personnel")
    secret.refresh_from_db()
    assert (secret.yes, secret.no, secret.outcome) == (8, 1, "passed")
    assert SecretBallot.objects.filter(vote=secret).count() == 9
    mark = step("personnel (secret ballot)", mark)

    # Close the meeting; the office drafts the minutes, the chair approves them.
    journey.goto(f"/meetings/{meeting.pk}/")
    office.click(journey.page.get_by_role("button", name=zh("Close the meeting")))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    minutes = meeting.minutes.get()
    journey.goto(f"/meetings/minutes/{minutes.pk}/")
    office.fill("#id_summary", "会议听取了全年重点工作汇报，研究了防汛专项资金和干部推荐事项。")
    office.click(journey.page.get_by_role("button", name=zh("Save"), exact=True))
    journey.at_sizes("minutes-draft", restore=(1440, 900))
    mark = step("close and minutes", mark)
    chair = journeys("chair").login(team.secretary.user.username, check=False)
    chair.goto(f"/meetings/minutes/{minutes.pk}/")
    chair.submit(zh("Approve and number (chair)"))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED

    with capsys.disabled():
        print(f"\nissue 13 journey – office clicks per step: {steps}")
        print(f"issue 13 journey – office: {office.clicks} clicks, {journey.page_loads} page loads in all")
    assert office.clicks <= MEASURED_MEETING_CLICKS
    assert steps["large funds (named ballot)"] <= MEASURED_NAMED_ITEM_CLICKS
