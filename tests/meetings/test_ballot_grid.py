"""Issue 13: named ballots entered in one grid (M-V4 on the members due), a stale row refused not
overwritten, a show of hands entered as counts, secret ballots cast from the member's own session
or counted on paper – no name anywhere (M-V6) – and who may do what inside one committee."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from committees import todo
from committees.models import Role
from committees.rules import RuleViolation
from meetings.models import (
    AgendaCategory,
    Ballot,
    SecretBallot,
    SecretBallotCast,
    Vote,
    VoteChoice,
    VoteMethod,
    VoteOutcome,
    VoteStatus,
)
from meetings.services.votes import (
    BallotEntry,
    CountedBallots,
    cast_ballot,
    check_counts,
    close_vote,
    record_ballots,
)
from tests.factories import CommitteeFactory, user_with_role
from tests.meetings.factories import discussed, login_of, make_team
from tests.meetings.test_votes import cast, vote_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


@pytest.fixture
def eight():
    """Eight members due: exactly half is 4."""
    return make_team(8, logins=True)


def login(client, person):
    client.force_login(person.user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def grid_data(vote, choices, seen=None):
    """The grid's POST: ``choices`` {person: choice}; every other eligible row left blank."""
    seen = seen or {}
    data = {}
    for person_id in set(vote.present_ids) - set(vote.recused_ids):
        data[f"seen_{person_id}"] = seen.get(person_id, "")
    for person, choice in choices.items():
        data[f"choice_{person.pk}"] = choice
    return data


def named_vote(team, present=None, **kwargs):
    _meeting, item = discussed(team, AgendaCategory.IMPORTANT, present=present, **kwargs)
    vote = vote_on(item)
    assert vote.method == VoteMethod.NAMED
    return vote


# --------------------------------------------------------------------------- the named-ballot grid


def test_the_vote_page_shows_every_eligible_member_in_one_grid(client, town):
    vote = named_vote(town, present=town.everyone[:7])
    page = login(client, town.office).get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    for person in town.everyone[:7]:
        assert f'name="choice_{person.pk}"' in page
    for person in town.everyone[7:]:  # absent (on leave): not in the grid
        assert f'name="choice_{person.pk}"' not in page
    assert 'name="person"' not in page  # the one-member dropdown is gone


@pytest.mark.parametrize(("yes", "outcome"), [(4, VoteOutcome.FAILED), (5, VoteOutcome.PASSED)])
def test_m_v4_the_grid_saves_all_named_ballots_at_once_and_half_of_the_members_due_is_not_enough(
    client, eight, yes, outcome
):
    """M-V4: 8 members due – 4 yes is exactly half, not passed; 5 yes passes."""
    vote = named_vote(eight)
    people = eight.everyone
    choices = dict.fromkeys(people[:yes], VoteChoice.YES)
    choices[people[yes]] = VoteChoice.NO
    choices.update(dict.fromkeys(people[yes + 1 :], VoteChoice.ABSTAIN))
    office = login(client, eight.office)
    response = office.post(reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, choices))
    assert response.status_code == 302
    assert Ballot.objects.filter(vote=vote).count() == 8
    assert {b.person_id: b.choice for b in Ballot.objects.filter(vote=vote)} == {p.pk: c for p, c in choices.items()}
    assert all(b.recorded_by == eight.office for b in Ballot.objects.filter(vote=vote))
    response = office.post(reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "同意"}, follow=True)
    vote.refresh_from_db()
    assert vote.outcome == outcome and vote.rule_id == "M-V4"
    assert (vote.yes, vote.due) == (yes, 8)
    assert vote.arithmetic_text in messages_of(response)


def test_the_grid_keeps_blank_rows_for_later_and_shows_recorded_rows_as_final(client, town):
    vote = named_vote(town)
    office = login(client, town.office)
    first, second = town.everyone[:2]
    office.post(reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, {first: VoteChoice.YES}))
    assert list(vote.ballots.values_list("person_id", flat=True)) == [first.pk]
    page = office.get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    assert f'name="choice_{first.pk}"' not in page and f'name="choice_{second.pk}"' in page
    # Submitting the same grid again (a double click): nothing changes, nothing is refused.
    seen = {first.pk: VoteChoice.YES}
    response = office.post(
        reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, {second: VoteChoice.NO}, seen)
    )
    assert response.status_code == 302
    assert dict(vote.ballots.values_list("person_id", "choice")) == {first.pk: "yes", second.pk: "no"}


