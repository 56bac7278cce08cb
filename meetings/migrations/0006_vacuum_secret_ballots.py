from django.db import migrations


def vacuum_secret_ballots(apps, schema_editor):
    """M-V6: remove the plain ballot rows 0005 replaced by sealed ones (and any left by closes
    before closing vacuumed). VACUUM runs outside a transaction: this migration is not atomic."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (INDEX_CLEANUP ON) meetings_secretballot")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("meetings", "0005_sealed_secret_ballots"),
    ]

    operations = [
        migrations.RunPython(vacuum_secret_ballots, migrations.RunPython.noop, elidable=True),
    ]
