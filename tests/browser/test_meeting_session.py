"""Journey 2: the members take part in a meeting. The office opens the session and takes the
attendance; members state their stances from their own sessions with the chair last (M-D1,
M-D2); a show-of-hands vote (the office enters the counts), a named ballot (the office records
the others in one grid) and a secret ballot (M-V2, M-V6) are cast – the ballots from the members'
own browser contexts, with the keyboard, one of them from the member's home page; the room's
projector shows the vote without names; the chair closes the meeting; the recorder edits the
minutes, the chair approves them (M-M1, M-M2) and the recorder downloads the PDF."""

import datetime

from django.utils.translation import ngettext, override

from committees.actors import system_user
from meetings.models import AgendaCategory, ItemStatus, MeetingStatus, MinutesStatus, SecretBallot, StanceChoice
from meetings.services.notice import send_notice
from meetings.services.session import close_discussion, record_stance, take_up_item
from tests.browser import test_attendance_sheet as sheet
from tests.browser.conftest import browser_db, local_now, pdf_text, tab_to, zh
from tests.meetings.factories import login_of, make_item, make_meeting, make_team

pytestmark = browser_db


def _meeting_in_session_today(team):
    """A standing committee meeting that started a minute ago, notified two weeks before, with
    three approved items: a report, an important matter and a personnel matter."""
    start = local_now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    meeting = make_meeting(team, start=start, title="本月常委会会议", recorder=team.deputies[0])
    before = start - datetime.timedelta(days=15)
    items = [
        make_item(team, meeting, AgendaCategory.REPORT, title="关于年终工作总结的汇报", at=before),
        make_item(team, meeting, AgendaCategory.OTHER, title="关于调整办公用房的议题", at=before),
        make_item(team, meeting, AgendaCategory.PERSONNEL, title="关于推荐干部人选的议题", at=before),
    ]
    send_notice(meeting, acting_user=login_of(team.office), at=start - datetime.timedelta(days=14))
    return meeting, items


def _discuss_with_services(team, item):
    """Items two and three: the stances were already exercised in the browser on item one."""
    take_up_item(item, acting_user=system_user())
    for person in [*team.deputies, team.organization, team.discipline, *team.members, team.secretary]:
        record_stance(item, person=person, stance=StanceChoice.AGREE, acting_user=system_user())
    close_discussion(item, acting_user=system_user())


def _grid_stances(journey, meeting, item, rows):
    """The stance grid of the current item (M-D1): fill the rows this user may edit, one submit."""
    journey.goto(f"/meetings/{meeting.pk}/")
    section = journey.page.locator(f"#item-{item.pk}")
    for person, stance, reason in rows:
        section.locator(f"select[name=stance-{person.pk}]").select_option(stance)
        section.locator(f"input[name=reason-{person.pk}]").fill(reason)
    with journey.page.expect_navigation():
        section.get_by_role("button", name=zh("Save the stances")).click()


def _own_stance(journey, meeting, item, person, stance="agree", reason=""):
    _grid_stances(journey, meeting, item, [(person, stance, reason)])


def _vote_by_keyboard(journey, vote, choice, *, from_home=False, shot=None):
    """A member votes with the keyboard only: Tab into the radio group, arrows to the choice,
    Tab to the button, Enter. ``from_home``: the member follows the link on their home page.
    The confirmation the form asks for names the choice (static/js/ballot.js)."""
    page = journey.page
    if from_home:
        journey.goto("/", shot=shot and f"{shot}-home")
        with page.expect_navigation():
            page.locator(f"main a.button[href$='/meetings/votes/{vote.pk}/#cast']").click()
    else:
        journey.goto(f"/meetings/votes/{vote.pk}/")
    if shot:
        journey.at_sizes(shot)
    tab_to(page, page.locator("input[name=choice]").first)
    target = page.locator(f"input[name=choice][value={choice}]")
    page.keyboard.press("Space")
    for _ in range(5):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert target.is_checked()
    label = zh({"yes": "Yes", "no": "No", "abstain": "Abstain"}[choice])
    assert label in page.locator("form.ballot-form").get_attribute("data-confirm")
    tab_to(page, page.get_by_role("button", name=zh("Cast my vote")))
    page.keyboard.press("Enter")
    dialog = page.locator("#confirm-dialog[open]")  # the confirmation, by keyboard too
    dialog.wait_for()
    assert label in dialog.inner_text()
    assert page.evaluate("() => document.activeElement.value") == "cancel"  # the safe answer first
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _record_in_grid(journey, choices):
    """The office records several members' named ballots in the grid with one submit."""
    page = journey.page
    for person, choice in choices:
        page.check(f"input[name=choice_{person.pk}][value={choice}]")
    journey.submit(zh("Save the ballots"))


def _close_vote(journey, resolution):
    journey.page.fill("#id_resolution", resolution)
    journey.submit(zh("Close the vote and compute the outcome"))