def test_a_stale_row_is_refused_beside_the_row_and_not_overwritten(client, town):
    """Two people at the same vote: the member cast their own named ballot after the office's
    page was rendered; the office's grid saves the other rows and refuses that one."""
    vote = named_vote(town)
    member, other = town.members[0], town.members[1]
    office = login(client, town.office)
    office.get(reverse("meetings_vote", args=[vote.pk]))
    cast_ballot(vote, person=member, choice=VoteChoice.NO, acting_user=login_of(member))
    response = office.post(
        reverse("meetings_vote_ballots", args=[vote.pk]),
        grid_data(vote, {member: VoteChoice.YES, other: VoteChoice.YES}),
    )
    assert response.status_code == 409
    assert dict(vote.ballots.values_list("person_id", "choice")) == {member.pk: "no", other.pk: "yes"}
    page = response.content.decode()
    row = page[page.index(f'id="ballot-{member.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'class="fielderror"' in row  # the refusal is next to the row it concerns
    assert response.context["grid_form"].refused.keys() == {member.pk}


def test_a_stale_row_is_refused_by_the_service_whatever_the_page(town):
    vote = named_vote(town)
    member = town.members[0]
    cast_ballot(vote, person=member, choice=VoteChoice.ABSTAIN, acting_user=login_of(town.office))
    result = record_ballots(
        vote,
        [BallotEntry(member, VoteChoice.YES, seen=""), BallotEntry(town.secretary, VoteChoice.YES)],
        acting_user=login_of(town.office),
    )
    assert result.saved == 1 and list(result.refused) == [member.pk]
    assert vote.ballots.get(person=member).choice == VoteChoice.ABSTAIN


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 302), ("secretary", 302), ("member", 403), ("chair_of_other", 404), ("office_of_other", 404)],
)
def test_who_records_the_ballots_of_others_inside_the_committee(client, town, who, status):
    """Only those who run the meeting (the office, the secretary) record others' ballots; an
    ordinary member of the same committee cannot; another committee's users do not see the vote."""
    vote = named_vote(town)
    users = {
        "office": town.office.user,
        "secretary": town.secretary.user,
        "member": town.members[0].user,
    }
    other = CommitteeFactory()
    users["chair_of_other"] = user_with_role(other, Role.SECRETARY)
    users["office_of_other"] = user_with_role(other, Role.OFFICE_STAFF)
    client.force_login(users[who])
    response = client.post(
        reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, {town.members[1]: VoteChoice.YES})
    )
    assert response.status_code == status
    assert vote.ballots.exists() == (status == 302)


def test_m_d3_a_member_not_present_cannot_vote(client, town):
    """M-D3: absent members (on leave) never vote – not from the grid (a forged row refuses the
    whole grid, nothing saved), not from their own session."""
    absent = town.members[-1]
    vote = named_vote(town, present=town.everyone[:-1])
    with pytest.raises(RuleViolation) as refused:
        record_ballots(
            vote,
            [BallotEntry(town.secretary, VoteChoice.YES), BallotEntry(absent, VoteChoice.YES)],
            acting_user=login_of(town.office),
        )
    assert refused.value.rule_id == "M-D3"
    assert not vote.ballots.exists()
    # A forged row of the page is not a field of the grid: ignored.
    office = login(client, town.office)
    data = grid_data(vote, {town.secretary: VoteChoice.YES}) | {f"choice_{absent.pk}": "yes"}
    office.post(reverse("meetings_vote_ballots", args=[vote.pk]), data)
    assert list(vote.ballots.values_list("person_id", flat=True)) == [town.secretary.pk]
    # Their own session: no ballot form, and a POST is refused citing the rule.
    client.force_login(absent.user)
    page = client.get(reverse("meetings_vote", args=[vote.pk]))
    assert not page.context["may_vote"]
    response = client.post(reverse("meetings_vote_cast", args=[vote.pk]), {"choice": "yes"}, follow=True)
    assert any("M-D3" in m for m in messages_of(response))
    assert not vote.ballots.filter(person=absent).exists()


def test_m_d4_a_recused_member_is_not_in_the_grid_and_cannot_be_recorded(town):
    recused = town.members[0]
    vote = named_vote(town, recused=[recused])
    with pytest.raises(RuleViolation) as refused:
        record_ballots(vote, [BallotEntry(recused, VoteChoice.NO)], acting_user=login_of(town.office))
    assert refused.value.rule_id == "M-D4"


def test_m_v6_the_grid_is_never_for_a_secret_ballot(client, town):
    _meeting, item = discussed(town, AgendaCategory.PERSONNEL)
    vote = vote_on(item)
    with pytest.raises(RuleViolation) as refused:
        record_ballots(vote, [BallotEntry(town.members[0], VoteChoice.YES)], acting_user=login_of(town.office))
    assert refused.value.rule_id == "M-V6"
    office = login(client, town.office)
    page = office.get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    assert "choice_" not in page
    response = office.post(
        reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, {town.members[0]: VoteChoice.YES})
    )
    assert response.status_code == 403
    assert not SecretBallotCast.objects.filter(vote=vote).exists()


