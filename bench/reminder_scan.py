"""Benchmark: the reminder scan (``reporting.deadlines.scan``) against a batched SKIP LOCKED read
of the same due rows, interleaved in one run (prints a markdown table; not a test).

On its own scratch database (``BENCH_SCAN_DATABASE_URL``, default ``dangwei_bench_scan``: it
truncates the deadline table): for each shape ``TOTAL:DUE`` of ``BENCH_SCAN`` (default
``1000000:10000``), ``TOTAL`` active deadlines (bulk ``INSERT … SELECT generate_series``) of
which ``DUE`` have a reminder step due now. Then ``BENCH_SCAN_WARMUP`` (1) + ``BENCH_SCAN_REPEATS``
(5) repetitions, each timing, in alternating order and each on freshly reset due rows (deleted and
inserted again, notifications truncated),

- the baseline: ``SELECT`` of the due deadlines with their committee and owner (every column, as
  the scan's claim reads them), ``ORDER BY next_step_at, id LIMIT 500 FOR UPDATE OF the deadline
  SKIP LOCKED``, one transaction per 500-row batch (keyset: the next batch starts after the last
  row), until a batch is short – the rows fetched into Python;
- the scan: ``reporting.deadlines.scan(now)`` (claims, fires, writes notifications, advances).

Prints the medians of the measured repetitions (warm-up left out), their ratio, and the scan's
cost per due row.

    .venv/bin/python bench/reminder_scan.py                          # 10,000 due of 1,000,000
    BENCH_SCAN=1000000:1000,1000000:10000 .venv/bin/python bench/reminder_scan.py
    BENCH_SCAN=20000:200 BENCH_SCAN_REPEATS=2 .venv/bin/python bench/reminder_scan.py   # smoke
"""

from __future__ import annotations

import json
import os
import statistics
import time

from common import setup

SCAN_DATABASE_URL = os.environ.get("BENCH_SCAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dangwei_bench_scan")
SHAPES = [
    tuple(int(part) for part in shape.split(":")) for shape in os.environ.get("BENCH_SCAN", "1000000:10000").split(",")
]
WARMUP = int(os.environ.get("BENCH_SCAN_WARMUP", "1"))
REPEATS = int(os.environ.get("BENCH_SCAN_REPEATS", "5"))
BATCH = 500
DUE_TITLE = "基准到期事项"


def prepare() -> dict:
    """The committee, owner, rule-set version and schedule every bench deadline uses."""
    from committees.models import Committee, Level, Person, RuleSet
    from reporting.schedules import days_schedule

    committee, _created = Committee.objects.get_or_create(name="基准测试党委", defaults={"level": Level.TOWN})
    owner, _created = Person.objects.get_or_create(name="基准测试责任人")
    from django.contrib.contenttypes.models import ContentType

    return {
        "ct": ContentType.objects.get_for_model(Committee).pk,
        "committee": committee.pk,
        "owner": owner.pk,
        "version": RuleSet.objects.get(is_default=True).current_version.pk,
        "schedule": json.dumps(days_schedule().to_json()),
    }


INSERT = """
    INSERT INTO reporting_deadline (content_type_id, object_id, committee_id, title, url, owner_id,
        escalation, is_private, rule_id, rule_set_version_id, due_at, original_due_at, revision,
        schedule, next_step_index, next_step_at, state, waived_reason, created_at, last_error)
    SELECT %(ct)s, %(committee)s, %(committee)s, to_jsonb(%(title)s || g), '', %(owner)s, '[]'::jsonb, false,
        'R-2', %(version)s, due, due, 0, %(schedule)s::jsonb, 0, due - interval '7 days', 'open', '', now(), ''
    FROM (
        SELECT g, CASE WHEN %(is_due)s THEN now() - interval '1 hour' + interval '7 days'
                       ELSE now() + interval '30 days' + (g %% 10000) * interval '1 minute' END AS due
        FROM generate_series(1, %(count)s) AS g
    ) rows
"""


