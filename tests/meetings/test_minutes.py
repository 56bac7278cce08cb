"""Minutes (M-M1..M-M7): drafted on closing from the records, numbered per committee and year
without gaps (also under concurrent approvals), confidential items kept out of the distributed
version, distribution with acknowledgement, never deleted, confidential reads logged; the PDF."""

import datetime
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from committees.actors import system_user
from committees.pdf import static_only_fetcher
from committees.phrases import render
from committees.rules import RuleViolation
from meetings import pdf
from meetings.models import (
    AgendaCategory,
    ConfidentialRead,
    Minutes,
    MinutesStatus,
    VoteChoice,
)
from meetings.selectors.minutes import read_minutes
from meetings.services.minutes import (
    MSG_ONLY_RECIPIENT_ACKNOWLEDGES_MINUTES,
    acknowledge_minutes,
    approve_minutes,
    correct_minutes,
    distribute_minutes,
    edit_minutes,
    fingerprint,
)
from meetings.services.session import close_discussion, close_meeting, record_stance, take_up_item
from meetings.services.votes import cast_ballot, close_vote, open_vote
from tests.factories import UserFactory
from tests.meetings.factories import _materials, login_of, make_item, make_meeting, make_team, open_with, sh

pytestmark = pytest.mark.django_db


def hold_meeting(team, start=None):
    """A standing committee meeting with a named-ballot important item (passed, 9 due, 5 yes)
    and a confidential personnel item (secret ballot, passed); closed, minutes drafted."""
    meeting = make_meeting(team, start=start)
    important = make_item(team, meeting, AgendaCategory.IMPORTANT, title="关于城区道路改造的议题")
    _materials(important, meeting)
    personnel = make_item(team, meeting, AgendaCategory.PERSONNEL, title="关于张三同志任职的议题")
    open_with(meeting, team, team.everyone[:7])
    at = meeting.start_at + datetime.timedelta(minutes=5)
    for number, (item, method) in enumerate(((important, None), (personnel, None))):
        at += datetime.timedelta(minutes=number * 20)
        take_up_item(item, at=at, acting_user=system_user())
        for person in sorted(team.everyone[:7], key=lambda p: p == meeting.chair):
            record_stance(item, person=person, stance="agree", reason="同意", at=at, acting_user=system_user())
        close_discussion(item, at=at, acting_user=system_user())
        vote = open_vote(item, method=method, at=at, acting_user=system_user())
        for person in team.everyone[:6]:
            cast_ballot(vote, person=person, choice=VoteChoice.YES, acting_user=login_of(person))
        cast_ballot(vote, person=team.everyone[6], choice=VoteChoice.NO, acting_user=login_of(team.everyone[6]))
        close_vote(
            vote,
            resolution=f"同意{item.title}",
            basis="经调研论证",
            supervision="督查室跟踪",
            acting_user=system_user(),
        )
    close_meeting(meeting, at=meeting.end_at, acting_user=system_user())
    return meeting, meeting.minutes.get()


def test_m_m3_closing_the_meeting_drafts_minutes_from_the_records(team):
    _meeting, minutes = hold_meeting(team)
    first, second = minutes.content["items"]
    assert minutes.status == MinutesStatus.DRAFT and minutes.number is None
    assert first["vote"]["yes"] == 6 and "4.5" in render(first["vote"]["arithmetic"])
    assert {n["name"] for n in first["vote"]["names"]} == {p.name for p in team.everyone[:7]}
    assert second["vote"]["names"] == []  # secret ballot: no names
    assert first["decision"]["basis"] == "经调研论证"
    assert len(minutes.content["absent"]) == 2


def test_m_m2_approval_numbers_minutes_per_committee_and_year(team):
    _meeting, first = hold_meeting(team)
    _meeting, second = hold_meeting(team, start=sh(2026, 12, 7))
    at = sh(2026, 12, 8)
    first = approve_minutes(first, acting_user=login_of(team.secretary), at=at)
    second = approve_minutes(second, acting_user=login_of(team.secretary), at=at)
    assert (first.number, second.number) == (1, 2)
    assert second.number_display == "〔2026〕第2号"
    other = make_team(9)
    _meeting, elsewhere = hold_meeting(other)
    assert approve_minutes(elsewhere, acting_user=login_of(other.secretary), at=at).number == 1


def test_m_m2_a_new_year_starts_again_at_one(team):
    _meeting, first = hold_meeting(team)
    approve_minutes(first, acting_user=login_of(team.secretary), at=sh(2026, 12, 31, 23, 59))
    _meeting, second = hold_meeting(team, start=sh(2026, 12, 7))
    second = approve_minutes(second, acting_user=login_of(team.secretary), at=sh(2027, 1, 1, 0, 1))
    assert (second.year, second.number) == (2027, 1)


def test_m_m1_only_the_chair_approves(team):
    _meeting, minutes = hold_meeting(team)
    with pytest.raises(RuleViolation) as refused:
        approve_minutes(minutes, acting_user=login_of(team.office))
    assert refused.value.rule_id == "M-M1"


