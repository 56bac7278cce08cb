"""Project-wide checks: migrations, PostgreSQL trigram search on Chinese, login lockout, demo data."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from committees.models import Committee, Role, RoleAssignment
from committees.selectors import visible_committees

pytestmark = pytest.mark.django_db


def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_pg_trgm_sees_chinese_characters():
    # With LC_CTYPE=C the trigram set of Chinese text is empty; C.UTF-8 keeps it.
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        assert cursor.fetchone()[0] == "C.UTF-8"
        cursor.execute("SELECT similarity(%s, %s)", ["党委领导班子会议", "党委班子会议"])
        assert cursor.fetchone()[0] > 0.2


def test_axes_locks_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("target", password="Right-pass-123")
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": "Right-pass-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client, django_user_model):
    django_user_model.objects.create_user("someone", password="Right-pass-123")
    response = client.post("/accounts/login/", {"username": "someone", "password": "Right-pass-123"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_seed_demo_builds_the_tree_and_is_idempotent(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    levels = set(Committee.objects.values_list("level", flat=True))
    assert levels == {"city", "county", "town", "street", "branch"}
    for committee in Committee.objects.all():
        team = RoleAssignment.objects.filter(committee=committee).on(datetime.date.today()).team()
        assert 7 <= team.count() <= 11, committee
        assert team.filter(role=Role.SECRETARY).count() == 1
    assert "lj-secretary" in out.getvalue() and "Dangwei-2026" in out.getvalue()


def test_seed_demo_users_see_exactly_their_committees(client):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}

    def names(username):
        return set(visible_committees(users[username]).values_list("name", flat=True))

    assert names("lj-member") == {"临江区委"}
    assert names("lj-orgstaff") == {"临江区委", "桃源镇党委", "白石街道党工委"}
    assert names("yc-orgstaff") == {"云川市委", "临江区委", "青山县委"}
    assert names("tyc-secretary") == {"桃源村党支部"}
    assert len(names("admin")) == 7
    response = client.post("/accounts/login/", {"username": "lj-member", "password": "Dangwei-2026"})
    assert response.status_code == 302
    assert [c.name for c in client.get("/").context["committees"]] == ["临江区委"]
