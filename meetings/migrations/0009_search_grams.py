"""Search decisions and minutes through grams (``committees.search``), not trigrams.

Adds ``meetings_decision.resolution_grams`` and ``meetings_minutes.search_text_grams`` –
``text[] GENERATED ALWAYS AS (dangwei_grams(col)) STORED`` – each with a GIN index, and drops the
trigram indexes of 0003, which no query could use (two-character terms; issue 19). The columns
are not in the models: PostgreSQL maintains them; SQLite has neither them nor the indexes.
"""

from django.db import migrations

COLUMNS = [
    ("meetings_decision", "resolution", "meetings_decision_resolution_grams", "meetings_decision_resolution_trgm"),
    ("meetings_minutes", "search_text", "meetings_minutes_search_text_grams", "meetings_minutes_search_text_trgm"),
]


def add_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, index, trigram_index in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {trigram_index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column}_grams text[] "
            f"GENERATED ALWAYS AS (dangwei_grams({column})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column}_grams)")


def drop_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _index, trigram_index in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}_grams")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {trigram_index} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("meetings", "0008_list_order_indexes"),
    ]

    operations = [migrations.RunPython(add_grams, drop_grams)]