def test_m_v6_members_state_vote_and_the_minutes_are_approved(journeys):
    team = make_team(5, deputies=1, logins=True)
    meeting, (report, matter, personnel) = _meeting_in_session_today(team)
    chair, recorder, member = team.secretary, team.deputies[0], team.members[0]

    office = journeys("office").login(team.office.user.username)
    office.goto(f"/meetings/{meeting.pk}/", shot="console-before")
    office.submit(zh("Open the session"))
    assert office.page.url.endswith(f"/meetings/{meeting.pk}/attendance/")
    office.check("attendance")
    sheet.save_sheet(office, zh("All present, and save the exceptions"))  # the attendance in one step
    assert meeting.attendances.filter(status="present").count() == 5

    # The console works with the keyboard: Tab to "Take up", Enter.
    office.goto(f"/meetings/{meeting.pk}/")
    tab_to(office.page, office.page.locator(f"#item-{report.pk}").get_by_role("button", name=zh("Take up")))
    with office.page.expect_navigation():
        office.page.keyboard.press("Enter")
    office.check("console-in-discussion")

    # M-D2: the chair may not speak first – their row is closed, citing the rule and who is missing.
    leader = journeys("chair").login(chair.user.username)
    leader.goto(f"/meetings/{meeting.pk}/")
    chair_row = leader.page.locator(f"#stance-row-{report.pk}-{chair.pk}")
    assert chair_row.locator("select").is_disabled()
    assert "M-D2" in chair_row.inner_text() and member.name in chair_row.inner_text()
    member_a = journeys("member-a").login(member.user.username)
    _own_stance(member_a, meeting, report, member, "agree", "同意汇报")
    member_a.check("console-own-stance")
    assert member_a.page.locator(f"select[name=stance-{recorder.pk}]").count() == 0  # only their own row
    member_b = journeys("member-b").login(recorder.user.username)
    _own_stance(member_b, meeting, report, recorder, "defer", "建议补充数据")
    # The office fills the remaining rows of the grid in one submit; a stance saved by a member
    # meanwhile shows on the office's console.
    office.goto(f"/meetings/{meeting.pk}/")
    assert "建议补充数据" in office.page.locator(f"#item-{report.pk}").inner_html()
    _grid_stances(office, meeting, report, [(team.organization, "agree", ""), (team.discipline, "agree", "")])
    with override("zh-hans"):
        assert ngettext("Stances recorded: %(count)d.", "Stances recorded: %(count)d.", 2) % {"count": 2} in (
            office.messages()
        )
    for size, label in (({"width": 1440, "height": 900}, "1440"), ({"width": 390, "height": 844}, "390")):
        office.page.set_viewport_size(size)
        office.check(f"console-grid-{label}")
    office.page.set_viewport_size({"width": 1280, "height": 900})
    _own_stance(leader, meeting, report, chair)
    assert not leader.messages() or "M-D2" not in leader.messages()
    assert report.stances.count() == 5
    assert report.stances.get(person=recorder).stance == StanceChoice.DEFER

    office.goto(f"/meetings/{meeting.pk}/")
    summary = office.click_and_confirm(
        office.page.locator(f"#item-{report.pk}").get_by_role("button", name=zh("Close the discussion"))
    )
    assert report.title in summary  # the confirmation names the item
    report.refresh_from_db()
    assert report.status == ItemStatus.DISCUSSED

    # Show of hands (the default for a report, M-V2): the office enters the counts when closing.
    office.page.locator(f"#item-{report.pk}").get_by_role("button", name=zh("Open the vote")).click()
    office.page.wait_for_load_state()
    report.refresh_from_db()
    assert report.vote.method == "show_of_hands"
    office.check("vote-show-of-hands")
    office.page.fill("#id_count-yes", "4")  # impossible: 6 hands, 5 may vote – refused beside the counts
    office.page.fill("#id_count-no", "2")
    _close_vote(office, "听取并同意该汇报")
    assert office.page.locator("fieldset.counts .banner.error").count() == 1
    assert office.page.input_value("#id_resolution") == "听取并同意该汇报"
    office.check("vote-show-of-hands-refused")
    office.page.fill("#id_count-yes", "3")
    office.page.fill("#id_count-no", "1")
    office.page.fill("#id_count-abstain", "0")
    office.submit(zh("Close the vote and compute the outcome"))
    report.vote.refresh_from_db()
    assert (report.vote.yes, report.vote.no, report.vote.outcome) == (3, 1, "passed")
    assert not report.vote.ballots.exists()
    office.check("vote-closed")

    # A named ballot chosen instead of the default, with its reason; two members vote themselves.
    _discuss_with_services(team, matter)
    office.goto(f"/meetings/{meeting.pk}/")
    vote_form = office.page.locator(f"#item-{matter.pk} form[action$='/vote/']")
    vote_form.locator("select[name=method]").select_option("named")
    vote_form.locator("input[name=reason]").fill("涉及多个部门，记名表决")
    with office.page.expect_navigation():
        vote_form.get_by_role("button", name=zh("Open the vote")).click()
    matter.refresh_from_db()
    named = matter.vote
    assert named.method == "named"
    _vote_by_keyboard(member_a, named, "yes")
    member_a.check("named-ballot-cast")
    assert zh("You have voted.") in member_a.page.inner_text("main")
    _vote_by_keyboard(member_b, named, "abstain")
    office.goto(f"/meetings/votes/{named.pk}/")
    assert office.page.locator(f"input[name=choice_{member.pk}]").count() == 0  # voted: shown, final
    office.at_sizes("vote-named-grid")
    _record_in_grid(office, [(person, "yes") for person in (chair, team.organization, team.discipline)])
    assert named.ballots.count() == 5
    office.at_sizes("vote-named-grid-saved")
    _close_vote(office, "同意调整办公用房")
    named.refresh_from_db()
    assert (named.yes, named.abstain, named.outcome) == (4, 1, "passed")
    assert {b.person_id: b.choice for b in named.ballots.all()}[recorder.pk] == "abstain"

    # The secret ballot (M-V6): only from the members' own sessions, no count before it closes.
    _discuss_with_services(team, personnel)
    office.goto(f"/meetings/{meeting.pk}/")
    with office.page.expect_navigation():
        office.page.locator(f"#item-{personnel.pk}").get_by_role("button", name=zh("Open the vote")).click()
    personnel.refresh_from_db()
    secret = personnel.vote
    assert secret.method == "secret"
    office.check("secret-ballot-office")
    assert office.page.locator("select[name=person]").count() == 0
    _vote_by_keyboard(member_a, secret, "no", from_home=True, shot="secret-ballot-form")
    _vote_by_keyboard(member_b, secret, "yes")
    member_b.check("secret-ballot-cast")
    # The room's projector: how many have voted, no count and no name (M-V6).
    office.goto(f"/meetings/{meeting.pk}/projector/")
    office.at_sizes("projector-secret-open")
    screen = office.page.inner_text("main")
    assert "2 / 5" in screen
    assert not [p.name for p in team.everyone if p.name in screen]
    for person in (chair, team.organization, team.discipline):
        voter = leader if person == chair else journeys(f"voter-{person.pk}").login(person.user.username)
        voter.goto(f"/meetings/votes/{secret.pk}/")
        voter.page.check("input[name=choice][value=yes]")
        voter.submit(zh("Cast my vote"))
    office.goto(f"/meetings/votes/{secret.pk}/")
    panel = office.page.locator("#vote-panel").inner_text()
    assert zh("Secret ballot: no count is shown to anyone until the vote is closed (M-V6).") in panel
    _close_vote(office, "同意推荐")
    secret.refresh_from_db()
    assert (secret.yes, secret.no, secret.outcome) == (4, 1, "passed")
    assert not SecretBallot.objects.filter(vote=secret).exclude(choice__in=["yes", "no"]).exists()
    office.goto(f"/meetings/{meeting.pk}/projector/")
    office.at_sizes("projector-secret-result")
    screen = office.page.inner_text("main")
    assert secret.arithmetic_text in screen and not [p.name for p in team.everyone if p.name in screen]

    # The chair closes the meeting; the minutes are drafted from the records.
    leader.goto(f"/meetings/{meeting.pk}/")
    leader.submit(zh("Close the meeting"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    leader.check("console-closed")
    minutes = meeting.minutes.get()

    member_b.goto(f"/meetings/minutes/{minutes.pk}/", shot="minutes-draft")
    member_b.page.fill("#id_summary", "会议听取了年终工作汇报，研究了办公用房调整和干部推荐事项。")
    member_b.submit(zh("Save"))
    leader.goto(f"/meetings/minutes/{minutes.pk}/")
    leader.submit(zh("Approve and number (chair)"))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.number == 1

    member_b.goto(f"/meetings/minutes/{minutes.pk}/", shot="minutes-approved")
    href = member_b.page.locator("main .titlebar a.button").first.get_attribute("href")
    response = member_b.context.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), member_b.artifacts, "minutes.pdf")
    assert f"{team.committee.name}〔{minutes.year}〕{minutes.number}号" in text  # the printed 发文字号 (issue 15)
    assert "关于年终工作总结的汇报" in text and "关于调整办公用房的议题" in text
    assert "会议听取了年终工作汇报" in text
    # M-M3: the distributed version leaves the confidential personnel item out.
    distributed = member_b.context.request.get(f"/meetings/minutes/{minutes.pk}/pdf/?version=distributed")
    assert distributed.ok
    text = pdf_text(distributed.body(), member_b.artifacts, "minutes-distributed.pdf")
    assert "关于调整办公用房的议题" in text and "关于推荐干部人选的议题" not in text
