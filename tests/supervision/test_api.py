"""Supervision API: permission-filtered reads, the S-2 steps, refusals as 409 citing the rule."""

import pytest

from supervision.models import ItemState

from .factories import item_with_feedback, make_item, make_office

pytestmark = pytest.mark.django_db


def test_list_shows_only_visible_items(client, office):
    mine = make_item(office)
    make_item(make_office())
    client.force_login(office.member.user)
    body = client.get("/api/supervision-items/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["id"] for row in rows] == [mine.pk]


def test_s_2_api_refuses_assignment_before_approval_with_409(client, office):
    item = make_item(office)
    client.force_login(office.inspector.user)
    response = client.post(f"/api/supervision-items/{item.pk}/assign/")
    assert response.status_code == 409
    assert response.json()["rule"] == "S-2"


def test_s_2_api_rejection_then_acceptance(client, office):
    item = item_with_feedback(office)
    client.force_login(office.inspector.user)
    response = client.post(
        f"/api/supervision-items/{item.pk}/reject/",
        {"opinions": "材料不全", "new_deadline": "2027-01-15"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == ItemState.IN_PROGRESS


def test_api_hides_items_of_other_committees(client, office):
    item = make_item(make_office())
    client.force_login(office.inspector.user)
    assert client.post(f"/api/supervision-items/{item.pk}/approve/").status_code == 404
