"""The reminder scan of one batch as one PostgreSQL statement (issue 19): the same steps, recipients,
channels and words as the Python path (``_fire_due_steps``), with the work per deadline done in SQL.

One statement claims the batch (``FOR UPDATE SKIP LOCKED``), expands each deadline's due steps from
its ``schedule`` JSON, finds the recipients in the role assignments on the day and the notify list,
keeps the channels whose ``sql_accepts`` holds, stores the messages as phrases (a key and its
parameters, worded in the reader's language when shown), inserts the notifications
(``ON CONFLICT DO NOTHING``: never twice) and advances the
deadlines. It returns the ids of the claimed deadlines it could not read – a schedule that is not
the shape ``Schedule.to_json`` writes, or a step time Python could not hold (before year 1 or after
9999 in UTC) – still locked by the batch's transaction: the Python path (``_scan_one``) fires them or
sets them aside with the very error it always gave. The statement itself raises only on what no
row causes (a lost connection, a bug); the caller then does the batch in Python.

Nothing here imports the engine: the caller hands in the channels, phrase keys and escalation targets,
so ``reporting.deadlines`` stays the one place that says who is told what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

#: The first and the first-not instant a Python ``datetime`` holds, in seconds since 1970 (UTC).
EARLIEST_EPOCH = -62135596800  # 0001-01-01T00:00:00Z
AFTER_LATEST_EPOCH = 253402300800  # 10000-01-01T00:00:00Z
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
#: A Python datetime's ``isoformat(timespec="seconds")`` in UTC, as ``deadlines._message`` stores the due time.
ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'


@dataclass(frozen=True)
class ScanStatement:
    sql: str
    params: dict


def scan_statement(
    *,
    channels: list[tuple[str, bool, str]],
    title_keys: dict[str, str],
    escalation_key: str,
    body_key: str,
    escalation_targets: dict[str, list[tuple[bool, str, bool]]],
    owed_fallback_role: str,
    kinds: dict[str, str],
    states: dict[str, str],
    deadline_states: dict,
) -> ScanStatement:
    """Build the statement once per scan.

    ``channels``: (name, is_immediate, SQL condition on the person ``p``), in settings order;
    ``title_keys``: the phrase key of each step kind's title (any other kind: ``escalation_key``);
    ``body_key``: the body's. The title and body are stored as phrases (``committees.phrases``:
    ``{"key", "params"}``), the same JSON as ``deadlines._message`` writes; ``escalation_targets``:
    for each target of an escalation path, its
    (of the parent committee, role, the owner left out); ``kinds``: the step kinds by meaning
    (reminder, due, overdue, escalation); ``states``: the notification states (sent, pending);
    ``deadline_states``: the deadline states scanned (active) and set once a step is late (overdue)."""
    params: dict = {"escalation_key": escalation_key, "body_key": body_key, "iso_utc": ISO_UTC}
    key_cases = []
    for number, (kind, key) in enumerate(title_keys.items()):
        params.update({f"title_kind_{number}": kind, f"title_key_{number}": key})
        key_cases.append(f"WHEN %(title_kind_{number})s THEN %(title_key_{number})s::text")
    title_sql = f"""jsonb_build_object(
            'key', CASE f.kind {" ".join(key_cases)} ELSE %(escalation_key)s::text END,
            'params', jsonb_build_object(
                'title', m.title,
                'due', jsonb_build_object('datetime', to_char(m.due_at AT TIME ZONE 'UTC', %(iso_utc)s)),
                'owner', coalesce(o.name, cm.name)))"""
    body_sql = (
        "jsonb_build_object('key', %(body_key)s::text, "
        "'params', jsonb_build_object('rule', m.rule_id, 'committee', cm.name))"
    )
    targets = []
    for target, holders in escalation_targets.items():
        for number, (of_parent, role, without_owner) in enumerate(holders):
            key = f"target_{len(targets)}_{number}"
            params.update({f"{key}_t": target, f"{key}_p": of_parent, f"{key}_r": role, f"{key}_o": without_owner})
            targets.append(f"(%({key}_t)s::text, %({key}_p)s::boolean, %({key}_r)s::text, %({key}_o)s::boolean)")
    channel_rows, channel_conditions = [], []
    for number, (name, is_immediate, condition) in enumerate(channels):
        params[f"channel_{number}"] = name
        params[f"channel_{number}_immediate"] = is_immediate
        channel_rows.append(f"({number}, %(channel_{number})s::text, %(channel_{number}_immediate)s::boolean)")
        channel_conditions.append(f"WHEN {number} THEN ({condition})")
    params.update({f"kind_{key}": value for key, value in kinds.items()})
    params.update(
        {
            "kinds": list(kinds.values()),
            "sent": states["sent"],
            "pending": states["pending"],
            "office": owed_fallback_role,
            "earliest": EARLIEST_EPOCH,
            "after_latest": AFTER_LATEST_EPOCH,
            # whole seconds, as ``Schedule.to_json`` writes them; anything else goes to Python
            "whole": r"^-?[0-9]{1,12}$",
            "count": r"^-?[0-9]{1,9}$",
            "steps_shape": STEPS_SHAPE,
        }
    )
    sql = (
        SCAN.replace("{title}", title_sql)
        .replace("{body}", body_sql)
        .replace("{targets}", ", ".join(targets) or "(NULL::text, NULL::boolean, NULL::text, NULL::boolean)")
        .replace("{channels}", ", ".join(channel_rows))
        .replace("{channel_conditions}", " ".join(channel_conditions))
        # literals, not parameters, so the planner matches the partial index ``deadline_due_steps``
        .replace("{active}", ", ".join(f"'{state}'" for state in deadline_states["active"]))
    )
    params["overdue_state"] = deadline_states["overdue"]
    return ScanStatement(sql, params)


#: The jsonb text of a schedule's steps as ``Schedule.to_json`` writes them: [key, whole seconds
#: (12 digits at most), kind, level]. A key with an escape does not match: such rows go to Python.
#: (Which kinds and levels may fire is checked on the steps that fire: cheaper than an alternation.)
STEPS_SHAPE = r'^\[(\["[^"\\]*", -?[0-9]{1,12}, "[a-z_]+", -?[0-9]{1,9}\](, )?)*\]$'


def run(statement: ScanStatement, *, now: datetime.datetime, batch: int) -> tuple[int, int, list[int]]:
    """Scan one batch in the caller's transaction. Returns the deadlines claimed, the notifications
    written (tried: a conflict counts, as in ``bulk_create(ignore_conflicts=True)``), and the ids
    of the claimed deadlines left to the Python path."""
    params = {
        **statement.params,
        "now": now,
        "now_epoch": Decimal((now - _EPOCH) // datetime.timedelta(microseconds=1)) / 1_000_000,
        "day": timezone.localdate(now),
        "batch": batch,
        "created_at": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        claimed, created, left = cursor.fetchone()
    return claimed, created, list(left)


# The statement. Casts of the schedule's JSON happen only on rows that passed ``readable``'s
# checks (a CTE's projection runs after its WHERE), so no row can make it fail.
SCAN = """
WITH claimed AS MATERIALIZED (
    SELECT d.id, d.due_at, extract(epoch FROM d.due_at) AS due_epoch, d.schedule, d.escalation,
        d.next_step_index, d.state, d.revision, d.owner_id, d.committee_id, d.title, d.url, d.rule_id
    FROM reporting_deadline d
    WHERE d.state IN ({active}) AND d.next_step_at <= %(now)s
    ORDER BY d.next_step_at
    LIMIT %(batch)s
    FOR UPDATE OF d SKIP LOCKED
),
readable AS MATERIALIZED (
    SELECT c.*, jsonb_array_length(c.schedule -> 'steps') AS n,
        coalesce((c.schedule ->> 'repeat_every')::numeric, 0) AS repeat_every,
        coalesce((c.schedule ->> 'repeat_limit')::numeric, 0) AS repeat_limit,
        coalesce((c.schedule -> 'steps' -> -1 ->> 1)::numeric, 0) AS last_offset
    FROM claimed c
    WHERE coalesce(
        jsonb_typeof(c.schedule) = 'object'
        AND jsonb_typeof(c.schedule -> 'steps') = 'array'
        AND jsonb_typeof(c.escalation) = 'array'
        AND (coalesce(jsonb_typeof(c.schedule -> 'repeat_every'), 'null') = 'null'
             OR (jsonb_typeof(c.schedule -> 'repeat_every') = 'number'
                 AND c.schedule ->> 'repeat_every' ~ %(whole)s AND c.schedule ->> 'repeat_every' NOT LIKE '-%%'))
        AND (jsonb_typeof(c.schedule -> 'repeat_limit') IS NULL
             OR (jsonb_typeof(c.schedule -> 'repeat_limit') = 'number' AND c.schedule ->> 'repeat_limit' ~ %(count)s))
        AND (c.schedule -> 'steps')::text ~ %(steps_shape)s,
        false
    )
),
steps AS MATERIALIZED (
    SELECT c.id, (s.ordinality - 1)::int AS idx, s.step ->> 0 AS key, s.step ->> 2 AS kind,
        (s.step ->> 3)::int AS level, (s.step ->> 1)::numeric AS step_offset,
        c.due_epoch + (s.step ->> 1)::numeric AS at_epoch
    FROM readable c
    CROSS JOIN LATERAL jsonb_array_elements(c.schedule -> 'steps') WITH ORDINALITY AS s(step, ordinality)
    WHERE s.ordinality > c.next_step_index
),
explicit AS (
    -- per deadline: the first listed step still ahead [index, offset]; and whether every listed
    -- step from its position on is one the statement can time and word (a known kind, an
    -- escalation's level from 1) – if not, the row goes to Python: stricter than needed, never wrong
    SELECT id, min(ARRAY[idx, step_offset]) FILTER (WHERE at_epoch > %(now_epoch)s) AS ahead,
        min(at_epoch) AS earliest, max(at_epoch) AS latest,
        bool_and(kind = ANY(%(kinds)s) AND (kind <> %(kind_escalation)s OR level >= 1)) AS known_steps
    FROM steps
    GROUP BY id
),
placed AS (
    SELECT c.*, e.ahead[1]::int AS stop, e.ahead[2] AS stop_offset, e.earliest, e.latest,
        coalesce(e.known_steps, true) AS known_steps,
        greatest(1, c.next_step_index - c.n + 1) AS first_repeat,
        -- every listed step fired and the schedule repeats: the last repetition due by now
        CASE WHEN e.ahead IS NULL AND c.n > 0 AND c.repeat_every > 0 THEN
            least(c.repeat_limit, floor((%(now_epoch)s - c.due_epoch - c.last_offset) / c.repeat_every))
        END AS last_repeat
    FROM readable c
    LEFT JOIN explicit e ON e.id = c.id
),
positioned AS (
    SELECT p.*,
        CASE WHEN p.stop IS NOT NULL THEN p.stop
             WHEN p.last_repeat IS NOT NULL THEN p.n + greatest(p.first_repeat - 1, p.last_repeat)
             ELSE greatest(p.next_step_index, p.n)
        END AS new_index,
        CASE WHEN p.stop IS NOT NULL THEN p.stop_offset
             WHEN p.last_repeat IS NOT NULL AND greatest(p.first_repeat - 1, p.last_repeat) + 1 <= p.repeat_limit
             THEN p.last_offset + (greatest(p.first_repeat - 1, p.last_repeat) + 1) * p.repeat_every
        END AS next_offset
    FROM placed p
),
moved AS MATERIALIZED (
    -- every step time the Python path would compute is one a Python datetime holds, and the
    -- listed steps ahead are ones the statement words
    SELECT p.*
    FROM positioned p
    WHERE p.known_steps
      AND (p.earliest IS NULL OR p.earliest >= %(earliest)s) AND (p.latest IS NULL OR p.latest < %(after_latest)s)
      AND (p.next_offset IS NULL OR p.due_epoch + p.next_offset < %(after_latest)s)
      AND (p.last_repeat IS NULL OR p.last_repeat < p.first_repeat
           OR p.due_epoch + p.last_offset + p.first_repeat * p.repeat_every >= %(earliest)s)
),
fired AS MATERIALIZED (
    SELECT s.id, s.idx::bigint AS idx, s.key, s.kind, s.level
    FROM steps s
    JOIN moved m ON m.id = s.id
    WHERE s.idx < m.new_index
    UNION ALL
    SELECT m.id, m.n + o - 1, 'repeat-' || o, %(kind_overdue)s, 0
    FROM moved m
    CROSS JOIN LATERAL generate_series(m.first_repeat::bigint, m.last_repeat::bigint) AS o
    WHERE m.last_repeat IS NOT NULL
),
holders AS MATERIALIZED (
    -- RoleAssignment.objects.on(day), on the batch's committees and their parents
    SELECT a.committee_id, a.role, a.person_id
    FROM committees_roleassignment a
    WHERE a.start_date <= %(day)s AND (a.end_date IS NULL OR a.end_date >= %(day)s)
      AND a.committee_id IN (
          SELECT m.committee_id FROM moved m
          UNION
          SELECT cm.parent_id FROM moved m JOIN committees_committee cm ON cm.id = m.committee_id
      )
),
owed AS (
    SELECT m.id, m.owner_id AS person_id FROM moved m WHERE m.owner_id IS NOT NULL
    UNION
    SELECT n.deadline_id, n.person_id FROM reporting_deadline_notify n JOIN moved m ON m.id = n.deadline_id
),
targets (target, of_parent, role, without_owner) AS (VALUES {targets}),
recipients AS (
    SELECT DISTINCT r.id, r.idx, r.person_id
    FROM (
        -- reminders, due and overdue: whoever owes it and those to notify …
        SELECT f.id, f.idx, o.person_id
        FROM fired f JOIN owed o ON o.id = f.id
        WHERE f.kind <> %(kind_escalation)s
        UNION ALL
        -- … else the committee's office on the day
        SELECT f.id, f.idx, h.person_id
        FROM fired f
        JOIN moved m ON m.id = f.id
        JOIN holders h ON h.committee_id = m.committee_id AND h.role = %(office)s
        WHERE f.kind <> %(kind_escalation)s AND NOT EXISTS (SELECT FROM owed o WHERE o.id = f.id)
        UNION ALL
        -- escalations: the roles on the day of the level's target
        SELECT f.id, f.idx, h.person_id
        FROM fired f
        JOIN moved m ON m.id = f.id
        JOIN committees_committee cm ON cm.id = m.committee_id
        JOIN targets t ON t.target = m.escalation ->> (f.level - 1)
        JOIN holders h ON h.role = t.role AND h.committee_id = CASE WHEN t.of_parent THEN cm.parent_id ELSE cm.id END
        WHERE f.kind = %(kind_escalation)s AND NOT (t.without_owner AND h.person_id IS NOT DISTINCT FROM m.owner_id)
    ) AS r
),
worded AS (
    SELECT f.id, f.idx, f.kind, 'r' || m.revision || ':' || f.key AS step_key, m.url,
        {title} AS title,
        {body} AS body
    FROM fired f
    JOIN moved m ON m.id = f.id
    JOIN committees_committee cm ON cm.id = m.committee_id
    LEFT JOIN committees_person o ON o.id = m.owner_id
),
notifications AS MATERIALIZED (
    SELECT w.id AS deadline_id, w.step_key, w.kind AS step_kind, r.person_id AS recipient_id,
        ch.name AS channel, w.title, w.body, w.url,
        CASE WHEN ch.is_immediate THEN %(sent)s ELSE %(pending)s END AS state,
        CASE WHEN ch.is_immediate THEN %(now)s::timestamptz END AS sent_at
    FROM recipients r
    JOIN worded w ON w.id = r.id AND w.idx = r.idx
    JOIN committees_person p ON p.id = r.person_id
    JOIN (VALUES {channels}) AS ch (position, name, is_immediate)
      ON CASE ch.position {channel_conditions} END
),
inserted AS (
    INSERT INTO reporting_notification (deadline_id, step_key, step_kind, recipient_id, channel, title,
        body, url, state, attempts, sent_at, last_error, created_at)
    SELECT n.deadline_id, n.step_key, n.step_kind, n.recipient_id, n.channel, n.title, n.body, n.url,
        n.state, 0, n.sent_at, '', %(created_at)s
    FROM notifications n
    ON CONFLICT DO NOTHING
),
overdue AS (
    SELECT DISTINCT f.id FROM fired f
    WHERE f.kind IN (%(kind_due)s, %(kind_overdue)s, %(kind_escalation)s)
),
advanced AS (
    UPDATE reporting_deadline d
    SET next_step_index = m.new_index::int,
        next_step_at = m.due_at + make_interval(secs => m.next_offset::float8),
        state = CASE WHEN od.id IS NULL THEN m.state ELSE %(overdue_state)s END,
        last_error = ''
    FROM moved m
    LEFT JOIN overdue od ON od.id = m.id
    WHERE d.id = m.id
)
SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM notifications),
    ARRAY(SELECT c.id FROM claimed c LEFT JOIN moved m ON m.id = c.id WHERE m.id IS NULL ORDER BY c.id)
"""
