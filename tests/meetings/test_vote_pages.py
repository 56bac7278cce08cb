"""Pages and API of votes, decisions and minutes: permissions, secret ballots from the voter's
own session (M-V6), refusals citing the rule, query counts, the PDF, confidential reads (M-M7)."""

import json

import pytest
from django.urls import reverse

from committees.models import Role
from meetings import services
from meetings.models import (
    AgendaCategory,
    ConfidentialRead,
    MeetingKind,
    SecretBallot,
    SecretBallotCast,
    VoteChoice,
)
from meetings.services.minutes import approve_minutes
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import discussed, login_of, make_team
from tests.meetings.test_minutes import hold_meeting
from tests.meetings.test_votes import cast, passed_decision, vote_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


def login(client, person):
    client.force_login(person.user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize(
    ("role", "own", "status"),
    [
        (Role.OFFICE_STAFF, True, 200),
        (Role.SECRETARY, True, 200),
        (Role.MEMBER, True, 200),
        (Role.OFFICE_STAFF, False, 404),
        (Role.MEMBER, False, 404),
    ],
)
def test_vote_decision_and_minutes_pages_by_role_and_committee(client, team, role, own, status):
    _meeting, minutes = hold_meeting(team)
    vote = minutes.meeting.items.first().vote
    committee = team.committee if own else CommitteeFactory()
    client.force_login(user_with_role(committee, role))
    assert client.get(reverse("meetings_vote", args=[vote.pk])).status_code == status
    assert client.get(reverse("meetings_decision", args=[vote.decision.pk])).status_code == status
    assert client.get(reverse("meetings_minutes", args=[minutes.pk])).status_code == status
    assert client.get(reverse("meetings_minutes_pdf", args=[minutes.pk])).status_code == status


def test_m_v6_member_casts_a_secret_ballot_from_their_own_session(client, town):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    member = town.members[0]
    response = login(client, member).post(reverse("meetings_vote_cast", args=[vote.pk]), {"choice": "no"})
    assert response.status_code == 302 and "no" not in response["Location"]
    assert SecretBallotCast.objects.filter(vote=vote, person=member).exists()
    assert SecretBallot.objects.filter(vote=vote).count() == 1
    page = client.get(reverse("meetings_vote", args=[vote.pk]))
    assert page.context["live"] is None and not page.context["may_vote"]


def test_m_v6_the_office_cannot_record_a_secret_ballot_for_a_member(client, town):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    response = login(client, town.office).post(
        reverse("meetings_vote_cast", args=[vote.pk]), {"person": town.members[0].pk, "choice": "yes"}
    )
    assert response.status_code == 403


def test_m_v6_no_partial_count_of_a_secret_ballot_even_for_a_superuser(client, town, admin_user):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in town.everyone[:3]])
    client.force_login(admin_user)
    page = client.get(reverse("meetings_vote", args=[vote.pk]))
    assert page.context["live"] is None and page.context["voted_count"] == 3
    data = client.get(f"/api/votes/{vote.pk}/").json()
    assert data["results"] is None and data["live"] is None and data["ballots"] == []


def test_live_counts_for_a_show_of_hands(client, town):
    _meeting, item = discussed(town)
    vote = vote_on(item)
    office = login(client, town.office)
    office.post(reverse("meetings_vote_cast", args=[vote.pk]), {"person": town.members[0].pk, "choice": "yes"})
    assert office.get(reverse("meetings_vote", args=[vote.pk])).context["live"]["yes"] == 1


def test_m_v7_refusal_is_shown_with_its_rule(client, town):
    _meeting, item = discussed(town, AgendaCategory.IMPORTANT, kind=MeetingKind.SECRETARY_OFFICE)
    response = login(client, town.office).post(reverse("meetings_vote_open", args=[item.pk]), follow=True)
    assert any("[M-V7]" in m for m in messages_of(response))


def test_a_vote_runs_in_the_browser_and_shows_the_arithmetic(client, town):
    _meeting, item = discussed(town, AgendaCategory.IMPORTANT, present=town.everyone[:6])
    office = login(client, town.office)
    console = office.get(reverse("meetings_detail", args=[item.meeting_id]))
    assert reverse("meetings_vote_open", args=[item.pk]) in console.content.decode()
    response = office.post(reverse("meetings_vote_open", args=[item.pk]))
    vote = item.__class__.objects.get(pk=item.pk).vote
    assert response.status_code == 302 and vote.method == "named"
    for person in town.everyone[:4]:
        office.post(reverse("meetings_vote_cast", args=[vote.pk]), {"person": person.pk, "choice": "yes"})
    response = office.post(reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "同意"}, follow=True)
    assert any("4.5" in m and "M-V4" in m for m in messages_of(response))
    assert "4.5" in response.content.decode()
    console = office.get(reverse("meetings_detail", args=[item.meeting_id]))
    assert "4.5" in console.content.decode()
    assert office.get(reverse("meetings_vote", args=[vote.pk]), headers={"HX-Request": "true"}).status_code == 200


