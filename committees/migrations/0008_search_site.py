"""Site search (issue 14): People's names through grams (``committees.search``).

``committees_person.name_grams`` – ``text[] GENERATED ALWAYS AS (dangwei_grams(col)) STORED`` – with
a GIN index; not in the model (PostgreSQL maintains it; SQLite has none).
"""

from django.db import migrations

from committees.search import add_grams_columns

COLUMNS = [
    ("committees_person", "name", "committees_person_name_grams"),
]



class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0007_notify_person_language"),
    ]

    operations = [add_grams_columns(COLUMNS)]