def fill(total: int, due: int, values: dict) -> None:
    """``total - due`` deadlines not due for 30+ days, then the ``due`` ones (``reset``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reporting_notification, reporting_deadline_notify, reporting_deadline CASCADE")
        cursor.execute(INSERT, {**values, "title": "基准事项 ", "is_due": False, "count": total - due})
    reset(due, values)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_deadline")


def reset(due: int, values: dict) -> None:
    """The due deadlines as new: deleted and inserted again, no notifications."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reporting_notification CASCADE")
        cursor.execute("DELETE FROM reporting_deadline WHERE title #>> '{}' LIKE %s", [DUE_TITLE + "%"])
        cursor.execute(INSERT, {**values, "title": DUE_TITLE + " ", "is_due": True, "count": due})


BASELINE = """
    SELECT d.*, c.*, p.*
    FROM reporting_deadline d
    JOIN committees_committee c ON c.id = d.committee_id
    LEFT JOIN committees_person p ON p.id = d.owner_id
    WHERE d.state IN ('open', 'overdue') AND d.next_step_at <= %s AND (d.next_step_at, d.id) > (%s, %s)
    ORDER BY d.next_step_at, d.id
    LIMIT %s
    FOR UPDATE OF d SKIP LOCKED
"""


def baseline(now) -> tuple[float, int]:
    """Seconds to read every due row in locked 500-row batches, and the rows read."""
    import datetime

    from django.db import connection, transaction

    start = time.perf_counter()
    after, after_id, read = datetime.datetime.min.replace(tzinfo=datetime.UTC), 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(BASELINE, [now, after, after_id, BATCH])
            rows = cursor.fetchall()
            names = [column.name for column in cursor.description]
        read += len(rows)
        if rows:
            last = rows[-1]
            after, after_id = last[names.index("next_step_at")], last[names.index("id")]
        if len(rows) < BATCH:
            return time.perf_counter() - start, read


def scan(now) -> tuple[float, int]:
    from reporting import deadlines

    start = time.perf_counter()
    created = deadlines.scan(now)
    return time.perf_counter() - start, created


def main() -> None:
    now_utc = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    setup(SCAN_DATABASE_URL)
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    values = prepare()
    lines = [
        f"Reminder scan (bench/reminder_scan.py): {WARMUP} warm-up + {REPEATS} measured repetitions per shape,"
        f" baseline and scan alternating, each on freshly reset due rows; medians; {now_utc}"
        " UTC.",
        "",
        "| deadlines | due | SKIP LOCKED read ms | scan ms | scan ÷ read | notifications | scan µs per due row |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for total, due in SHAPES:
        fill(total, due, values)
        reads, scans, notifications = [], [], set()
        for repetition in range(WARMUP + REPEATS):
            order = ("read", "scan") if repetition % 2 == 0 else ("scan", "read")
            for what in order:
                reset(due, values)
                now = timezone.now()
                if what == "read":
                    seconds, rows = baseline(now)
                    assert rows == due, f"the baseline read {rows} rows, {due} are due"
                    if repetition >= WARMUP:
                        reads.append(seconds)
                else:
                    seconds, created = scan(now)
                    if repetition >= WARMUP:
                        scans.append(seconds)
                        notifications.add(created)
        read_ms, scan_ms = statistics.median(reads) * 1000, statistics.median(scans) * 1000
        lines.append(
            f"| {total:,} | {due:,} | {read_ms:,.1f} | {scan_ms:,.1f} | {scan_ms / read_ms:.1f}×"
            f" | {'/'.join(f'{n:,}' for n in sorted(notifications))} | {scan_ms * 1000 / due:,.1f} |"
        )
        lines.append(
            f"<!-- runs ms: read {', '.join(f'{s * 1000:.1f}' for s in reads)};"
            f" scan {', '.join(f'{s * 1000:.1f}' for s in scans)} -->"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
