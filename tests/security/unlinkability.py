"""Generic checks that nothing links a participant to an anonymous choice (M-V6, A-8).

Give them the *anonymous* model (one row per choice: a random key, what it belongs to, the
choice) and the *participation* model (one row per participant: *that* they took part):

    problems = schema_problems(SecretBallot, SecretBallotCast)        # models, history, API, admin
    footprint = write_footprint(lambda: services.cast_ballot(...))   # which tables one cast touches
    assert_rewritten_together(SecretBallot.objects.filter(vote=vote))  # after closing

What someone reading the database sees: ``rows_with_system_columns`` (every column with ``xmin``
and ``ctid``), ``pg_dump_data`` + ``dumped_rows`` (a backup), ``dead_tuples`` (old row versions
VACUUM has not removed yet).

A link could come from: a timestamp or a sequential key on either row (order of casting = order of
participation); a history table (simple_history) or any other table recording the cast; a foreign
key from anywhere to either row; an API serializer or an admin page exposing the anonymous rows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers

from committees.models import Person

TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def _own_fields(model) -> list[models.Field]:
    return [f for f in model._meta.get_fields() if not f.auto_created or f.primary_key]


def _payload_names(anonymous) -> set[str]:
    return {f.name for f in _own_fields(anonymous) if not f.is_relation and not f.primary_key}


def schema_problems(anonymous, participation) -> list[str]:
    problems = []
    people = {Person, get_user_model()}
    # 1. The anonymous row: a random key, no voter, no time.
    if not isinstance(anonymous._meta.pk, models.UUIDField):
        problems.append(f"{anonymous.__name__}: primary key is not a random UUID (a sequence follows the cast order)")
    for model in (anonymous, participation):
        for f in _own_fields(model):
            if isinstance(f, TIME_FIELDS):
                problems.append(f"{model.__name__}.{f.name}: a time field can link the two rows")
    for f in _own_fields(anonymous):
        if f.is_relation and f.related_model in people | {participation}:
            problems.append(f"{anonymous.__name__}.{f.name}: points at a person or a participation")
    # 2. The participation row records that, never what.
    shared = _payload_names(anonymous) & {f.name for f in _own_fields(participation)}
    if shared:
        problems.append(f"{participation.__name__} repeats the anonymous payload: {sorted(shared)}")
    # 3. Nothing anywhere refers to either row, and no history table copies them.
    for model in apps.get_models():
        for f in model._meta.get_fields():
            refers = f.is_relation and not f.auto_created and f.related_model in (anonymous, participation)
            if refers and model not in (anonymous, participation):
                problems.append(f"{model.__name__}.{f.name} refers to {f.related_model.__name__}")
        for target in (anonymous, participation):
            if model.__name__ == f"Historical{target.__name__}":
                problems.append(f"{model.__name__}: a history table records {target.__name__}")
    for target in (anonymous, participation):
        if hasattr(target, "history"):
            problems.append(f"{target.__name__} has simple_history")
    # 4. No API serializer exposes the anonymous rows or pairs a participant with a payload field.
    for serializer_class in api_serializers():
        problems += _serializer_problems(serializer_class(), anonymous, participation)
    # 5. The admin does not list the anonymous rows.
    if anonymous in admin.site._registry:
        problems.append(f"{anonymous.__name__} is registered in the admin")
    return problems


def api_serializers() -> set[type]:
    """The serializer classes of every DRF view routed in the project."""
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None)
                for name in dir(view) if view else ():
                    if name.endswith("serializer_class") and not name.startswith("_"):
                        value = getattr(view, name, None)
                        if isinstance(value, type) and issubclass(value, serializers.BaseSerializer):
                            found.add(value)
                        elif isinstance(value, dict):
                            found.update(v for v in value.values() if isinstance(v, type))

    walk(get_resolver().url_patterns)
    return found


def _serializer_problems(serializer, anonymous, participation, path="") -> list[str]:
    problems = []
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    meta_model = getattr(getattr(serializer, "Meta", None), "model", None)
    name = f"{type(serializer).__name__}{path}"
    if meta_model is anonymous:
        problems.append(f"API serializer {name} exposes {anonymous.__name__} rows")
    if not hasattr(serializer, "fields"):
        return problems
    try:
        fields = serializer.fields
    except Exception as error:
        return [f"API serializer {name} could not be inspected: {error}"]
    if meta_model is participation and _payload_names(anonymous) & set(fields):
        problems.append(f"API serializer {name} adds the anonymous payload to {participation.__name__}")
    for field_name, field in fields.items():
        if isinstance(field, serializers.BaseSerializer):
            problems += _serializer_problems(field, anonymous, participation, f"{path}.{field_name}")
    return problems


def _table_writes() -> dict[str, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables")
        return {name: (ins, upd, dele) for name, ins, upd, dele in cursor.fetchall()}


def write_footprint(action: Callable[[], object]) -> dict[str, tuple[int, int, int]]:
    """Run ``action`` and return, per table, the (inserted, updated, deleted) rows it wrote
    (PostgreSQL's per-transaction statistics)."""
    before = _table_writes()
    action()
    after = _table_writes()
    footprint = {}
    for table, counts in after.items():
        diff = tuple(a - b for a, b in zip(counts, before.get(table, (0, 0, 0)), strict=True))
        if any(diff):
            footprint[table] = diff
    return footprint


def footprint_problems(footprint, anonymous, participation, *, rows: int = 1) -> list[str]:
    """One cast inserts one participation row and ``rows`` anonymous rows – and writes nothing else
    (no history, no audit, no counter or "last changed" on the vote that would follow the order)."""
    expected = {participation._meta.db_table: (1, 0, 0), anonymous._meta.db_table: (rows, 0, 0)}
    if footprint != expected:
        return [f"a cast wrote {footprint}, expected exactly {expected}"]
    return []


def assert_rewritten_together(queryset) -> None:
    """After closing, the anonymous rows were rewritten in one statement: one transaction id for
    all and no trace of the order they were cast in."""
    table = queryset.model._meta.db_table
    pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    assert pks, "no anonymous rows to check"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE id::text = ANY(%s)", [pks])  # noqa: S608
        assert cursor.fetchone()[0] == 1, f"{table}: rows were not rewritten together on closing"
    assert all(isinstance(pk, uuid.UUID) for pk in queryset.values_list("pk", flat=True))


def _xmins(queryset) -> list[int]:
    table = queryset.model._meta.db_table
    pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} WHERE id::text = ANY(%s)", [pks])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def xmin_links(anonymous_queryset, participation_queryset) -> int:
    """How many participation rows sit right next to an anonymous row in transaction order: pairs
    anyone reading PostgreSQL's system columns could make. A cast writes the anonymous row and then,
    in a savepoint (its own sub-transaction id), the participation, so while a vote is open the rows
    interleave – ballot, its cast, ballot, its cast – however many transaction ids other sessions
    take in between (ids only grow, so the order holds where a distance would not). After closing,
    ``assert_rewritten_together``: one transaction id for every row, so order tells nothing."""
    rows = sorted(
        [(xmin, "anonymous") for xmin in _xmins(anonymous_queryset)]
        + [(xmin, "participation") for xmin in _xmins(participation_queryset)]
    )
    kinds = [kind for _xmin, kind in rows]
    return sum(
        1
        for i, kind in enumerate(kinds)
        if kind == "participation" and "anonymous" in kinds[max(i - 1, 0) : i] + kinds[i + 1 : i + 2]
    )