def test_decisions_register_query_count_is_fixed(client, town, django_assert_max_num_queries):
    first = passed_decision(town)
    office = login(client, town.office)
    # The register of the decision's year, whatever the clock says (it defaults to this year).
    register = reverse("meetings_decisions") + f"?year={first.item.meeting.date.year}"
    office.get(register)
    with django_assert_max_num_queries(30) as captured:
        assert office.get(register).context["page"].paginator.count == 1
    passed_decision(town, title="第二项")
    with django_assert_max_num_queries(len(captured)):
        response = office.get(register)
    assert response.context["page"].paginator.count == 2


def test_minutes_list_query_count_is_fixed(client, town, django_assert_max_num_queries):
    hold_meeting(town)
    office = login(client, town.office)
    office.get(reverse("meetings_minutes_list"))
    with django_assert_max_num_queries(30) as captured:
        office.get(reverse("meetings_minutes_list"))
    hold_meeting(town, start=town_start(7))
    with django_assert_max_num_queries(len(captured)):
        response = office.get(reverse("meetings_minutes_list"))
    assert response.context["page"].paginator.count == 2


def town_start(days):
    import datetime

    from tests.meetings.factories import sh

    return sh(2026, 11, 30) + datetime.timedelta(days=days)


def test_m_m7_full_minutes_page_read_is_logged_distributed_is_not(client, town):
    _meeting, minutes = hold_meeting(town)
    secretary = login(client, town.secretary)
    page = secretary.get(reverse("meetings_minutes", args=[minutes.pk]))
    assert page.context["full"] and "关于张三同志任职的议题" in page.content.decode()
    assert ConfidentialRead.objects.filter(minutes=minutes).count() == 1
    page = secretary.get(reverse("meetings_minutes", args=[minutes.pk]) + "?version=distributed")
    assert "关于张三同志任职的议题" not in page.content.decode()
    assert ConfidentialRead.objects.filter(minutes=minutes).count() == 1


def test_m_m3_delegate_sees_only_the_distributed_minutes(client, town):
    _meeting, minutes = hold_meeting(town)
    page = login(client, town.delegate).get(reverse("meetings_minutes", args=[minutes.pk]))
    assert not page.context["full"] and "关于张三同志任职的议题" not in page.content.decode()


def test_chair_approves_minutes_in_the_browser_and_gets_the_pdf(client, town):
    _meeting, minutes = hold_meeting(town)
    secretary = login(client, town.secretary)
    secretary.post(reverse("meetings_minutes", args=[minutes.pk]), {"form": "approve"})
    minutes.refresh_from_db()
    assert minutes.number == 1
    response = secretary.get(reverse("meetings_minutes_pdf", args=[minutes.pk]) + "?version=distributed")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    verify = secretary.post(reverse("meetings_minutes_verify", args=[minutes.pk]), {"text": minutes.fingerprint})
    assert verify.context["result"] is True
    forged = secretary.post(reverse("meetings_minutes_verify", args=[minutes.pk]), {"text": "0" * 64})
    assert forged.context["result"] is False


# ------------------------------------------------------------------ API


