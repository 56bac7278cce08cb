"""Issue 13: the meeting console one item at a time, the stance grid saved at once (M-D1) with the
chair last (M-D2), recusal as a per-item action (M-D4), and nothing lost when two people work the
same console (a stale row is refused, never overwritten)."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from committees.actors import system_user
from meetings.models import AgendaCategory, ItemStatus, RecusalReason, StanceChoice
from meetings.selectors.console import console, console_version, stance_version
from meetings.services.session import StanceEntry, close_discussion, record_stance, record_stances, recuse, take_up_item
from tests.meetings.factories import _materials, login_of, make_item, make_meeting, make_team, open_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


def login(client, person):
    client.force_login(person.user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def in_session(team, items=1, present=None):
    """A meeting in session with ``items`` approved items, the first taken up, at start + 5 min."""
    meeting = make_meeting(team)
    made = [make_item(team, meeting, AgendaCategory.REPORT, title=f"议题{n}") for n in range(items)]
    open_with(meeting, team, present or team.everyone)
    take_up_item(made[0], at=meeting.start_at, acting_user=system_user())
    return meeting, made


def later(meeting):
    return time_machine.travel(meeting.start_at + datetime.timedelta(minutes=5), tick=False)


def grid_post(item, rows: dict, stance="agree"):
    """The grid as the browser posts it: a stance, a reason and the row's version per member."""
    data = {}
    stored = {s.person_id: s for s in item.stances.all()}
    for person, value in rows.items():
        data[f"stance-{person.pk}"] = value if isinstance(value, str) else stance
        data[f"reason-{person.pk}"] = "理由"
        data[f"version-{person.pk}"] = stance_version(stored.get(person.pk))
    return data


def others(team):
    return [p for p in team.everyone if p != team.secretary]


# ------------------------------------------------------------------ the grid saved at once


def test_m_d1_the_office_saves_the_whole_grid_in_one_submit(client, town):
    meeting, (item, *_rest) = in_session(town)
    office = login(client, town.office)
    with later(meeting):
        response = office.post(
            reverse("meetings_item_stances", args=[item.pk]),
            grid_post(item, dict.fromkeys(others(town), "agree")),
            follow=True,
        )
    assert item.stances.count() == 8
    assert "Stances recorded: 8." in messages_of(response) or "已记录表态：8 项。" in messages_of(response)
    assert response.redirect_chain[-1][0].endswith(f"#item-{item.pk}")


def test_m_d2_chair_with_all_others_in_one_submit_is_accepted_last(client, town):
    meeting, (item, *_rest) = in_session(town)
    rows = {town.secretary: "agree", **dict.fromkeys(others(town), "disagree")}  # the chair first in the post
    with later(meeting):
        login(client, town.office).post(reverse("meetings_item_stances", args=[item.pk]), grid_post(item, rows))
    stances = list(item.stances.order_by("recorded_at", "pk").values_list("person_id", flat=True))
    assert len(stances) == 9
    assert stances[-1] == town.secretary.pk  # rule: M-D2 – the chair's stance saved last


def test_m_d2_chair_refused_next_to_their_row_while_one_other_is_missing(client, town):
    meeting, (item, *_rest) = in_session(town)
    missing = town.members[-1]
    rows = {town.secretary: "agree", **{p: "agree" for p in others(town) if p != missing}}
    with later(meeting):
        response = login(client, town.office).post(
            reverse("meetings_item_stances", args=[item.pk]), grid_post(item, rows)
        )
    assert response.status_code == 200
    assert not item.stances.filter(person=town.secretary).exists()
    assert item.stances.count() == 7  # the others are saved
    page = response.content.decode()
    row = re.search(rf'<tr id="stance-row-{item.pk}-{town.secretary.pk}".*?</tr>', page, re.S).group(0)
    assert "[M-D2]" in row and missing.name in row
    assert "selected" in row  # the chair's input is kept


