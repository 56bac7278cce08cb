"""Issue 13, item 1: the attendance in one step – "all present", then the exceptions (late arrival,
early departure, leave with its approver, absent without leave) on one form saved in one
transaction; refusals beside the row and field that caused them with the input kept; a stale row
refused; the quorum panel (M-Q1, M-Q2, M-Q5) updated in place."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import AttendanceRole, AttendanceStatus, MeetingKind, ObserverKind
from meetings.selectors.attendance import attendance_versions, quorum_panel
from meetings.services.attendance import (
    SheetRefused,
    SheetRow,
    add_observer,
    mark_present,
    record_attendance_sheet,
)
from meetings.services.session import close_meeting, open_meeting
from tests.meetings.factories import login_of, make_meeting, make_team, notify, sh

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


@pytest.fixture
def client(client, settings):
    """The pages in English, so that the assertions read the messages (the Chinese ones are
    checked once, below)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def in_session(team, kind=MeetingKind.STANDING):
    meeting = make_meeting(team, kind=kind)
    notify(meeting, team)
    return open_meeting(meeting, acting_user=login_of(team.office), at=meeting.start_at)


def url(meeting) -> str:
    return reverse("meetings_attendance", args=[meeting.pk])


def shown_sheet(client, meeting) -> tuple[dict, dict]:
    """The sheet as the page renders it (one page load): the form data a browser would send
    untouched, and each member's row prefix."""
    response = client.get(url(meeting))
    assert response.status_code == 200
    data, prefixes = {"sheet": "1"}, {}
    for form in response.context["rows"]:
        prefixes[form.row.person_id] = form.prefix
        for name in form.fields:
            value = form.initial.get(name)
            if value is None:
                value = ""
            elif name == "approved_by":
                value = value.pk
            elif name in ("arrived_at", "left_at"):
                value = value.strftime("%H:%M")
            data[f"{form.prefix}-{name}"] = str(value)
    return data, prefixes


def row_of(meeting, person):
    return meeting.attendances.get(person=person)


def row_html(response, attendance) -> str:
    html = response.content.decode()
    match = re.search(rf'<tr id="attendance-{attendance.pk}".*?</tr>', html, re.S)
    assert match, html
    return match.group(0)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ------------------------------------------------------------------ the room's case, counted


def test_nine_members_seven_present_one_on_leave_one_late_in_one_step(client, town):
    """9 members: 7 present from the start, 1 on leave approved by the secretary, 1 arriving 20
    minutes late – one page load, the exceptions typed, one click on "all present" (and one on
    the confirmation): at most 5 clicks."""
    meeting = in_session(town)
    office = client
    office.force_login(town.office.user)
    data, prefixes = shown_sheet(office, meeting)
    untouched = dict(data)
    on_leave, late = town.members[0], town.members[1]
    data[f"{prefixes[on_leave.pk]}-reason"] = "出差"  # typing
    data[f"{prefixes[on_leave.pk]}-approved_by"] = str(town.secretary.pk)  # 1 click (select)
    data[f"{prefixes[late.pk]}-arrived_at"] = "09:20"  # typing (1 click into the field)
    data["all_present"] = "1"  # 1 click, then 1 on the confirmation
    changed = {name for name in data if data[name] != untouched.get(name)}
    clicks = 1 + 1 + 1 + 1  # approver, the time field, "all present", the confirmation
    assert len(changed) == 4 and clicks <= 5

    response = office.post(url(meeting), data, follow=True)

    assert response.redirect_chain[-1][0] == url(meeting)
    assert "Attendance recorded: 8 present, 1 on leave, 0 absent without leave." in messages_of(response)
    rows = {a.person_id: a for a in meeting.attendances.filter(role=AttendanceRole.MEMBER)}
    assert len(rows) == 9
    leave = rows[on_leave.pk]
    assert leave.status == AttendanceStatus.LEAVE
    assert leave.leave_reason == "出差" and leave.leave_approved_by == town.secretary
    assert rows[late.pk].status == AttendanceStatus.PRESENT
    assert rows[late.pk].arrived_at == sh(2026, 11, 30, 9, 20)
    from_start = [a for pk, a in rows.items() if pk not in (on_leave.pk, late.pk)]
    assert len(from_start) == 7
    assert all(a.status == AttendanceStatus.PRESENT and a.arrived_at is None and a.left_at is None for a in from_start)


