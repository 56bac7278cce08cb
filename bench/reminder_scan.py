"""Benchmark: one reminder scan over a large deadline table (prints figures; not a test).

Fills a scratch PostgreSQL database with N deadlines (bulk INSERT … SELECT generate_series), of
which ~1,000 are due, then times
  - the baseline: a plain indexed SELECT of the same due rows, and
  - ``reporting.deadlines.scan()``: claim with SKIP LOCKED, create the notifications, advance,
and prints both and their ratio, for two table sizes, so you can see the scan grows with the
due rows and not with the table.

    .venv/bin/python bench/reminder_scan.py            # 100,000 and 1,000,000 rows
    BENCH_SCAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other_scratch .venv/bin/python bench/reminder_scan.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Its own database: it truncates the deadline table, which bench/fill.py fills for the load test.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_SCAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dangwei_bench_scan"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("CELERY_BROKER_URL", "memory://localhost/")

import psycopg


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from committees.models import Committee, Level, Person, RuleSet  # noqa: E402
from reporting import deadlines  # noqa: E402
from reporting.schedules import days_schedule  # noqa: E402


def fill(total: int, due_rows: int) -> None:
    committee, _created = Committee.objects.get_or_create(name="基准测试党委", defaults={"level": Level.TOWN})
    owner, _created = Person.objects.get_or_create(name="基准测试责任人")
    version = RuleSet.objects.get(is_default=True).current_version
    schedule = json.dumps(days_schedule().to_json())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reporting_notification, reporting_deadline_notify, reporting_deadline CASCADE")
        cursor.execute("SELECT id FROM django_content_type WHERE app_label='committees' AND model='committee'")
        content_type = cursor.fetchone()[0]
        # Every row is active; only DUE of them have their next step in the past.
        cursor.execute(
            """
            INSERT INTO reporting_deadline (content_type_id, object_id, committee_id, title, url, owner_id,
                escalation, is_private, rule_id, rule_set_version_id, due_at, original_due_at, revision,
                schedule, next_step_index, next_step_at, state, waived_reason, created_at, last_error)
            SELECT %(ct)s, %(committee)s, %(committee)s, '基准事项 ' || g, '', %(owner)s, '[]'::jsonb, false,
                'R-2', %(version)s, due, due, 0, %(schedule)s::jsonb, 0,
                due - interval '7 days', 'open', '', now(), ''
            FROM (
                SELECT g, CASE WHEN g <= %(due)s THEN now() - interval '1 hour' + interval '7 days'
                               ELSE now() + interval '30 days' + (g %% 10000) * interval '1 minute' END AS due
                FROM generate_series(1, %(total)s) AS g
            ) rows
            """,
            {
                "ct": content_type,
                "committee": committee.pk,
                "owner": owner.pk,
                "version": version.pk,
                "schedule": schedule,
                "due": due_rows,
                "total": total,
            },
        )
        cursor.execute("ANALYZE reporting_deadline")


def baseline(due_rows: int) -> float:
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(
            "SELECT id FROM reporting_deadline WHERE state IN ('open', 'overdue') AND next_step_at IS NOT NULL "
            "AND next_step_at <= now() ORDER BY next_step_at"
        )
        rows = cursor.fetchall()
        elapsed = time.perf_counter() - start
    assert len(rows) == due_rows, len(rows)
    return elapsed


def one_scan() -> tuple[float, int]:
    start = time.perf_counter()
    created = deadlines.scan(timezone.now())
    return time.perf_counter() - start, created


def main() -> None:
    call_command("migrate", verbosity=0)
    runs = os.environ.get("BENCH_RUNS", "100000:1000,1000000:1000,1000000:10000")
    print(f"{'rows':>10} {'due':>7} {'select ms':>10} {'scan ms':>9} {'notifications':>14} {'scan/select':>12}")
    for run in runs.split(","):
        total, due_rows = (int(part) for part in run.split(":"))
        fill(total, due_rows)
        selects = [baseline(due_rows) for _n in range(5)]
        scan_time, created = one_scan()
        select_ms = statistics.median(selects) * 1000
        print(
            f"{total:>10,} {due_rows:>7,} {select_ms:>10.1f} {scan_time * 1000:>9.1f} {created:>14,}"
            f" {scan_time * 1000 / select_ms:>11.1f}x"
        )


if __name__ == "__main__":
    main()
