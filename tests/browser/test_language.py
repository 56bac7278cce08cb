"""Journey 6: the language switch shows the same page in English."""

from tests.browser.conftest import browser_db
from tests.meetings.factories import make_team

pytestmark = browser_db


def test_language_switch_shows_the_same_page_in_english(journeys):
    team = make_team(5, deputies=1, logins=True)
    member = journeys("member").login(team.members[0].user.username)
    member.goto("/meetings/", shot="meetings-zh")
    page = member.page
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "会议" in page.locator("h1").first.inner_text()

    with page.expect_navigation():
        page.locator("form.langswitch button[value=en]").click()
    member.check("meetings-en")
    assert page.url.endswith("/meetings/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Meetings" in page.locator("h1").first.inner_text()
    assert page.locator("form.langswitch button[value=en]").get_attribute("aria-pressed") == "true"

    member.goto("/leave/", shot="leave-en")
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation():
        page.locator("form.langswitch button[value=zh-hans]").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.url.endswith("/leave/")
