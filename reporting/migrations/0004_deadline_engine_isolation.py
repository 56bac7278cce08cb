"""Issue 18: the engine isolates a bad row – a deadline records why a scan set it aside, and the
database refuses a due time it could not give back (``committees.bounds``)."""

import datetime

from django.db import migrations, models

DUE_AT_FROM = datetime.datetime(1899, 12, 31, 15, 54, 17, tzinfo=datetime.UTC)  # 1900-01-01 in Beijing (LMT)
DUE_AT_BEFORE = datetime.datetime(2100, 12, 31, 16, 0, tzinfo=datetime.UTC)  # 2101-01-01 in Beijing

#: Rows taken before the constraint: keep the stored value in the reason and ``last_error``, waive
#: the active ones (a clamped due time must not remind anybody), and clamp both due times so the
#: constraint holds and every row reads back.
WAIVE_OUT_OF_BOUNDS = """
UPDATE reporting_deadline SET
    last_error = 'due at ' || due_at::text || ', out of bounds: set aside by migration reporting 0004',
    waived_reason = CASE WHEN state IN ('open', 'overdue')
        THEN 'due at ' || due_at::text || ', out of bounds: set aside by migration reporting 0004'
        ELSE waived_reason END,
    next_step_at = CASE WHEN state IN ('open', 'overdue') THEN NULL ELSE next_step_at END,
    state = CASE WHEN state IN ('open', 'overdue') THEN 'waived' ELSE state END,
    due_at = LEAST(GREATEST(due_at, '{first}'), '{last}'),
    original_due_at = LEAST(GREATEST(original_due_at, '{first}'), '{last}')
WHERE due_at < '{first}' OR due_at >= '{before}' OR original_due_at < '{first}' OR original_due_at >= '{before}'
""".format(
    first=DUE_AT_FROM.isoformat(),
    last=(DUE_AT_BEFORE - datetime.timedelta(seconds=1)).isoformat(),
    before=DUE_AT_BEFORE.isoformat(),
)


def waive_out_of_bounds(apps, schema_editor):
    """PostgreSQL only: the rows this repairs could only be written there (SQLite stores the
    datetime as text and reads any back); the SQL uses PostgreSQL's casts."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WAIVE_OUT_OF_BOUNDS)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_default_rule_set_name"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reporting", "0003_leave"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="last_error",
            field=models.TextField(
                blank=True, help_text="Why the last scan set this deadline aside; empty once a scan succeeds."
            ),
        ),
        migrations.RunPython(waive_out_of_bounds, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("due_at__gte", DUE_AT_FROM),
                    ("due_at__lt", DUE_AT_BEFORE),
                    ("original_due_at__gte", DUE_AT_FROM),
                    ("original_due_at__lt", DUE_AT_BEFORE),
                ),
                name="deadline_due_within_bounds",
            ),
        ),
    ]
