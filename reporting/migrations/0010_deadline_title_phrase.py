"""Issue 14: a deadline's title is a stored phrase (JSON), worded in the reader's language.

The plain strings already stored become JSON strings (``committees.phrases.render`` shows them as
they are), in the deadlines and in their history. PostgreSQL converts the columns in place; SQLite
(the demo) keeps its text columns and quotes the values."""

from django.db import migrations, models

TABLES = ("reporting_deadline", "reporting_historicaldeadline")


def to_json(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN title TYPE jsonb USING to_jsonb(title)")  # noqa: S608  # nosec B608
            else:
                cursor.execute(f"UPDATE {table} SET title = json_quote(title)")  # noqa: S608  # nosec B608


def to_text(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(
                    f"ALTER TABLE {table} ALTER COLUMN title TYPE varchar(200) USING left(title #>> '{{}}', 200)"  # noqa: S608  # nosec B608
                )
            else:
                cursor.execute(f"UPDATE {table} SET title = json_extract(title, '$')")  # noqa: S608  # nosec B608


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_texts_leave_rule_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="deadline",
                    name="title",
                    field=models.JSONField(default=str, verbose_name="obligation"),
                ),
                migrations.AlterField(
                    model_name="historicaldeadline",
                    name="title",
                    field=models.JSONField(default=str, verbose_name="obligation"),
                ),
            ],
            database_operations=[migrations.RunPython(to_json, to_text)],
        ),
    ]
