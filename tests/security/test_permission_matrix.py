"""Issue 8: every URL × every role × an object of the own / another committee → the expected status.

The expectations are data (``matrix.py``); this module walks the URL resolver and checks each row.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.meetings.factories import login_of

from .matrix import COLUMNS, MATRIX
from .routes import EXCLUDED, all_routes, matrix_routes, request_status, url_for

pytestmark = pytest.mark.django_db

ROUTES = matrix_routes()
#: Query strings some pages need to show an object (the committee picker, the monthly report).
QUERIES = {
    "petitions_register_pick": "committee",
    "petitions_report": "committee",
    "petitions_report_xlsx": "committee",
    "petitions_report_document": "committee",
}


def _url(name: str, world) -> str:
    url = url_for(ROUTES[name], world)
    if name in QUERIES:
        url += f"?{QUERIES[name]}={world.home.pk}"
    return url


def _observe(name: str, method: str, world, clients) -> dict[str, str]:
    url = _url(name, world)
    return {column: request_status(clients[column], method, url) for column in COLUMNS}


def _row(observed: dict[str, str]) -> str:
    return " ".join(observed[c].ljust(5) for c in COLUMNS).rstrip()


def test_every_url_has_a_matrix_entry():
    missing = sorted(set(ROUTES) - set(MATRIX))
    assert not missing, f"URLs without a permission-matrix entry (see matrix.py): {missing}"


def test_every_matrix_entry_names_an_existing_url():
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, f"matrix.py names URLs that no longer exist: {stale}"


def test_exclusions_name_existing_urls():
    assert set(EXCLUDED) <= set(all_routes())


@pytest.mark.parametrize("name", sorted(set(ROUTES) | set(MATRIX)))
def test_permission_matrix(name, world, clients):
    if name not in ROUTES:
        pytest.fail(f"{name!r} is in matrix.py but no such URL exists")
    expected = MATRIX.get(name)
    if expected is None:
        rows = {method: _row(_observe(name, method, world, clients)) for method in ("GET", "POST")}
        suggestion = "\n".join(f'        "{m}": "{r}",' for m, r in rows.items())
        pytest.fail(f"No matrix entry for {name!r}. Observed (check each cell before pasting):\n{suggestion}")
    mismatches = []
    for method, row in expected.items():
        cells = dict(zip(COLUMNS, row.split(), strict=True))
        observed = _observe(name, method, world, clients)
        mismatches += [
            f"{method} as {column}: expected {cells[column]}, got {observed[column]}"
            for column in COLUMNS
            if observed[column] != cells[column]
        ]
    assert not mismatches, f"{name} ({_url(name, world)}):\n" + "\n".join(mismatches)


def test_matrix_rows_have_one_cell_per_column():
    for name, methods in MATRIX.items():
        for method, row in methods.items():
            assert method in ("GET", "POST"), name
            assert len(row.split()) == len(COLUMNS), (name, method)


# ---------------------------------------------------------------------------------------------
# Refusals that come back as a redirect with a message (302 in the matrix) must change nothing.


def test_m_n2_a_member_posting_approve_leaves_a_proposed_item_unapproved(world, clients):
    # rule: M-N2 – the matrix shows 302 for everyone: the service refuses all but the principal.
    from meetings.models import AgendaCategory, ItemStatus
    from meetings.services.agenda import add_item

    team = world.team
    item = add_item(
        committee=team.committee,
        meeting=world.objects["meeting"],
        title="关于新议题",
        category=AgendaCategory.REPORT,
        proposed_by=team.secretary,
        acting_user=login_of(team.office),
    )
    for column in ("member", "office", "inspector", "orgstaff", "parent_org"):
        response = clients[column].post(reverse("meetings_item_approve", args=[item.pk]))
        assert response.status_code == 302, column
        item.refresh_from_db()
        assert item.status == ItemStatus.PROPOSED, column
    clients["secretary"].post(reverse("meetings_item_approve", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED


# ---------------------------------------------------------------------------------------------
# Lists: a page or API list another committee's member may open shows none of the home objects.

OTHER_COLUMNS = [c for c in COLUMNS if c.startswith("x_")]
#: Pages another committee may open that show home objects by design, with the reason.
SHOWS_HOME_OBJECTS_BY_DESIGN = {
    "meetings_feed": "the signed token in the address is the credential (the home member's own feed)",
    "meetings_public_decisions": "M-M6: published decisions are public",
}


def _cells(name: str, method: str = "GET") -> dict[str, str]:
    return dict(zip(COLUMNS, MATRIX[name][method].split(), strict=True))


def _home_object_urls(world) -> list[str]:
    """The page of every home object that another committee may not open."""
    urls = []
    for name, route in ROUTES.items():
        if name not in MATRIX or not route.kwargs or "-" in name or name in SHOWS_HOME_OBJECTS_BY_DESIGN:
            continue
        cells = _cells(name)
        if all(cells[c] in ("403", "404") for c in OTHER_COLUMNS) and "200" in cells.values():
            urls.append(url_for(route, world))
    return urls


def _open_pages() -> list[str]:
    return sorted(
        name
        for name in MATRIX
        if name in ROUTES
        and "-" not in name
        and name not in SHOWS_HOME_OBJECTS_BY_DESIGN
        and any(_cells(name)[c] == "200" for c in OTHER_COLUMNS)
    )


@pytest.mark.parametrize("name", _open_pages())
def test_pages_another_committee_opens_link_to_no_home_object(name, world, clients):
    home_urls = _home_object_urls(world)
    url = _url(name, world)
    for column in OTHER_COLUMNS:
        if _cells(name)[column] != "200":
            continue
        content = clients[column].get(url).content.decode(errors="replace")
        leaked = [u for u in home_urls if f'"{u}"' in content or f"'{u}'" in content]
        assert not leaked, f"{name} as {column} links to home objects: {leaked}"


def _api_lists() -> list[str]:
    from .routes import PK_OBJECTS

    return sorted(
        name
        for name in ROUTES
        if name.endswith("-list") and any(name.startswith(p) for p in PK_OBJECTS if p.endswith("-"))
    )


@pytest.mark.parametrize("name", _api_lists())
def test_api_lists_of_another_committee_hold_no_home_object(name, world, clients):
    from .routes import object_key_for_pk

    obj = world.objects[object_key_for_pk(name)]
    detail = name.removesuffix("-list") + "-detail"
    if detail in MATRIX and "200" in (_cells(detail)[c] for c in OTHER_COLUMNS):
        pytest.skip(f"{detail} is open to other committees")
    for column in OTHER_COLUMNS:
        response = clients[column].get(reverse(name), {"page_size": 1000})
        assert response.status_code == 200, (name, column)
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        ids = {row.get("id") for row in rows if isinstance(row, dict)}
        assert obj.pk not in ids, f"{name} as {column} lists the home object {obj!r}"


def test_the_list_checks_do_see_home_objects_for_home_members(world, clients):
    """Control for the two tests above: the same matching finds the home objects for the home
    secretary, so an empty result for another committee means something."""
    meeting_url = reverse("meetings_detail", args=[world.objects["meeting"].pk])
    assert meeting_url in _home_object_urls(world)
    assert f'"{meeting_url}"' in clients["secretary"].get(reverse("meetings_list")).content.decode()
    rows = clients["secretary"].get(reverse("meeting-list"), {"page_size": 1000}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert world.objects["meeting"].pk in {row["id"] for row in rows}
