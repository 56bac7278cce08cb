"""Issue 14: a notification's title and body are stored phrases (JSON); events notify too.

The plain strings already stored become JSON strings (``committees.phrases.render`` shows them as
they are). PostgreSQL converts the column in place; SQLite (the demo) keeps its text column and
quotes the values."""

from django.db import migrations, models


def to_json(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE reporting_notification "
                "ALTER COLUMN title TYPE jsonb USING to_jsonb(title), "
                "ALTER COLUMN body TYPE jsonb USING to_jsonb(body)"
            )
        else:
            cursor.execute("UPDATE reporting_notification SET title = json_quote(title), body = json_quote(body)")


def to_text(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE reporting_notification "
                "ALTER COLUMN title TYPE varchar(300) USING left(title #>> '{}', 300), "
                "ALTER COLUMN body TYPE text USING body #>> '{}'"
            )
        else:
            cursor.execute(
                "UPDATE reporting_notification SET title = json_extract(title, '$'), body = json_extract(body, '$')"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="retry_at",
            field=models.DateTimeField(blank=True, help_text="A failed delivery waits until then.", null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="step_key",
            field=models.CharField(
                help_text="The deadline's step, or the event key.", max_length=80, verbose_name="step"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="step_kind",
            field=models.CharField(
                choices=[
                    ("reminder", "Reminder"),
                    ("due", "Due now"),
                    ("overdue", "Overdue"),
                    ("escalation", "Escalation"),
                    ("event", "Event"),
                ],
                max_length=12,
                verbose_name="kind",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="title",
                    field=models.JSONField(default=str, verbose_name="title"),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="body",
                    field=models.JSONField(blank=True, default=str, verbose_name="text"),
                ),
            ],
            database_operations=[migrations.RunPython(to_json, to_text)],
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deadline__isnull", True)),
                fields=("step_key", "recipient", "channel"),
                name="one_notification_per_event_recipient",
            ),
        ),
    ]
