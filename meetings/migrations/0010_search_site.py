"""Site search (issue 14): Meeting and agenda item titles through grams (``committees.search``).

``meetings_meeting.title_grams``, ``meetings_agendaitem.title_grams`` – ``text[] GENERATED ALWAYS AS
(dangwei_grams(col)) STORED`` – with a GIN index; not in the model (PostgreSQL maintains it; SQLite
has none).
"""

from django.db import migrations

from committees.search import add_grams_columns

COLUMNS = [
    ("meetings_meeting", "title", "meetings_meeting_title_grams"),
    ("meetings_agendaitem", "title", "meetings_agendaitem_title_grams"),
]



class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0006_search_grams"),
        ("meetings", "0009_search_grams"),
    ]

    operations = [add_grams_columns(COLUMNS)]
