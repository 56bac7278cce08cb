"""Site search (issue 14): The content of petitions through grams (``committees.search``).

``reporting_petition.content_grams`` – ``text[] GENERATED ALWAYS AS (dangwei_grams(col)) STORED`` –
with a GIN index; not in the model (PostgreSQL maintains it; SQLite has none).
"""

from django.db import migrations

from committees.search import add_grams_columns

COLUMNS = [
    ("reporting_petition", "content", "reporting_petition_content_grams"),
]



class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("reporting", "0007_notify_phrases"),
    ]

    operations = [add_grams_columns(COLUMNS)]
