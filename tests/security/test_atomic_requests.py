"""Issue 17: each request is one transaction (ATOMIC_REQUESTS); what has to happen after its commit
still does."""

import pytest
from django.db import connection
from django.urls import reverse

from committees.actors import system_user
from meetings.models import AgendaCategory, SecretBallot, VoteChoice, VoteMethod
from meetings.services import votes as meeting_services
from tests.meetings.factories import discussed, login_of, make_team

from .test_hardening import production_settings
from .unlinkability import dead_tuples

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.django_db
def test_requests_run_in_one_transaction():
    assert connection.settings_dict["ATOMIC_REQUESTS"] is True


def test_the_health_check_answers_without_touching_the_database(client):
    """Liveness only: no transaction, so it answers while the database is away (and this test,
    which may not use the database, passes)."""
    assert client.get("/healthz").status_code == 200


@transactional
def test_m_v6_a_secret_vote_closed_on_its_page_is_vacuumed_after_the_request_commits(client):
    team = make_team(9, logins=True)
    _meeting, item = discussed(team, AgendaCategory.PERSONNEL)
    vote = meeting_services.open_vote(item, acting_user=system_user())
    assert vote.method == VoteMethod.SECRET
    for person, choice in zip(team.everyone[:3], [VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN], strict=True):
        meeting_services.cast_ballot(vote, person=person, choice=choice, acting_user=login_of(person))
    client.force_login(team.office.user)
    response = client.post(reverse("meetings_vote_close", args=[vote.pk]), {"resolution": "同意"})
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain) == (1, 1, 1)
    # The commit hook ran once the request's transaction had committed: no sealed row is left.
    assert dead_tuples(SecretBallot) == 0


def test_production_runs_requests_in_one_transaction_the_sqlite_demo_does_not(tmp_path):
    """SQLite has one write lock, which every page would hold from start to end (config/settings/base.py)."""
    production = production_settings(tmp_path, ["DATABASES"])["DATABASES"]["default"]
    assert production["ATOMIC_REQUESTS"] is True
    demo = production_settings(
        tmp_path, ["DATABASES"], DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=None
    )["DATABASES"]["default"]
    assert demo["ENGINE"] == "django.db.backends.sqlite3"
    assert demo["ATOMIC_REQUESTS"] is False
