"""Trigram (pg_trgm) GIN indexes for searching decisions and minutes by Chinese text.

PostgreSQL only (the extension comes from committees 0002); SQLite demo databases skip them.
The expression matches Django's ``icontains`` (``UPPER(col::text) LIKE UPPER(%s)``). The
indexes are not in the models' Meta because SQLite cannot create them.
"""

from django.db import migrations

INDEXES = [
    ("meetings_decision_resolution_trgm", "meetings_decision", "resolution"),
    ("meetings_minutes_search_text_trgm", "meetings_minutes", "search_text"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_votes_decisions_minutes")]

    operations = [migrations.RunPython(create, drop)]
