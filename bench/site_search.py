"""Benchmark: the site search of issue 14 (``/search/?q=``) over 100,000 rows of each kind.

On the database ``fill.py`` filled (``BENCH_DATABASE_URL``):

1. ``migrate`` (the grams columns of issue 14 on a database filled before them);
2. top up every kind the search reads to ``--rows`` rows (default 100,000) – meetings, agenda items,
   decisions, minutes, supervision items, accountability cases, petitions and people – by cloning
   the fill's rows in SQL (same committees, same texts; the columns that must stay unique set to
   NULL), and people as generated two- and three-character names, each with a view role
   (党代表) in a bench committee so that ``--login`` sees them; then put the rare term ``琅琊``
   (in no text of ``bench/text.py``) into ``RARE_ROWS`` rows of each kind; ``ANALYZE``. Once:
   recorded in ``bench_meta``;
3. for each term – the rare one, the fill's common one, one common character (党), a common
   surname (王) and a Latin term – as ``--login`` (default ``lj-secretary``, 123 committees):
   the page's wall time in-process (Django test client, median of ``--runs``) against the bare
   2-query page (``/bench/bare/``) in the same run; every SQL query of the page that searches,
   run under ``EXPLAIN ANALYZE`` (median of ``--runs``), summed per kind, with the indexes its
   plans read; and ``SELECT 1`` under ``EXPLAIN ANALYZE`` as the SQL baseline.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangwei_bench .venv/bin/python bench/site_search.py
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import urllib.parse

from common import collect_static, setup

RARE = "琅琊"
RARE_ROWS = 10
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌辉波宁建国海燕春梅林云峰志文博"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--login", default="lj-secretary")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of each kind after the top-up")
    parser.add_argument("--term", action="append", default=[], help="another term (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def kinds():
    """(model, text column, overrides of the clone, condition on the rows cloned)."""
    from committees.models import Person
    from meetings.models import AgendaItem, Decision, Meeting, Minutes
    from reporting.petitions.models import Petition
    from supervision.models import AccountabilityCase, SupervisionItem

    return [
        (Meeting, "title", {}, "TRUE"),
        (AgendaItem, "title", {}, "TRUE"),
        (Decision, "resolution", {"supersedes_id": "NULL", "vote_id": "NULL"}, "TRUE"),
        (Minutes, "search_text", {"corrects_id": "NULL", "number": "NULL", "status": "'draft'"}, "TRUE"),
        (SupervisionItem, "matter", {}, "source_kind <> 'committee_decision'"),
        (AccountabilityCase, "facts", {}, "TRUE"),
        (Petition, "content", {}, "TRUE"),
        (Person, "name", {}, "TRUE"),
    ]


def top_up(rows: int) -> None:
    from django.db import connection, transaction
    from fill import meta

    from committees.models import Person, Role, RoleAssignment

    if meta("site_search_fill"):
        print(f"Already topped up: {meta('site_search_fill')}")
        return
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, text, overrides, condition in kinds():
            table = model._meta.db_table
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (model tables)
            missing = rows - cursor.fetchone()[0]
            if missing > 0 and model is Person:
                add_people(cursor, missing)
            elif missing > 0:
                columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
                chosen = [overrides.get(column, column) for column in columns]
                cursor.execute(
                    f"SELECT count(*) FROM {table} WHERE {condition}"  # noqa: S608
                )
                copies = -(-missing // max(1, cursor.fetchone()[0]))
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                    f"SELECT {', '.join(chosen)} FROM (SELECT * FROM {table} WHERE {condition}) AS source, "
                    f"generate_series(1, %s) LIMIT %s",
                    [copies, missing],
                )
            cursor.execute(
                f"UPDATE {table} SET {text} = {text} || %s WHERE id IN "  # noqa: S608
                f"(SELECT id FROM {table} ORDER BY md5(id::text) LIMIT %s)",
                [RARE, RARE_ROWS],
            )
            print(f"{table:<36} +{max(0, missing):>7,} rows, {RARE} in {RARE_ROWS}")
        # The new people hold a view role in the bench committees, as the fill's people do.
        cursor.execute(
            "SELECT id FROM committees_committee WHERE parent_id = "
            "(SELECT id FROM committees_committee WHERE name = '临江区委') ORDER BY id"
        )
        committees = [row[0] for row in cursor.fetchall()]
        fields = {f.name: f.column for f in RoleAssignment._meta.concrete_fields}
        cursor.execute(
            f"INSERT INTO committees_roleassignment ({fields['person']}, {fields['committee']}, {fields['role']}, "  # noqa: S608
            f"{fields['start_date']}, {fields['note']}) "
            "SELECT p.id, (%s::int[])[1 + p.id %% %s], %s, DATE '2021-09-20', '基准：人员' "
            "FROM committees_person p WHERE p.position = '基准人员' "
            "AND NOT EXISTS (SELECT 1 FROM committees_roleassignment r WHERE r.person_id = p.id)",
            [committees, len(committees), Role.DELEGATE],
        )
        print(f"{'people given a role':<36} {cursor.rowcount:>8,}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index JOIN pg_class c ON c.oid = indexrelid "
            "WHERE c.relname LIKE %s",
            ["%grams"],
        )
        for (index,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE")
    meta("site_search_fill", {"rows": rows, "rare": RARE})
    print(f"{'top-up total':<36} {time.perf_counter() - started:7.1f} s")


def add_people(cursor, count: int) -> None:
    cursor.execute(
        "INSERT INTO committees_person (name, gender, position, phone, email, language, feed_generation) "
        "SELECT substr(%(s)s, 1 + (g * 7) %% length(%(s)s), 1) || substr(%(c)s, 1 + (g * 13) %% length(%(c)s), 1)"
        " || CASE WHEN g %% 3 = 0 THEN substr(%(c)s, 1 + (g * 29) %% length(%(c)s), 1) ELSE '' END,"
        " '', '基准人员', '', '', '', 0 FROM generate_series(1, %(n)s) AS g",
        {"s": SURNAMES, "c": GIVEN, "n": count},
    )


def explain(cursor, sql: str, runs: int) -> tuple[float, str]:
    times, plan = [], ""
    for _ in range(runs):
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        planning = re.search(r"Planning Time: ([\d.]+) ms", plan)
        times.append(
            float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1]) + (float(planning[1]) if planning else 0)
        )
    return statistics.median(times), plan


def wall(client, url: str, runs: int) -> float:
    client.get(url, secure=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


TABLE_KIND = {
    "meetings_meeting": "meetings",
    "meetings_agendaitem": "items",
    "meetings_decision": "decisions",
    "meetings_minutes": "minutes",
    "supervision_supervisionitem": "supervision",
    "supervision_accountabilitycase": "cases",
    "reporting_petition": "petitions",
    "committees_person": "people",
}


def kind_of(sql: str) -> str:
    table = re.search(r'FROM "(\w+)"', sql)
    return TABLE_KIND.get(table[1], table[1]) if table else "?"


def measure(options) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from fill import meta

    from committees import site_search

    user = get_user_model().objects.get(username=options.login)
    client = Client()
    client.force_login(user)
    common = (meta("terms") or {}).get("common", {}).get("term", "人才引进")
    terms = {f"rare ({RARE})": RARE, f"common ({common})": common, "one character (党)": "党", "surname (王)": "王"}
    terms["Latin (GDP)"] = "GDP"
    terms.update({term: term for term in options.term})
    with connection.cursor() as cursor:
        select_one = statistics.median(explain(cursor, "SELECT 1", options.runs)[0] for _ in range(3))
    bare = wall(client, "/bench/bare/", options.runs)
    print(
        f"\nLogin {options.login}; SQL: EXPLAIN ANALYZE planning + execution time, median of {options.runs}; "
        f"page: in-process wall time, median of {options.runs}. Baselines in this run: "
        f"`SELECT 1` {select_one:.3f} ms, bare 2-query page {bare:.1f} ms.\n"
    )
    print("| term | page ms | × bare page | SQL ms (all kinds) | slowest kind: SQL ms | found per kind | indexes |")
    print("|---|---:|---:|---:|---|---|---|")
    for label, term in terms.items():
        url = f"/search/?q={urllib.parse.quote(term)}"
        page = wall(client, url, options.runs)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, secure=True)
        groups = site_search.search(user, site_search.parse_query(term))
        found = ", ".join(f"{g.kind.key} {g.count_label}" for g in sorted(groups, key=lambda g: g.kind.order))
        per_kind: dict[str, float] = {}
        indexes: set[str] = set()
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if "dangwei_term_grams" not in sql and term.upper() not in sql.upper():
                    continue
                ms, plan = explain(cursor, sql, options.runs)
                kind = kind_of(sql)
                per_kind[kind] = per_kind.get(kind, 0.0) + ms
                indexes |= set(re.findall(r"Bitmap Index Scan on (\w+)", plan))
                indexes |= set(re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)", plan))
        total = sum(per_kind.values())
        slowest = max(per_kind.items(), key=lambda item: item[1]) if per_kind else ("–", 0.0)
        grams = sorted(i for i in indexes if i.endswith("grams"))
        others = sorted(i for i in indexes if not i.endswith("grams"))
        print(
            f"| {label} | {page:.1f} | {page / bare:.1f} | {total:.1f} | {slowest[0]}: {slowest[1]:.1f} | {found} "
            f"| {', '.join(grams)}; {', '.join(others)} |"
        )


def main() -> None:
    options = parse()
    setup(settings="bench.settings")
    collect_static()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    top_up(options.rows)
    measure(options)


if __name__ == "__main__":
    main()
