"""Site search (issue 14): The content of petitions through grams (``committees.search``).

``reporting_petition.content_grams`` – ``text[] GENERATED ALWAYS AS (dangwei_grams(col)) STORED`` –
with a GIN index; not in the model (PostgreSQL maintains it; SQLite has none).
"""

from django.db import migrations

COLUMNS = [
    ("reporting_petition", "content", "reporting_petition_content_grams"),
]


def add_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, index in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column}_grams text[] "
            f"GENERATED ALWAYS AS (dangwei_grams({column})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column}_grams)")


def drop_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _index in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}_grams")


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("reporting", "0007_notify_phrases"),
    ]

    operations = [migrations.RunPython(add_grams, drop_grams)]