def test_m_d2_exactly_all_present_non_recused_others_unlock_the_chair(client, town):
    absent = town.members[0]
    meeting = make_meeting(town)
    item = make_item(town, meeting, AgendaCategory.REPORT)
    recused = town.members[1]
    recuse(item, person=recused, reason=RecusalReason.SELF, acting_user=system_user())
    open_with(meeting, town, [p for p in town.everyone if p != absent])
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    needed = [p for p in others(town) if p not in (absent, recused)]
    with later(meeting):
        outcome = record_stances(
            item,
            [StanceEntry(person=p, stance=StanceChoice.AGREE) for p in [town.secretary, *needed[:-1]]],
            acting_user=login_of(town.office),
        )
        assert town.secretary.pk in outcome.errors and "M-D2" in outcome.errors[town.secretary.pk]
        board = console(meeting, login_of(town.office))
        chair_cell = next(c for c in board.current.grid if c.is_chair)
        assert chair_cell.chair_locked  # rule: M-D2 – the chair's row stays closed
        outcome = record_stances(
            item,
            [
                StanceEntry(person=needed[-1], stance=StanceChoice.AGREE),
                StanceEntry(person=town.secretary, stance="agree"),
            ],
            acting_user=login_of(town.office),
        )
        assert not outcome.errors
        board = console(meeting, login_of(town.office))
    assert item.stances.count() == len(needed) + 1
    assert not next(c for c in board.current.grid if c.is_chair).chair_locked


def test_m_d2_chair_row_is_disabled_with_the_reason_until_the_others_are_in(client, town):
    meeting, (item, *_rest) = in_session(town)
    with later(meeting):
        page = login(client, town.office).get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    row = re.search(rf'<tr id="stance-row-{item.pk}-{town.secretary.pk}".*?</tr>', page, re.S).group(0)
    assert "disabled" in row and "M-D2" in row


# ------------------------------------------------------------------ who may save which row


def test_a_member_saves_only_their_own_row(client, town):
    meeting, (item, *_rest) = in_session(town)
    member = town.members[0]
    client = login(client, member)
    with later(meeting):
        page = client.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
        assert f'name="stance-{member.pk}"' in page
        assert f'name="stance-{town.members[1].pk}"' not in page
        response = client.post(reverse("meetings_item_stances", args=[item.pk]), grid_post(item, {member: "defer"}))
    assert response.status_code == 302
    assert item.stances.get().person == member


def test_an_ordinary_member_cannot_save_another_member_s_row(client, town):
    meeting, (item, *_rest) = in_session(town)
    with later(meeting):
        response = login(client, town.members[0]).post(
            reverse("meetings_item_stances", args=[item.pk]),
            grid_post(item, {town.members[0]: "agree", town.members[1]: "agree"}),
        )
    assert response.status_code == 403
    assert not item.stances.exists()


def test_the_office_edits_every_row_and_the_old_endpoint_keeps_a_member_s_own_stance(client, town):
    meeting, (item, *_rest) = in_session(town)
    with later(meeting):
        page = login(client, town.office).get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
        for person in others(town):
            assert f'name="stance-{person.pk}"' in page
        login(client, town.members[2]).post(
            reverse("meetings_item_stance", args=[item.pk]), {"person": town.members[2].pk, "stance": "agree"}
        )
    assert item.stances.get().person == town.members[2]


# ------------------------------------------------------------------ two people, one console


def test_a_stale_row_is_refused_next_to_it_and_never_overwritten(client, town):
    meeting, (item, *_rest) = in_session(town)
    member = town.members[0]
    with later(meeting):
        stale = grid_post(item, {member: "agree", town.members[1]: "agree"})  # the office's grid, rendered now
        record_stance(item, person=member, stance=StanceChoice.DISAGREE, reason="我反对", acting_user=login_of(member))
        response = login(client, town.office).post(reverse("meetings_item_stances", args=[item.pk]), stale)
    assert response.status_code == 200
    saved = item.stances.get(person=member)
    assert (saved.stance, saved.reason) == (StanceChoice.DISAGREE, "我反对")
    assert item.stances.filter(person=town.members[1]).exists()  # the fresh row went through
    page = response.content.decode()
    row = re.search(rf'<tr id="stance-row-{item.pk}-{member.pk}".*?</tr>', page, re.S).group(0)
    assert 'class="fielderror"' in row


