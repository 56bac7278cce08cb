"""The grams of a text for searching it (``committees.search``): ``dangwei_grams(text)`` for a
searched column's generated ``<column>_grams`` array, ``dangwei_term_grams(term)`` for a term.

Both upper-case the text (as ``icontains`` does) and remove whitespace and punctuation: ASCII,
Latin-1 punctuation and symbols, General Punctuation (“”‘’…—), CJK Symbols and Punctuation
(、。《》【】, the ideographic space) and the full-width forms (，！？：；（）). The list is written
out, not ``[:punct:]``, so the grams do not depend on the database's locale. The text gives its
distinct characters and pairs of adjacent characters; a term gives its pairs, or its one character.
Only built-in functions are called (schema ``pg_catalog``), so a restore, which recomputes the
generated columns with an empty ``search_path``, finds them. PostgreSQL only; SQLite skips.
"""

from django.db import migrations

SEPARATORS = (
    r"[\u0009-\u000D\u0020-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E\u00A0-\u00BF"
    r"\u2000-\u206F\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+"
)

# Each character once (``string_to_array(t, NULL)``) and the next one with ``lead``: linear in the
# text's length (``substr`` by position on UTF-8 text is not), the stripping evaluated once.
CHARACTERS = f"""
    SELECT c, lead(c) OVER (ORDER BY i) AS next, count(*) OVER () AS length
    FROM unnest(string_to_array(regexp_replace(upper(value), '{SEPARATORS}', '', 'g'), NULL))
         WITH ORDINALITY AS u(c, i)
"""

CREATE = f"""
CREATE OR REPLACE FUNCTION dangwei_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{{}}')
    FROM ({CHARACTERS}) AS x, LATERAL (VALUES (c), (c || next)) AS v(g)
    WHERE g IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION dangwei_term_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT CASE WHEN length = 1 THEN c ELSE c || next END), '{{}}')
    FROM ({CHARACTERS}) AS x
    WHERE length = 1 OR next IS NOT NULL
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS dangwei_term_grams(text);
DROP FUNCTION IF EXISTS dangwei_grams(text);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("committees", "0005_person_feed_generation")]

    operations = [migrations.RunPython(create, drop)]