# ------------------------------------------------------------ what someone reading the database sees


def rows_with_system_columns(model, **where) -> list[dict]:
    """Every column of ``model``'s rows matching ``where`` (column = value), with PostgreSQL's
    system columns ``xmin`` and ``ctid`` (as ``(block, offset)``), in physical order: what anyone
    reading the table directly sees."""
    table = connection.ops.quote_name(model._meta.db_table)
    condition = " AND ".join(f"{connection.ops.quote_name(column)} = %s" for column in where) or "TRUE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text::bigint AS xmin, ctid::text AS ctid, * FROM {table} WHERE {condition}",  # noqa: S608
            list(where.values()),
        )
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        block, offset = row["ctid"].strip("()").split(",")
        row["ctid"] = (int(block), int(offset))
    return sorted(rows, key=lambda row: row["ctid"])


def pg_dump_data() -> str:
    """``pg_dump --data-only`` of the database the tests run on: what a backup taken now holds."""
    db = connection.settings_dict
    same_major = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin/pg_dump")
    binary = str(same_major) if same_major.exists() else shutil.which("pg_dump")
    assert binary, "pg_dump (postgresql-client) is needed to check what a backup holds"
    server = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432), "--username", db["USER"]]
    done = subprocess.run(
        [binary, "--data-only", "--no-owner", "--dbname", db["NAME"], *server],
        env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def dumped_rows(dump: str, model) -> list[dict[str, str]]:
    """The rows of ``model``'s table in a ``pg_dump`` (its COPY block), in the dump's order, as the
    dump writes them (``\\N`` for NULL, ``\\\\x…`` hex for bytes)."""
    prefix = f"COPY public.{model._meta.db_table} ("
    lines = iter(dump.splitlines())
    for line in lines:
        if line.startswith(prefix):
            columns = line[len(prefix) : line.index(")")].split(", ")
            rows = []
            for row in lines:
                if row == "\\.":
                    return rows
                rows.append(dict(zip(columns, row.split("\t"), strict=True)))
    return []


def dead_tuples(model) -> int:
    """Row versions deleted or replaced but still in the table's pages (until VACUUM): they keep
    the values, the ``xmin`` and the physical order they had."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pgstattuple'")
        if cursor.fetchone():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
            cursor.execute("SELECT dead_tuple_count FROM pgstattuple(%s::regclass)", [table])
            return cursor.fetchone()[0]
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]
