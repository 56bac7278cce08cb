"""pg_trgm for Chinese text search; the official holiday calendar; the default rule set."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def import_calendar(apps, schema_editor):
    from committees.calendar import import_official_calendar

    import_official_calendar(apps.get_model("committees", "WorkdayOverride"), apps.get_model("committees", "CalendarYear"))


def create_default_rule_set(apps, schema_editor):
    RuleSet = apps.get_model("committees", "RuleSet")
    RuleSetVersion = apps.get_model("committees", "RuleSetVersion")
    if RuleSet.objects.filter(is_default=True).exists():
        return
    rule_set = RuleSet.objects.create(
        name="默认规则",
        description="依据各项工作制度设定的默认数值；各地可据实际另建规则集。",
        is_default=True,
    )
    # Field defaults are the rulebook's defaults.
    RuleSetVersion.objects.create(rule_set=rule_set, number=1, note="初始版本")


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(import_calendar, migrations.RunPython.noop),
        migrations.RunPython(create_default_rule_set, migrations.RunPython.noop),
    ]
