"""Benchmark: SQL queries per main page, against the rows and against the committees a login sees.

In one transaction on the bench database, rolled back at the end (nothing stays): 100 new
committees under the county (``fill.make_committees``: bodies, a term, 8 people with roles each)
and three logins whose person is party-office and petition-office staff of 1, 10 and 100 of them
(permissions from ``committees.permissions.sync_user_permissions``). Rows are added to those
committees with ``fill.Filler`` (the same varied text and shapes as the fill) in two steps, to
``BENCH_QUERY_ROWS`` in all (default ``200,5000`` meetings, supervision items and deadlines, and
the other registers in proportion); after each step every page is requested by each login, once to
warm caches and once counted with ``CaptureQueriesContext``. Needs a filled bench database
(``bench/fill.py``: the demo and the search terms).

Prints a markdown table: per page, the queries for each login (1, 10, 100 committees) at each size,
and "GROWS" where a count differs from the others – with the query that repeats more. The pages
are those of ``common.PAGES`` plus the searches for the fill's rare and common terms; detail pages
show the login's first meeting or supervision item. Exit status 1 when a count grows.

    .venv/bin/python bench/queries.py
    BENCH_QUERY_ROWS=100,1000 .venv/bin/python bench/queries.py        # smoke
"""

from __future__ import annotations

import collections
import datetime
import os
import random
import re
import sys
import urllib.parse

from common import PAGES, data_queries, rows_shown, setup

ROWS = [int(n) for n in os.environ.get("BENCH_QUERY_ROWS", "200,5000").split(",")]
SCOPES = (1, 10, 100)


class Rollback(Exception):
    pass


def logins(committees: list) -> dict[int, object]:
    """Per scope, a login who is party-office and petition-office staff of that many committees."""
    from django.contrib.auth import get_user_model

    from committees.models import Person, Role, RoleAssignment
    from committees.permissions import sync_user_permissions

    users = {}
    for scope in SCOPES:
        user = get_user_model().objects.create_user(f"bench-queries-{scope}")
        person = Person.objects.create(name=f"基准干部{scope}", user=user)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(person=person, committee=c, role=role, start_date=datetime.date(2021, 9, 20))
            for c in committees[:scope]
            for role in (Role.OFFICE_STAFF, Role.PETITION_STAFF)
        )
        sync_user_permissions(user)
        users[scope] = user
    return users


def pages(user, terms: dict) -> dict[str, str]:
    """The URLs to count for ``user``; details: its first meeting and supervision item."""
    from committees.selectors import visible_committee_ids
    from meetings.models import Meeting
    from supervision.models import SupervisionItem

    ids = sorted(visible_committee_ids(user))
    meeting = Meeting.objects.filter(committee_id=ids[0]).order_by("pk").values_list("pk", flat=True).first()
    item = SupervisionItem.objects.filter(committee_id=ids[0]).order_by("pk").values_list("pk", flat=True).first()
    found = {
        name: url.format(pk={"meeting detail": meeting, "supervision detail": item}.get(name))
        for name, url in PAGES.items()
    }
    for label in ("rare", "common"):
        term = urllib.parse.quote(terms[label]["term"])
        found[f"decisions, {label} term"] = f"/meetings/decisions/?q={term}"
        found[f"minutes, {label} term"] = f"/meetings/minutes/?q={term}"
    return found


def count_queries(user, terms: dict) -> dict[str, tuple[int, list[str], int, int]]:
    """Per page: the number of queries, their SQL, the HTTP status and the table rows shown."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for name, url in pages(user, terms).items():
        client.get(url, secure=True)  # warm: sessions, content types, the rule-set cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        queries = data_queries(captured)
        html = response.content.decode("utf-8", "replace")
        counts[name] = (len(queries), queries, response.status_code, rows_shown(html))
    return counts


def shape(sql: str) -> str:
    """The query with its literals, id lists and cursor names blanked, to find the one that repeats."""
    sql = re.sub(r'"_django_curs_\w+"', "cursor", sql)
    sql = re.sub(r"\b\d+\b|'[^']*'", "?", sql)
    return re.sub(r"\(\?(?:, \?)*\)", "(…)", sql)


def main() -> None:
    setup()
    from django.db import transaction
    from fill import COUNTY, Filler, build_world, make_committees, meta
    from text import Text

    from committees.models import Committee

    terms, limits = meta("terms"), meta("demo_limits")
    if not terms or not limits:
        sys.exit("Run bench/fill.py first (the demo, the search terms).")
    results: dict[tuple[int, int], dict] = {}
    try:
        with transaction.atomic():
            county = Committee.objects.get(name=COUNTY)
            committees = make_committees(max(SCOPES), county, prefix="查询")
            users = logins(committees)
            world = build_world(committees, county, users[max(SCOPES)].person)
            filler = Filler(world, Text(7), random.Random(7), limits)
            made = 0
            for rows in ROWS:
                filler.add(rows - made)
                made = rows
                for scope, user in users.items():
                    results[(scope, rows)] = count_queries(user, terms)
            raise Rollback
    except Rollback:
        pass
    columns = [(scope, rows) for scope in SCOPES for rows in ROWS]
    print(
        f"Queries per page (bench/queries.py): logins seeing {', '.join(map(str, SCOPES))} committees,"
        f" at {' and '.join(f'{rows:,}' for rows in ROWS)} rows (meetings, supervision items, deadlines"
        " spread over 100 committees); the login sees its committees' share."
    )
    print()
    print("| page | " + " | ".join(f"{scope} c., {rows:,} rows" for scope, rows in columns) + " | |")
    print("|---|" + "---:|" * len(columns) + "---|")
    growing = []
    for name in results[columns[0]]:
        cells = [results[column][name] for column in columns]
        # A list page that shows no rows (∅) may skip the queries of its rows: compared only
        # among the cells that show rows (pages without a table – home, details – always).
        has_table = any(cell[3] for cell in cells)
        compared = [cell[0] for cell in cells if cell[3] or not has_table]
        statuses = {cell[2] for cell in cells} - {200}
        grows = len(set(compared)) > 1
        mark = "GROWS" if grows else ""
        if statuses:
            mark += f" HTTP {'/'.join(map(str, sorted(statuses)))}"
        shown = [f"{cell[0]}{'' if cell[3] or not has_table else ' ∅'}" for cell in cells]
        print(f"| {name} | " + " | ".join(shown) + f" | {mark} |")
        if grows:
            growing.append(name)
    print("\n∅: the page showed no rows for that login at that size (not compared).")
    for name in growing:
        cells = [results[column][name] for column in columns]
        low = min(cells, key=lambda cell: cell[0])[1]
        high = max(cells, key=lambda cell: cell[0])[1]
        before = collections.Counter(shape(q) for q in low)
        after = collections.Counter(shape(q) for q in high)
        print(f"\n{name}: queries of the highest count not in the lowest")
        for query, times in (after - before).most_common(3):
            print(f"  +{times}× {query[:400]}")
    sys.exit(1 if growing else 0)


if __name__ == "__main__":
    main()
