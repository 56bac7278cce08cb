"""Issue 14: a vote's arithmetic is a stored phrase (``committees.phrases``), worded in the
reader's language. The text of votes closed before is kept as a JSON string, which ``render``
shows as stored: each value is first encoded as JSON text, then the column becomes JSON."""

import json

from django.conf import settings
from django.db import migrations, models

MODELS = ("vote", "historicalvote")


def encode_texts(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("meetings", name)
        rows = list(model.objects.only("pk", "arithmetic"))
        for row in rows:
            row.arithmetic = json.dumps(row.arithmetic, ensure_ascii=False)
        model.objects.bulk_update(rows, ["arithmetic"], batch_size=1000)


def decode_texts(apps, schema_editor):
    from django.utils.translation import override

    from committees.phrases import render

    for name in MODELS:
        model = apps.get_model("meetings", name)
        rows = list(model.objects.only("pk", "arithmetic"))
        for row in rows:
            with override(settings.LANGUAGE_CODE):
                row.arithmetic = render(json.loads(row.arithmetic))
        model.objects.bulk_update(rows, ["arithmetic"], batch_size=1000)


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table with pending trigger events in the transaction that
    # updated it: each step commits on its own (the data step in its own transaction).
    atomic = False

    dependencies = [
        ("meetings", "0010_search_site"),
    ]

    operations = [
        migrations.RunPython(encode_texts, decode_texts),
        migrations.AlterField(
            model_name="historicalvote",
            name="arithmetic",
            field=models.JSONField(blank=True, default=str, verbose_name="arithmetic"),
        ),
        migrations.AlterField(
            model_name="vote",
            name="arithmetic",
            field=models.JSONField(blank=True, default=str, verbose_name="arithmetic"),
        ),
    ]
