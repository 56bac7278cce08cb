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


def test_the_language_picked_is_kept_for_the_next_log_in_on_another_computer(journeys):
    # Issue 14: the switch saves Person.language; a new browser (no cookie) opens in it after log-in.
    team = make_team(5, deputies=1, logins=True)
    person = team.members[0]
    first = journeys("first").login(person.user.username)
    first.goto("/meetings/")
    with first.page.expect_navigation():
        first.page.locator("form.langswitch button[value=en]").click()
    person.refresh_from_db()
    assert person.language == "en"

    elsewhere = journeys("elsewhere").login(person.user.username)
    elsewhere.goto("/meetings/", shot="meetings-after-log-in")
    assert elsewhere.page.locator("html").get_attribute("lang") == "en"


def test_on_a_phone_the_menu_button_opens_the_groups_and_the_skip_link_comes_first(journeys):
    # Issue 14: a phone menu instead of a row scrolling sideways; Tab reaches the skip link first.
    team = make_team(5, deputies=1, logins=True)
    office = journeys("office").login(team.office.user.username)
    page = office.page
    page.set_viewport_size({"width": 390, "height": 844})
    office.goto("/meetings/", shot="phone-closed")
    toggle = page.locator("button.navtoggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    groups = page.locator("#mainnav details.navgroup")
    assert groups.count() >= 3
    assert not groups.first.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert groups.first.is_visible()
    current = page.locator("#mainnav details.navgroup[data-current]")
    assert current.count() == 1 and current.get_attribute("open") is not None  # the meetings group
    assert current.locator("a[href='/meetings/']").is_visible()
    office.check("phone-open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and not groups.first.is_visible()

    office.goto("/meetings/")  # a fresh page: focus starts at the top
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
