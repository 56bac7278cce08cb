"""Search supervision items' matter through grams (``committees.search``): the item list is as
long as the decisions register (a row per decision supervised and more).

``supervision_supervisionitem.matter_grams`` – ``text[] GENERATED ALWAYS AS
(dangwei_grams(matter)) STORED`` – with a GIN index; not in the model (PostgreSQL maintains it;
SQLite has none).
"""

from django.db import migrations


def add_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE supervision_supervisionitem ADD COLUMN matter_grams text[] "
        "GENERATED ALWAYS AS (dangwei_grams(matter)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX supervision_item_matter_grams ON supervision_supervisionitem USING gin (matter_grams)"
    )


def drop_grams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE supervision_supervisionitem DROP COLUMN IF EXISTS matter_grams")


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("supervision", "0005_list_order_indexes"),
    ]

    operations = [migrations.RunPython(add_grams, drop_grams)]