# --------------------------------------------------------------------------- show of hands: counts


def show_of_hands(team, present=None):
    _meeting, item = discussed(team, AgendaCategory.REPORT, present=present)
    vote = vote_on(item)
    assert vote.method == VoteMethod.SHOW_OF_HANDS
    return vote


def counts(**values):
    return {f"count-{name}": value for name, value in values.items()}


def test_m_v4_show_of_hands_counts_are_judged_on_the_members_due(client, town):
    """M-V4: 9 due, 6 present, 4 hands up → 4 ≤ 4.5, not passed – the counts, not ballots."""
    vote = show_of_hands(town, present=town.everyone[:6])
    office = login(client, town.office)
    page = office.get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    assert 'name="count-yes"' in page and 'name="count-invalid"' not in page and "choice_" not in page
    response = office.post(reverse("meetings_vote_close", args=[vote.pk]), counts(yes=4, no=1, abstain=1))
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted) == (4, 1, 1, 0)
    assert vote.outcome == VoteOutcome.FAILED and "4.5" in vote.arithmetic_text
    assert not Ballot.objects.filter(vote=vote).exists()


def test_show_of_hands_counts_above_the_members_who_may_vote_are_refused_next_to_the_counts(client, town):
    vote = show_of_hands(town, present=town.everyone[:6])
    office = login(client, town.office)
    response = office.post(
        reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "同意", **counts(yes=5, no=2, abstain="")}
    )
    assert response.status_code == 400
    form = response.context["counts_form"]
    assert form.non_field_errors() and "6" in form.non_field_errors()[0]
    page = response.content.decode()
    assert 'value="5"' in page and "同意" in page  # the input is kept
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN


def test_a_negative_count_is_refused_beside_its_field(client, town):
    vote = show_of_hands(town)
    response = login(client, town.office).post(reverse("meetings_vote_close", args=[vote.pk]), counts(yes=-1))
    assert response.status_code == 400 and response.context["counts_form"].errors["yes"]


def test_a_show_of_hands_needs_its_counts(client, town):
    vote = show_of_hands(town)
    response = login(client, town.office).post(reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "x"})
    assert response.status_code == 400 and response.context["counts_form"].non_field_errors()
    vote.refresh_from_db()
    assert vote.is_open


def test_counts_are_refused_beside_ballots_recorded_by_name(town):
    vote = show_of_hands(town)
    cast_ballot(vote, person=town.members[0], choice=VoteChoice.YES, acting_user=login_of(town.office))
    with pytest.raises(ValidationError) as refused:
        close_vote(vote, acting_user=login_of(town.office), counted=CountedBallots(yes=5))
    assert "counts" in refused.value.message_dict
    vote.refresh_from_db()
    assert vote.is_open


def test_a_show_of_hands_has_no_invalid_ballots(town):
    vote = show_of_hands(town)
    with pytest.raises(ValidationError) as refused:
        check_counts(vote, CountedBallots(yes=5, invalid=1))
    assert "invalid" in refused.value.message_dict


# --------------------------------------------------------------------------- secret ballots


def secret_vote(team, present=None):
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL, present=present)
    vote = vote_on(item)
    assert vote.is_secret
    return vote


def test_m_v6_the_members_ballot_page_is_one_radio_group_with_a_confirmation(client, town):
    vote = secret_vote(town)
    member = town.members[0]
    page = login(client, member).get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    form = page[page.index('<form method="post" action="' + reverse("meetings_vote_cast", args=[vote.pk])) :]
    form = form[: form.index("</form>")]
    assert "<fieldset" in form and "<legend>" in form
    assert form.count('type="radio" name="choice"') == 3 and form.count("required") == 3
    assert form.count('type="submit"') == 1
    assert 'data-confirm="' in form  # the form's, and each choice's (static/js/ballot.js copies it)
    assert form.count("data-confirm=") == 4


def test_m_v6_the_member_reaches_the_secret_ballot_from_the_home_page(client, town):
    vote = secret_vote(town)
    member = town.members[0]
    home = login(client, member).get(reverse("home")).content.decode()
    assert reverse("meetings_vote", args=[vote.pk]) + "#cast" in home
    cast_ballot(vote, person=member, choice=VoteChoice.YES, acting_user=login_of(member))
    todo.steps_changed()  # what the ballot's commit runs (the test's transaction never commits)
    home = client.get(reverse("home")).content.decode()
    assert reverse("meetings_vote", args=[vote.pk]) + "#cast" not in home


def test_a_member_absent_when_the_vote_opened_is_not_asked_to_vote(client, town):
    """Only those present when the vote opened vote (the snapshot), even if they arrived since."""
    latecomer = town.members[0]
    vote = secret_vote(town, present=[p for p in town.everyone if p != latecomer])
    home = login(client, latecomer).get(reverse("home")).content.decode()
    assert reverse("meetings_vote", args=[vote.pk]) not in home