def test_a_stance_saved_by_one_changes_the_version_the_other_console_polls(client, town):
    meeting, (item, *_rest) = in_session(town)
    with later(meeting):
        board = console(meeting, login_of(town.office))
        assert board.version == console_version(meeting)
        url = reverse("meetings_console_version", args=[meeting.pk])
        office = login(client, town.office)
        assert office.get(url, {"v": board.version}).status_code == 204
        record_stance(item, person=town.members[0], stance="agree", acting_user=login_of(town.members[0]))
        changed = office.get(url, {"v": board.version})
        assert changed.status_code == 200 and "data-console-reload" in changed.content.decode()
        assert console(meeting, login_of(town.office)).version == console_version(meeting)
        page = office.get(reverse("meetings_detail", args=[meeting.pk]), headers={"HX-Request": "true"})
    assert town.members[0].name in page.content.decode() and "<html" not in page.content.decode()


def test_unchanged_rows_are_skipped(town):
    meeting, (item, *_rest) = in_session(town)
    with later(meeting):
        record_stance(item, person=town.members[0], stance="agree", reason="好", acting_user=system_user())
        stored = item.stances.get()
        outcome = record_stances(
            item,
            [StanceEntry(person=town.members[0], stance="agree", reason="好", version="whatever")],
            acting_user=system_user(),
        )
    assert outcome.saved == [] and outcome.errors == {}
    assert item.stances.get().recorded_at == stored.recorded_at


# ------------------------------------------------------------------ one item at a time, recusal per item


def test_the_console_shows_only_the_current_item_expanded(client, town):
    meeting, (first, second, third) = in_session(town, items=3)
    with later(meeting):
        page = login(client, town.office).get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert f'<section class="card" id="item-{first.pk}"' in page
    assert f'<details class="card" id="item-{second.pk}"' in page
    assert f'<details class="card" id="item-{third.pk}"' in page
    assert page.count("data-stance-grid") == 1
    assert page.count(reverse("meetings_item_recuse", args=[first.pk])) == 1
    assert reverse("meetings_item_recuse", args=[second.pk]) not in page
    close = re.search(rf'<form method="post" action="{reverse("meetings_item_close", args=[first.pk])}"[^>]*>', page)
    summary = re.search(r'data-confirm="([^"]*)"', close.group(0)).group(1)  # not the action URL's id
    assert "0" in summary and "8" not in summary


def test_after_the_discussion_the_next_item_is_shown_and_the_done_one_collapsed(client, town):
    meeting, (first, second, _third) = in_session(town, items=3)
    with later(meeting):
        record_stances(first, [StanceEntry(person=p, stance="agree") for p in town.everyone], acting_user=system_user())
        close_discussion(first, acting_user=system_user())
        board = console(meeting, login_of(town.office))
        assert board.current.item == first  # discussed, its vote or decision still to come
        first.status = ItemStatus.DEFERRED  # as if deferred after the discussion
        first.save(update_fields=["status"])
        board = console(meeting, login_of(town.office))
    assert board.current.item == second
    assert board.rows[0].is_done