def test_all_present_leaves_a_recorded_leave_alone_and_marks_absence_with_the_warning(client, town):
    # rule: M-N4
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    data[f"{prefixes[town.members[2].pk]}-status"] = AttendanceStatus.ABSENT
    data[f"{prefixes[town.discipline.pk]}-left_at"] = "11:00"
    data["all_present"] = "1"
    response = client.post(url(meeting), data, follow=True)
    texts = messages_of(response)
    assert any("M-N4" in text and town.members[2].name in text for text in texts)
    assert row_of(meeting, town.members[2]).status == AttendanceStatus.ABSENT
    gone = row_of(meeting, town.discipline)
    assert gone.status == AttendanceStatus.PRESENT and gone.left_at == sh(2026, 11, 30, 11)
    assert meeting.attendances.filter(role="member", status=AttendanceStatus.PRESENT).count() == 8


def test_the_sheet_form_carries_a_confirmation_summary(client, town):
    # rule: M-N4 – absence without leave is warned before it is saved
    meeting = in_session(town)
    client.force_login(town.office.user)
    html = client.get(url(meeting)).content.decode()
    assert re.search(r"<form[^>]+data-confirm=\"[^\"]*9[^\"]*M-N4", html)
    data, prefixes = shown_sheet(client, meeting)
    data[f"{prefixes[town.members[2].pk]}-status"] = AttendanceStatus.ABSENT
    data["preview"] = "1"
    preview = client.post(url(meeting), data, headers={"HX-Request": "true"}).content.decode()
    assert 'id="sheet-buttons" hx-swap-oob="true"' in preview
    assert re.search(rf"data-confirm=\"[^\"]*1[^\"]*{town.members[2].name}[^\"]*M-N4", preview)


# ------------------------------------------------------------------ refusals beside the field