def test_m_v6_paper_ballots_counted_by_the_office_close_a_secret_vote_without_any_name(client, town):
    vote = secret_vote(town, present=town.everyone[:8])
    office = login(client, town.office)
    page = office.get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    assert 'name="count-invalid"' in page and "choice_" not in page
    response = office.post(
        reverse("meetings_vote_close", args=[vote.pk]),
        {"resolution": "同意推荐", **counts(yes=5, no=1, abstain=1, invalid=1)},
        follow=True,
    )
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted) == (5, 1, 1, 1)
    assert vote.outcome == VoteOutcome.PASSED
    assert any("M-V4" in m for m in messages_of(response))
    # M-V6: nothing names a voter – no ballot by name, no "has voted" row, no history of a choice.
    assert not Ballot.objects.filter(vote=vote).exists()
    assert not Ballot.history.filter(vote_id=vote.pk).exists()
    assert not SecretBallotCast.objects.filter(vote=vote).exists()
    assert not SecretBallot.objects.filter(vote=vote).exists()
    for row in Vote.history.filter(id=vote.pk).values():
        assert not any("person" in key for key in row)


def test_m_v6_paper_counts_are_refused_once_a_member_cast_electronically(client, town):
    vote = secret_vote(town)
    member = town.members[0]
    cast(vote, [(member, VoteChoice.NO)])
    with pytest.raises(ValidationError):
        close_vote(vote, acting_user=login_of(town.office), counted=CountedBallots(yes=8))
    vote.refresh_from_db()
    assert vote.is_open
    page = login(client, town.office).get(reverse("meetings_vote", args=[vote.pk])).content.decode()
    assert 'name="count-yes"' not in page  # only the electronic ballots count now


def test_m_v6_paper_counts_cannot_exceed_the_members_who_may_vote(town):
    vote = secret_vote(town, present=town.everyone[:7])
    with pytest.raises(ValidationError) as refused:
        close_vote(vote, acting_user=login_of(town.office), counted=CountedBallots(yes=5, no=2, invalid=1))
    assert "counts" in refused.value.message_dict
    vote.refresh_from_db()
    assert vote.is_open


def test_m_v6_electronic_secret_ballots_leave_no_row_linking_a_person_to_a_choice(client, town):
    """The members cast from their own sessions through the page; the office closes. No ballot by
    name, no history row, no column anywhere pairs a voter with a choice."""
    vote = secret_vote(town)
    for person, choice in zip(town.everyone, [VoteChoice.YES] * 6 + [VoteChoice.NO] * 3, strict=True):
        client.force_login(person.user)
        client.post(reverse("meetings_vote_cast", args=[vote.pk]), {"choice": choice})
    office = login(client, town.office)
    office.post(reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "同意推荐"})
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.outcome) == (6, 3, VoteOutcome.PASSED)
    assert not Ballot.objects.filter(vote=vote).exists() and not Ballot.history.filter(vote_id=vote.pk).exists()
    assert SecretBallotCast.objects.filter(vote=vote).count() == 9
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'meetings_secretballot'")
        assert {row[0] for row in cursor.fetchall()} == {"id", "vote_id", "choice", "sealed_choice"}


# --------------------------------------------------------------------------- closing


def test_the_close_form_asks_for_confirmation_with_how_many_have_voted(client, town):
    vote = named_vote(town)
    office = login(client, town.office)
    office.post(
        reverse("meetings_vote_ballots", args=[vote.pk]),
        grid_data(vote, dict.fromkeys(town.everyone[:7], VoteChoice.YES)),
    )
    response = office.get(reverse("meetings_vote", args=[vote.pk]))
    assert response.context["close_confirm"]
    assert "7" in response.context["close_confirm"] and "9" in response.context["close_confirm"]
    page = response.content.decode()
    action = page.index(f'action="{reverse("meetings_vote_close", args=[vote.pk])}"')
    tag = page[page.rindex("<form", 0, action) : page.index(">", action)]
    assert f'data-confirm="{response.context["close_confirm"]}"' in tag


def test_a_grid_sent_after_the_vote_closed_is_refused_with_a_message_and_saves_nothing(client, town):
    vote = named_vote(town)
    office = login(client, town.office)
    office.get(reverse("meetings_vote", args=[vote.pk]))
    close_vote(vote, acting_user=login_of(town.office))
    response = office.post(
        reverse("meetings_vote_ballots", args=[vote.pk]), grid_data(vote, {town.secretary: VoteChoice.YES}), follow=True
    )
    assert response.redirect_chain and messages_of(response)
    assert not vote.ballots.exists()