def test_api_vote_open_cast_close(client, town):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    office = login(client, town.office)
    response = office.post("/api/votes/", {"item": item.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["method"] == "secret"
    vote_id = response.json()["id"]
    for person in town.everyone:
        login(client, person)
        response = client.post(f"/api/votes/{vote_id}/cast/", {"choice": "yes"}, content_type="application/json")
        assert response.status_code == 201 and "yes" not in json.dumps(response.json())
    login(client, town.office)
    data = client.post(f"/api/votes/{vote_id}/close/", {"resolution": "同意任职"}, content_type="application/json")
    results = data.json()["results"]
    assert (results["yes"], results["outcome"], results["rule"]) == (9, "passed", "M-V4")
    assert client.get(f"/api/decisions/{results['decision']}/").status_code == 200


def test_api_refusal_is_409_with_the_rule(client, town):
    _meeting, item = discussed(town, AgendaCategory.IMPORTANT, kind=MeetingKind.FIVE_PERSON)
    response = login(client, town.office).post("/api/votes/", {"item": item.pk}, content_type="application/json")
    assert (response.status_code, response.json()["rule"]) == (409, "M-V7")


def test_api_minutes_full_version_is_logged(client, town):
    _meeting, minutes = hold_meeting(town)
    secretary = login(client, town.secretary)
    assert len(secretary.get(f"/api/minutes/{minutes.pk}/").json()["items"]) == 1
    assert len(secretary.get(f"/api/minutes/{minutes.pk}/?version=full").json()["items"]) == 2
    assert ConfidentialRead.objects.filter(minutes=minutes, what="api").count() == 1


def test_api_decisions_are_filtered_by_committee(client, town):
    decision = passed_decision(town)
    other = make_team(9, logins=True)
    assert login(client, other.secretary).get(f"/api/decisions/{decision.pk}/").status_code == 404
    assert services is not None


def test_m_m5_archive_zip_of_a_committee_year(client, town):
    import io
    import zipfile

    _meeting, minutes = hold_meeting(town)
    approve_minutes(minutes, acting_user=login_of(town.secretary), at=town_start(1))
    response = login(client, town.office).get(reverse("meetings_archive", args=[town.committee.pk, 2026]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "minutes/2026-001.pdf" in names and "decisions-2026.xlsx" in names
    assert any(name.startswith("notices/") for name in names)
    assert (
        login(client, town.members[0]).get(reverse("meetings_archive", args=[town.committee.pk, 2026])).status_code
        == 403
    )


def test_verification_accepts_the_approved_pdf_and_rejects_another(client, town):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import pdf

    _meeting, minutes = hold_meeting(town)
    minutes = approve_minutes(minutes, acting_user=login_of(town.secretary), at=town_start(1))
    data = pdf.render_minutes_pdf(minutes)
    url = reverse("meetings_minutes_verify", args=[minutes.pk])
    office = login(client, town.office)
    ok = office.post(url, {"file": SimpleUploadedFile("m.pdf", data, content_type="application/pdf")})
    assert ok.context["result"] is True
    _other_meeting, other = hold_meeting(town, start=town_start(7))
    other = approve_minutes(other, acting_user=login_of(town.secretary), at=town_start(8))
    wrong = office.post(url, {"file": SimpleUploadedFile("m.pdf", pdf.render_minutes_pdf(other))})
    assert wrong.context["result"] is False


def test_m_v6_secret_ballots_are_not_in_the_admin():
    from django.contrib import admin

    assert SecretBallot not in admin.site._registry and SecretBallotCast not in admin.site._registry


def test_large_minutes_pdf_is_rendered_by_the_worker(client, town, settings, monkeypatch):
    from meetings import pdf, tasks

    _meeting, minutes = hold_meeting(town)
    minutes = approve_minutes(minutes, acting_user=login_of(town.secretary), at=town_start(1))
    monkeypatch.setattr(pdf, "INLINE_MAX_ITEMS", 1)
    queued = []
    monkeypatch.setattr(tasks.render_minutes_pdf, "delay", lambda *args: queued.append(args))
    office = login(client, town.office)
    url = reverse("meetings_minutes_pdf", args=[minutes.pk]) + "?version=distributed"
    assert office.get(url).status_code == 202
    assert queued == [(minutes.pk, False)]
    tasks.render_minutes_pdf(*queued[0])
    response = office.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_m_m3_a_vote_on_a_confidential_item_is_hidden_from_observers(client, town):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    assert login(client, town.delegate).get(reverse("meetings_vote", args=[vote.pk])).status_code == 404
    assert login(client, town.members[0]).get(reverse("meetings_vote", args=[vote.pk])).status_code == 200


def test_minutes_pdf_keeps_the_committees_language_when_the_ui_is_english(town, tmp_path):
    """Issue 14: a printed document keeps one language, the committee's (the site's)."""
    import subprocess

    from django.utils import translation

    from meetings import pdf

    _meeting, minutes = hold_meeting(town)
    minutes = approve_minutes(minutes, acting_user=login_of(town.secretary), at=town_start(1))
    with translation.override("en"):
        data = pdf.render_minutes_pdf(minutes)
    path = tmp_path / "en.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "—1—" in compact and "主持人" in compact and "会议纪要" in compact
    assert "Page 1" not in text and "Chair" not in text and "minutes" not in text
