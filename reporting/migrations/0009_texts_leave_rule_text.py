"""Issue 14: the rule of a leave request's chain and the title of each step are stored phrases
(``committees.phrases``), worded in the reader's language. The text of rows made before is kept
as a JSON string, which ``render`` shows as stored: the columns become text (a quoted value may
be longer than the old limit), each value is encoded as JSON text, then the columns become JSON."""

import json

from django.conf import settings
from django.db import migrations, models

FIELDS = (
    ("leaverequest", "chain_rule", 300),
    ("historicalleaverequest", "chain_rule", 300),
    ("leavestep", "title", 200),
    ("historicalleavestep", "title", 200),
)


def encode_texts(apps, schema_editor):
    for model_name, field, _length in FIELDS:
        model = apps.get_model("reporting", model_name)
        rows = list(model.objects.only("pk", field))
        for row in rows:
            setattr(row, field, json.dumps(getattr(row, field), ensure_ascii=False))
        model.objects.bulk_update(rows, [field], batch_size=1000)


def decode_texts(apps, schema_editor):
    from django.utils.translation import override

    from committees.phrases import render

    for model_name, field, length in FIELDS:
        model = apps.get_model("reporting", model_name)
        rows = list(model.objects.only("pk", field))
        for row in rows:
            with override(settings.LANGUAGE_CODE):
                setattr(row, field, render(json.loads(getattr(row, field)))[:length])
        model.objects.bulk_update(rows, [field], batch_size=1000)


def _alter(field_for):
    return [
        migrations.AlterField(model_name=model_name, name=field, field=field_for(field))
        for model_name, field, _length in FIELDS
    ]


def _text(field):
    return models.TextField(blank=field == "chain_rule", verbose_name="chain rule" if field == "chain_rule" else "step")


def _json(field):
    if field == "chain_rule":
        return models.JSONField(blank=True, default=str, verbose_name="chain rule")
    return models.JSONField(default=str, verbose_name="step")


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table with pending trigger events in the transaction that
    # updated it: each step commits on its own (the data step in its own transaction).
    atomic = False

    dependencies = [
        ("reporting", "0008_search_site"),
    ]

    operations = [
        *_alter(_text),
        migrations.RunPython(encode_texts, decode_texts),
        *_alter(_json),
    ]