def test_m_n4_wrong_approver_is_refused_next_to_the_approver_and_nothing_is_saved(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    member = town.members[0]
    data[f"{prefixes[member.pk]}-reason"] = "出差开会"
    data[f"{prefixes[member.pk]}-approved_by"] = str(town.deputies[0].pk)  # a standing committee: the secretary
    data[f"{prefixes[town.members[1].pk]}-arrived_at"] = "09:20"
    data["all_present"] = "1"

    response = client.post(url(meeting), data)

    assert response.status_code == 200
    row = row_html(response, row_of(meeting, member))
    cell = re.search(r'<td class="has-error">(.*?)</td>', row, re.S).group(1)
    assert 'name="row-' in cell and "-approved_by" in cell and "M-N4" in cell
    assert "出差开会" in row  # what was typed is kept
    assert "09:20" in row_html(response, row_of(meeting, town.members[1]))
    assert not meeting.attendances.exclude(status=AttendanceStatus.UNRECORDED).exists()


def test_m_q6_leaving_before_arriving_is_refused_next_to_left_at(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    member = town.members[0]
    data[f"{prefixes[member.pk]}-arrived_at"] = "10:00"
    data[f"{prefixes[member.pk]}-left_at"] = "09:30"
    response = client.post(url(meeting), data)
    assert response.status_code == 200
    form = next(f for f in response.context["rows"] if f.row.person_id == member.pk)
    assert form.errors["left_at"] == ["Leaving before arriving is not possible."]
    assert "10:00" in row_html(response, row_of(meeting, member))
    assert row_of(meeting, member).status == AttendanceStatus.UNRECORDED


def test_presence_is_taken_only_in_session(town):
    meeting = make_meeting(town)
    notify(meeting, town)
    row = row_of(meeting, town.members[0])
    versions = attendance_versions(meeting)
    with pytest.raises(SheetRefused) as refused:
        record_attendance_sheet(
            meeting,
            [SheetRow(row.pk, versions[row.pk], status=AttendanceStatus.PRESENT)],
            acting_user=login_of(town.office),
        )
    assert "status" in refused.value.by_row[row.pk]
    # Leave is recorded before the session.
    record_attendance_sheet(
        meeting,
        [SheetRow(row.pk, versions[row.pk], reason="出差", approved_by=town.secretary)],
        acting_user=login_of(town.office),
    )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.LEAVE


def test_o5_observers_are_not_marked_absent_and_are_still_marked_present(client, town):
    # rule: O-5
    meeting = in_session(town)
    observer = add_observer(
        meeting, kind=ObserverKind.DELEGATE, person=town.delegate, acting_user=login_of(town.office)
    )
    with pytest.raises(SheetRefused) as refused:
        record_attendance_sheet(
            meeting,
            [SheetRow(observer.pk, attendance_versions(meeting)[observer.pk], status=AttendanceStatus.ABSENT)],
            acting_user=login_of(town.office),
        )
    assert observer.pk in refused.value.by_row
    client.force_login(town.office.user)
    client.post(url(meeting), {"attendance": observer.pk, "action": "present"})
    observer.refresh_from_db()
    assert observer.status == AttendanceStatus.PRESENT
    # "all present" is for the members due: the observer is not on the sheet.
    data, _ = shown_sheet(client, meeting)
    assert not any(key.startswith(f"row-{observer.pk}-") for key in data)


# ------------------------------------------------------------------ two people on one sheet


def test_a_stale_row_is_refused_not_overwritten(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    member = town.members[0]
    # Someone else marks the member present, late, after the form was shown.
    mark_present(row_of(meeting, member), arrived_at=sh(2026, 11, 30, 9, 10), acting_user=login_of(town.secretary))
    data[f"{prefixes[member.pk]}-status"] = AttendanceStatus.ABSENT
    data["all_present"] = "1"

    response = client.post(url(meeting), data)

    assert response.status_code == 200
    assert "Someone else changed this row" in row_html(response, row_of(meeting, member))
    row = row_of(meeting, member)
    assert row.status == AttendanceStatus.PRESENT and row.arrived_at == sh(2026, 11, 30, 9, 10)
    assert meeting.attendances.filter(status=AttendanceStatus.PRESENT).count() == 1  # nothing else saved


def test_a_row_changed_by_someone_else_and_untouched_here_is_kept(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, _prefixes = shown_sheet(client, meeting)
    member = town.members[0]
    mark_present(row_of(meeting, member), arrived_at=sh(2026, 11, 30, 9, 10), acting_user=login_of(town.secretary))
    data["all_present"] = "1"
    response = client.post(url(meeting), data, follow=True)
    assert any(member.name in m for m in messages_of(response))
    assert row_of(meeting, member).arrived_at == sh(2026, 11, 30, 9, 10)  # the other's entry stays
    assert meeting.attendances.filter(status=AttendanceStatus.PRESENT).count() == 9


def test_a_stale_row_set_to_what_someone_else_recorded_is_no_conflict(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    member = town.members[0]
    mark_present(row_of(meeting, member), acting_user=login_of(town.secretary))
    data[f"{prefixes[member.pk]}-status"] = AttendanceStatus.PRESENT
    assert client.post(url(meeting), data).status_code == 302
    assert row_of(meeting, member).status == AttendanceStatus.PRESENT


# ------------------------------------------------------------------ who may take the attendance


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 403),  # an ordinary member of the committee
        ("chair", 403),  # the meeting's chair, here the organisation member: chairs, does not manage
        ("delegate", 403),  # an observer (O-5)
        ("office", 302),  # can_manage_meeting: the party office,
        ("secretary", 302),  # the secretary
        ("deputy", 302),  # and the deputy secretaries
        ("other_office", 404),  # the office of another committee does not see the meeting
    ],
)
def test_only_those_who_manage_the_meeting_post_the_sheet(client, town, who, status):
    meeting = make_meeting(town, chair=town.organization)
    notify(meeting, town)
    meeting = open_meeting(meeting, acting_user=login_of(town.office), at=meeting.start_at)
    assert meeting.chair == town.organization
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    data[f"{prefixes[town.members[1].pk]}-status"] = AttendanceStatus.ABSENT
    data["all_present"] = "1"
    person = {
        "member": town.members[0],
        "chair": town.organization,
        "delegate": town.delegate,
        "office": town.office,
        "secretary": town.secretary,
        "deputy": town.deputies[0],
        "other_office": make_team(5, deputies=1, logins=True).office,
    }[who]
    client.force_login(login_of(person))
    assert client.post(url(meeting), data).status_code == status
    assert client.post(url(meeting), {**data, "preview": "1"}).status_code == (200 if status == 302 else status)
    recorded = meeting.attendances.exclude(status=AttendanceStatus.UNRECORDED).count()
    assert recorded == (9 if status == 302 else 0)


def test_the_sheet_costs_the_same_queries_for_more_members(client):
    """The page and a saved sheet read the rows, versions and approvers once, not per member."""
    counts = []
    for size in (5, 9):
        team = make_team(size, deputies=1, logins=True)
        meeting = in_session(team)
        client.force_login(team.office.user)
        with CaptureQueriesContext(connection) as page:
            assert client.get(url(meeting)).status_code == 200
        counts.append(len(page))
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------ htmx: the sheet and the panel in place


def test_htmx_submit_replaces_the_sheet_and_the_quorum_panel(client, town):
    # rule: M-Q1
    # rule: M-Q2
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    for person in town.members:  # 4 ordinary members on leave: 5 of 9 present
        data[f"{prefixes[person.pk]}-reason"] = "出差"
        data[f"{prefixes[person.pk]}-approved_by"] = str(town.secretary.pk)
    data["all_present"] = "1"
    response = client.post(url(meeting), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendance-sheet">')
    assert 'id="quorum-panel"' in html and "<html" not in html
    assert "5 present, 4 on leave" in html  # the success message, in the swapped part
    panel = response.context["panel"]
    assert (panel.due, panel.present, panel.leave) == (9, 5, 4)
    ordinary, personnel = (result for _, result in panel.lines)
    assert (ordinary.rule_id, ordinary.needed, ordinary.may_proceed) == ("M-Q1", 5, True)
    assert (personnel.rule_id, personnel.needed, personnel.may_proceed) == ("M-Q2", 6, False)


def test_preview_updates_the_panel_without_saving(client, town):
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    for person in town.everyone[:6]:
        data[f"{prefixes[person.pk]}-status"] = AttendanceStatus.PRESENT
    data["preview"] = "1"
    response = client.post(url(meeting), data, headers={"HX-Request": "true"})
    assert response.context["panel"].present == 6
    assert response.context["panel"].lines[1][1].may_proceed  # M-Q2: 6 of 9
    assert not meeting.attendances.filter(status=AttendanceStatus.PRESENT).exists()


def test_m_q5_five_person_group_has_one_quorum_line():
    team = make_team(9)
    meeting = in_session(team, kind=MeetingKind.FIVE_PERSON)
    versions = attendance_versions(meeting)
    rows = [
        SheetRow(a.pk, versions[a.pk], status=AttendanceStatus.PRESENT)
        for a in meeting.attendances.filter(person__in=team.five[:3])
    ]
    record_attendance_sheet(meeting, rows, acting_user=login_of(team.office))
    panel = quorum_panel(meeting, at=meeting.start_at + datetime.timedelta(minutes=5))
    assert [result.rule_id for _, result in panel.lines] == ["M-Q5"]
    assert panel.due == 5 and panel.present == 3 and not panel.may_proceed


def test_the_sheet_speaks_chinese_by_default(client, town, settings):
    meeting = in_session(town)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    client.force_login(town.office.user)
    html = client.get(url(meeting)).content.decode()
    assert "全体到会" in html and "法定人数" in html and "到会时间" in html


def test_htmx_refusal_comes_back_in_place_with_the_input(client, town):
    # rule: M-N4
    meeting = in_session(town)
    client.force_login(town.office.user)
    data, prefixes = shown_sheet(client, meeting)
    data[f"{prefixes[town.secretary.pk]}-reason"] = "外出调研"
    data[f"{prefixes[town.secretary.pk]}-approved_by"] = str(town.secretary.pk)  # nobody approves their own leave
    response = client.post(url(meeting), data, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps 200s only
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendance-sheet">')
    row = row_html(response, row_of(meeting, town.secretary))
    assert "M-N4" in row and "外出调研" in row and 'aria-invalid="true"' in row
    assert not meeting.attendances.exclude(status=AttendanceStatus.UNRECORDED).exists()


def test_a_closed_meeting_shows_the_attendance_read_only(client, town):
    meeting = in_session(town)
    record_attendance_sheet(
        meeting,
        [SheetRow(pk, version) for pk, version in attendance_versions(meeting).items()],
        all_present=True,
        acting_user=login_of(town.office),
    )
    close_meeting(meeting, acting_user=login_of(town.office), at=meeting.start_at + datetime.timedelta(hours=2))
    client.force_login(town.office.user)
    response = client.get(url(meeting))
    html = response.content.decode()
    assert 'name="sheet"' not in html and "<select" not in row_html(response, row_of(meeting, town.members[0]))
    assert response.context["panel"].present == 9
    with pytest.raises(ValidationError):
        record_attendance_sheet(meeting, [], acting_user=login_of(town.office))