def test_m_d4_recusal_is_recorded_on_the_current_item_and_errors_stay_on_its_form(client, town):
    meeting, (item, *_rest) = in_session(town)
    office = login(client, town.office)
    url = reverse("meetings_item_recuse", args=[item.pk])
    with later(meeting):
        response = office.post(url, {"person": town.members[0].pk, "reason": RecusalReason.RELATIVE, "details": "亲属"})
        assert response.status_code == 302
        again = office.post(url, {"person": town.members[0].pk, "reason": RecusalReason.RELATIVE, "details": "再次"})
    assert again.status_code == 200
    page = again.content.decode()
    assert 'class="fielderror"' in page and 'value="再次"' in page
    assert item.recusals.count() == 1
    board_cell = next(
        c for c in console(meeting, login_of(town.office)).current.grid if c.person_id == town.members[0].pk
    )
    assert board_cell.recusal is not None and not board_cell.may_edit  # rule: M-D4


# ------------------------------------------------------------------ the grid's next steps


def in_session_with(team, category):
    meeting = make_meeting(team)
    item = make_item(team, meeting, category, title="关于拨付防汛专项资金的议题")
    _materials(item, meeting)  # M-N1: a major matter's materials reach the members first
    open_with(meeting, team, team.everyone)
    take_up_item(item, at=meeting.start_at, acting_user=system_user())
    return meeting, item


def test_m_d1_save_and_close_closes_the_discussion_once_every_stance_is_in(client, town):
    meeting, (item, *_rest) = in_session(town)
    office = login(client, town.office)
    rows = dict.fromkeys(town.everyone, "agree")
    with later(meeting):
        response = office.post(
            reverse("meetings_item_stances", args=[item.pk]), {**grid_post(item, rows), "then": "close"}, follow=True
        )
    item.refresh_from_db()
    assert item.stances.count() == 9
    assert item.status == ItemStatus.DISCUSSED
    assert not hasattr(item, "vote")  # a report is not voted (M-V3): no vote opened
    assert response.redirect_chain[-1][0].endswith(f"#item-{item.pk}")


def test_m_d1_save_and_close_with_a_stance_missing_keeps_the_stances_and_the_discussion_open(client, town):
    meeting, (item, *_rest) = in_session(town)
    office = login(client, town.office)
    rows = dict.fromkeys(others(town)[:-1], "agree")  # one member and the chair still to speak
    with later(meeting):
        response = office.post(
            reverse("meetings_item_stances", args=[item.pk]), {**grid_post(item, rows), "then": "vote"}, follow=True
        )
    item.refresh_from_db()
    assert item.stances.count() == 7
    assert item.status == ItemStatus.IN_DISCUSSION
    assert any("M-D1" in message for message in messages_of(response))


def test_m_v2_save_close_and_open_the_vote_opens_the_category_s_default_method(client, town):
    meeting, item = in_session_with(town, AgendaCategory.LARGE_FUNDS)
    office = login(client, town.office)
    page = office.get(reverse("meetings_detail", args=[meeting.pk]))
    assert 'name="then" value="vote"' in page.content.decode()  # large funds must be voted (M-V3)
    with later(meeting):
        response = office.post(
            reverse("meetings_item_stances", args=[item.pk]),
            {**grid_post(item, dict.fromkeys(town.everyone, "agree")), "then": "vote"},
        )
    item.refresh_from_db()
    assert item.status == ItemStatus.DISCUSSED
    assert item.vote.method == "named" and item.vote.is_open
    assert response.url == reverse("meetings_vote", args=[item.vote.pk])


def test_a_member_s_own_row_never_closes_the_discussion(client, town):
    meeting, item = in_session_with(town, AgendaCategory.LARGE_FUNDS)
    member = login(client, town.members[0])
    with later(meeting):
        member.post(
            reverse("meetings_item_stances", args=[item.pk]),
            {**grid_post(item, {town.members[0]: "agree"}), "then": "vote"},
        )
    item.refresh_from_db()
    assert item.stances.count() == 1
    assert item.status == ItemStatus.IN_DISCUSSION
    assert not hasattr(item, "vote")
    page = member.get(reverse("meetings_detail", args=[meeting.pk])).content.decode()
    assert 'name="then"' not in page  # the buttons are the office's
