"""Journey 4: the party office records an emergency (R-1: report within the rule set's 2 hours
from when it became known); the engine's scan fires the first reminder and the principal leader
sees it in the notification bell, opens it and lands on the emergency."""

import datetime
import re

from reporting import deadlines
from reporting.emergencies.models import Emergency
from reporting.models import Notification
from tests.browser.conftest import browser_db, local_now, zh
from tests.meetings.factories import make_team

pytestmark = browser_db


def test_r_1_emergency_reminder_reaches_the_notification_bell(journeys):
    team = make_team(5, deputies=1, logins=True)
    occurred = (local_now() - datetime.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")

    office = journeys("office").login(team.office.user.username)
    office.goto("/emergencies/new/", shot="emergency-form")
    page = office.page
    page.select_option("#id_committee", str(team.committee.pk))
    page.fill("#id_title", "化工厂仓库火灾")
    page.select_option("#id_kind", "accident")
    page.fill("#id_place", "临江工业园")
    page.fill("#id_occurred_at", occurred)
    office.submit(zh("Record"))
    emergency = Emergency.objects.get(title="化工厂仓库火灾")
    assert page.url.endswith(f"/emergencies/{emergency.pk}/")
    assert emergency.due_at - emergency.known_at == datetime.timedelta(hours=2)
    office.check("emergency-recorded")

    secretary = journeys("secretary").login(team.secretary.user.username)
    secretary.goto("/emergencies/", shot="emergency-list")
    assert secretary.page.locator("header .bell .badge").count() == 0

    # What Celery beat wakes every minute, called here directly.
    assert deadlines.scan() >= 1
    deadlines.send_pending()
    assert Notification.objects.filter(recipient=team.secretary, channel="in_app").exists()

    secretary.goto("/emergencies/")
    badge = secretary.page.locator("header .bell .badge")
    assert int(re.match(r"\d+", badge.inner_text()).group()) >= 1
    with secretary.page.expect_navigation():
        secretary.page.locator("header .bell").click()
    secretary.check("notifications")
    reminder = secretary.page.locator("ul.notifications li.unread", has_text="化工厂仓库火灾").first
    with secretary.page.expect_navigation():
        reminder.get_by_role("button").click()
    assert secretary.page.url.endswith(f"/emergencies/{emergency.pk}/")
    secretary.check("emergency-from-bell")

    office.goto("/emergencies/")
    assert re.match(r"[1-9]", office.page.locator("header .bell .badge").inner_text())
