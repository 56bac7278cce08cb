"""Issue 13: the room's projector – the item taken up, its quorum, the vote's progress and the
result with the M-V4 arithmetic; a public screen, so no name of how anyone voted and no running
count of a secret ballot (M-V6); seen by whoever may see the meeting (404 otherwise)."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Role
from meetings.models import AgendaCategory, VoteChoice
from meetings.services.session import take_up_item
from meetings.services.votes import close_vote
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import discussed, login_of, make_item, make_team
from tests.meetings.test_votes import cast, vote_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


def projector(client, user, meeting, **headers):
    client.force_login(user)
    return client.get(reverse("meetings_projector", args=[meeting.pk]), headers=headers)


def names_in(page: str, team) -> list[str]:
    return [p.name for p in [*team.everyone, team.office] if p.name in page]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("secretary", 200),
        ("member", 200),
        ("office_of_other", 404),
        ("member_of_other", 404),
    ],
)
def test_who_may_open_the_projector(client, town, who, status):
    meeting, _item = discussed(town, AgendaCategory.IMPORTANT)
    other = CommitteeFactory()
    users = {
        "office": town.office.user,
        "secretary": town.secretary.user,
        "member": town.members[0].user,
        "office_of_other": user_with_role(other, Role.OFFICE_STAFF),
        "member_of_other": user_with_role(other, Role.MEMBER),
    }
    assert projector(client, users[who], meeting).status_code == status


def test_the_projector_needs_a_login(client, town):
    meeting, _item = discussed(town)
    response = client.get(reverse("meetings_projector", args=[meeting.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_projector_shows_the_item_in_discussion_with_its_quorum(client, town):
    meeting, _first = discussed(town, AgendaCategory.REPORT, present=town.everyone[:7])
    second = make_item(town, meeting, AgendaCategory.REPORT, title="关于办公用房调整的汇报")
    take_up_item(second, at=meeting.start_at + datetime.timedelta(minutes=40), acting_user=login_of(None))
    response = projector(client, town.office.user, meeting)
    screen = response.context["screen"]
    assert screen.item == second and screen.phase == "discussion"
    assert (screen.quorum.due, screen.quorum.present, screen.quorum.needed) == (9, 7, 5)
    page = response.content.decode()
    assert "关于办公用房调整的汇报" in page and screen.quorum.rule_id in page
    assert 'hx-trigger="every' in page and 'http-equiv="refresh"' in page  # it refreshes itself


def test_m_v6_the_projector_shows_no_running_count_and_no_name_of_an_open_secret_ballot(client, town):
    meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    cast(vote, [(town.members[0], VoteChoice.YES), (town.members[1], VoteChoice.NO), (town.secretary, VoteChoice.NO)])
    response = projector(client, town.office.user, meeting)
    screen = response.context["screen"]
    assert screen.phase == "voting" and (screen.voted, screen.eligible) == (3, 9)
    page = response.content.decode()
    assert "3 / 9" in page
    assert names_in(page, town) == []
    assert "live" not in response.context  # no partial tally is even computed
    assert response.context["screen"].vote.yes is None


def test_m_v4_the_projector_shows_the_result_and_its_arithmetic_but_no_names_of_a_named_ballot(client, town):
    meeting, item = discussed(town, AgendaCategory.IMPORTANT, present=town.everyone[:6])
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in town.everyone[:4]] + [(town.everyone[4], VoteChoice.NO)])
    vote = close_vote(vote, acting_user=login_of(town.office))
    response = projector(client, town.office.user, meeting)
    assert response.context["screen"].phase == "result"
    page = response.content.decode()
    assert vote.arithmetic_text in page and "4.5" in page  # 9 due, 4 yes: not more than half (M-V4)
    assert names_in(page, town) == []


def test_m_v6_after_closing_a_secret_ballot_the_projector_shows_the_counts_only(client, town):
    meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in town.everyone[:6]] + [(p, VoteChoice.NO) for p in town.everyone[6:]])
    vote = close_vote(vote, acting_user=login_of(town.office))
    page = projector(client, town.members[0].user, meeting).content.decode()
    assert vote.arithmetic_text in page
    assert names_in(page, town) == []


def test_m_m7_a_confidential_item_shows_only_its_title_to_a_viewer_who_may_not_see_it(client, town):
    """The delegate sees the meeting but not the confidential (personnel) item's details."""
    meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    cast(vote, [(p, VoteChoice.YES) for p in town.everyone])
    vote = close_vote(vote, acting_user=login_of(town.office))
    response = projector(client, town.delegate.user, meeting)
    assert response.status_code == 200 and not response.context["screen"].shows_details
    page = response.content.decode()
    assert item.title in page and vote.arithmetic_text not in page


def test_the_projector_refresh_returns_the_screen_only(client, town):
    meeting, _item = discussed(town)
    response = projector(client, town.office.user, meeting, **{"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<main id="projector"')
    assert "<html" not in page
