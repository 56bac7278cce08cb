"""Site search (issue 14): The facts of accountability cases through grams (``committees.search``).

``supervision_accountabilitycase.facts_grams`` – ``text[] GENERATED ALWAYS AS (dangwei_grams(col))
STORED`` – with a GIN index; not in the model (PostgreSQL maintains it; SQLite has none).
"""

from django.db import migrations

from committees.search import add_grams_columns

COLUMNS = [
    ("supervision_accountabilitycase", "facts", "supervision_case_facts_grams"),
]



class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("supervision", "0006_search_grams"),
    ]

    operations = [add_grams_columns(COLUMNS)]
