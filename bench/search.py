"""Benchmark: the search of the decisions, minutes and supervision lists (issue 19 (3)).

For ``--login`` (default ``lj-secretary``, who sees every committee) and each term – the fill's
rare and common terms (``bench_meta``) and any given with ``--term`` – request each list page with
``?q=`` once to warm, then once more capturing its queries; every captured query that carries the
term (the paginator's count and the page's rows) is run ``--runs`` times under
``EXPLAIN (ANALYZE, BUFFERS)``. Prints a markdown table: per page and term, the rows found, the
median execution time of each query in ms and the indexes its plan reads.

    .venv/bin/python bench/search.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangwei_bench_search \\
        .venv/bin/python bench/search.py --term 丘坝 --term 人才 --plans
"""

from __future__ import annotations

import argparse
import re
import statistics
import urllib.parse

from common import collect_static, setup

PAGES = {
    "decisions": "/meetings/decisions/",
    "minutes": "/meetings/minutes/",
    "supervision": "/supervision/",
}


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--login", default="lj-secretary")
    parser.add_argument("--term", action="append", default=[], help="another term (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", action="store_true", help="print each plan")
    return parser.parse_args()


def explain(sql: str, runs: int) -> tuple[float, str]:
    from django.db import connection

    times, plan = [], ""
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1]))
    return statistics.median(times), plan


def main() -> None:
    options = parse()
    setup()
    collect_static()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from fill import meta

    terms = {f"{label} ({found['term']})": found["term"] for label, found in (meta("terms") or {}).items()}
    terms.update({term: term for term in options.term})
    client = Client()
    client.force_login(get_user_model().objects.get(username=options.login))
    print(f"| page | term | found | query | ms (median of {options.runs}) | indexes |")
    print("|---|---|---|---|---|---|")
    for page, url in PAGES.items():
        for label, term in terms.items():
            address = f"{url}?q={urllib.parse.quote(term)}"
            client.get(address, secure=True)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(address, secure=True)
            assert response.status_code == 200, response.status_code
            searches = [q["sql"] for q in captured.captured_queries if term.upper() in q["sql"].upper()]
            found = "?"
            with connection.cursor() as cursor:
                for sql in searches:
                    if sql.lstrip().upper().startswith("SELECT COUNT("):
                        cursor.execute(sql)
                        found = cursor.fetchone()[0]
            for sql in searches:
                kind = "count" if sql.lstrip().upper().startswith("SELECT COUNT(") else "rows"
                ms, plan = explain(sql, options.runs)
                indexes = sorted(
                    set(re.findall(r"Bitmap Index Scan on (\w+)", plan))
                    | set(re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)", plan))
                )
                scans = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
                used = ", ".join(indexes + [f"seq {s}" for s in scans])
                print(f"| {page} | {label} | {found} | {kind} | {ms:.1f} | {used} |")
                if options.plans:
                    print(f"\n```\n{plan}\n```\n")


if __name__ == "__main__":
    main()
