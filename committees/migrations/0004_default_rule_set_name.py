"""The default rule set was called "默认规则（DOMAIN.md）" after a file users never see."""

from django.db import migrations

OLD, NEW = "默认规则（DOMAIN.md）", "默认规则"


def rename(apps, schema_editor):
    apps.get_model("committees", "RuleSet").objects.filter(is_default=True, name=OLD).update(name=NEW)


class Migration(migrations.Migration):
    dependencies = [("committees", "0003_congress_sessions_per_year")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