def test_m_m5_approved_minutes_are_locked_and_never_deleted(team):
    _meeting, minutes = hold_meeting(team)
    minutes = approve_minutes(minutes, acting_user=login_of(team.secretary))
    with pytest.raises(RuleViolation) as refused:
        edit_minutes(minutes, acting_user=login_of(team.secretary), summary="改写")
    assert refused.value.rule_id == "M-M5"
    with pytest.raises(RuleViolation) as refused:
        minutes.delete()
    assert refused.value.rule_id == "M-M5"
    assert len(minutes.fingerprint) == 64 and minutes.fingerprint == fingerprint(minutes)


def test_m_m5_correction_is_a_new_version_referencing_the_old(team):
    _meeting, minutes = hold_meeting(team)
    minutes = approve_minutes(minutes, acting_user=login_of(team.secretary))
    correction = correct_minutes(minutes, acting_user=login_of(team.secretary))
    correction = approve_minutes(correction, acting_user=login_of(team.secretary))
    minutes.refresh_from_db()
    assert correction.corrects == minutes and minutes.status == MinutesStatus.SUPERSEDED
    assert correction.number == minutes.number + 1


def test_m_m3_confidential_items_are_left_out_of_the_distributed_version(team):
    _meeting, minutes = hold_meeting(team)
    assert [i["title"] for i in pdf.minutes_items(minutes, full=False)] == ["关于城区道路改造的议题"]
    assert len(pdf.minutes_items(minutes, full=True)) == 2


def test_m_m7_every_read_of_confidential_minutes_is_logged(team):
    _meeting, minutes = hold_meeting(team)
    user = UserFactory(is_superuser=True)
    assert read_minutes(user, minutes, full=True)
    assert read_minutes(user, minutes, full=True, what="pdf")
    assert ConfidentialRead.objects.filter(minutes=minutes, user=user).count() == 2


def test_m_m7_distributed_version_reads_are_not_full_for_outsiders(team):
    _meeting, minutes = hold_meeting(team)
    outsider = UserFactory()
    assert not read_minutes(outsider, minutes, full=True)
    assert not ConfidentialRead.objects.exists()


def test_m_m4_important_minutes_go_to_the_higher_leader_too(team):
    _meeting, minutes = hold_meeting(team)
    minutes = approve_minutes(minutes, acting_user=login_of(team.secretary))
    with pytest.raises(RuleViolation) as refused:
        distribute_minutes(minutes, departments=["住建局"], acting_user=system_user())
    assert refused.value.rule_id == "M-M4"
    higher = make_team(9).secretary
    recipients = distribute_minutes(minutes, departments=["住建局"], higher_leaders=[higher], acting_user=system_user())
    assert len(recipients) == 9 + 1 + 1
    mine = minutes.recipients.get(person=team.members[0])
    acknowledge_minutes(mine, person=team.members[0], acting_user=system_user())
    assert minutes.recipients.filter(acknowledged_at__isnull=False).count() == 1
    with pytest.raises(ValidationError) as refused:
        acknowledge_minutes(mine, person=team.members[1], acting_user=system_user())
    assert refused.value.messages == [MSG_ONLY_RECIPIENT_ACKNOWLEDGES_MINUTES]


def test_m_m2_pdf_shows_the_number_items_and_arithmetic(team, tmp_path):
    _meeting, minutes = hold_meeting(team)
    minutes = approve_minutes(minutes, acting_user=login_of(team.secretary), at=sh(2026, 12, 1))
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf.render_minutes_pdf(minutes, full=False))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert f"{team.committee.name}〔2026〕1号" in compact  # GB/T 9704's 发文字号 (issue 15)
    assert "关于城区道路改造的议题" in compact
    assert "关于张三同志任职的议题" not in compact  # confidential: distributed version
    assert "4.5" in compact
    assert minutes.fingerprint[:16] in compact
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page-1.png").stat().st_size > 1000
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert "pdfaid:part" in meta  # PDF/A identification in the XMP metadata


def test_pdf_fetches_nothing_outside_the_static_files():
    fetcher = static_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.org/x.css")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_m_m2_concurrent_approvals_get_distinct_gapless_numbers():
    team = make_team(9)
    meeting = make_meeting(team)
    drafts = [
        Minutes.objects.create(
            committee=team.committee, meeting=meeting, title=f"纪要{n}", rule_set_version=meeting.rule_set_version
        )
        for n in range(8)
    ]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def approve(minutes):
        try:
            barrier.wait()
            approve_minutes(minutes, acting_user=login_of(team.secretary), at=sh(2026, 12, 1))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Minutes.objects.filter(committee=team.committee).values_list("number", flat=True))
    assert numbers == list(range(1, 9))


def test_m_m3_confidential_items_are_not_searchable(team):
    _meeting, minutes = hold_meeting(team)
    assert "道路改造" in minutes.search_text and "张三" not in minutes.search_text


def test_m_m5_meetings_agenda_and_notices_are_never_deleted(team):
    from django.contrib import admin

    from meetings.models import AgendaItem, Meeting, Notice

    meeting, _minutes = hold_meeting(team)
    for refused in (meeting.delete, meeting.items.first().delete, Notice.objects.all().delete):
        with pytest.raises(RuleViolation) as refusal:
            refused()
        assert refusal.value.rule_id == "M-M5"
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert not admin.site._registry[AgendaItem].has_delete_permission(None)
