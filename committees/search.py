"""Searching Chinese text in list filters, with an index that serves 1- and 2-character terms.

A search is Django's ``icontains`` (``UPPER(col::text) LIKE UPPER('%term%')``; for a term without
letter case, such as a Chinese one, the same rows by ``contains``, ``_text_lookup``). pg_trgm cannot
serve it: Chinese terms are often two characters (a place, a topic) and a trigram index is not
used for a pattern under three. So on PostgreSQL a searched column ``col`` has a sibling
``col_grams text[]`` – ``GENERATED ALWAYS AS (dangwei_grams(col)) STORED``, kept by PostgreSQL
itself, so bulk writes stay right – with a GIN index, and the search becomes

    col_grams @> dangwei_term_grams(term) AND UPPER(col::text) LIKE UPPER('%term%')

The first condition finds candidate rows in the index (every bigram of the term, or its one
character); the second, unchanged, keeps the exact meaning (order, adjacency, case, ``%`` and
``_`` taken literally). What the grams are (``committees/migrations/0006_search_grams.py``):
the distinct characters and pairs of adjacent characters of the upper-cased text once
whitespace and punctuation (ASCII, Latin-1, general and CJK punctuation, full-width forms) are
removed. Removing them keeps the arrays small and means nothing locale-dependent; it never loses a
row, because the term's grams are made the same way: a term that matches the text, stripped,
is still inside the stripped text. A term of punctuation only has no grams and is answered by the
``LIKE`` alone.

The grams columns are not in the Django models (SQLite has none): other vendors search with the
plain ``icontains``.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Lookup, QuerySet

#: ``table.column`` of the text columns with a ``<column>_grams`` sibling and its GIN index
#: (migrations meetings 0009, supervision 0006; for the site search of issue 14 committees 0007,
#: meetings 0010, supervision 0007, reporting 0007; ``tests/meetings/test_search.py`` checks each exists).
INDEXED_COLUMNS = frozenset(
    {
        "committees_person.name",
        "meetings_agendaitem.title",
        "meetings_decision.resolution",
        "meetings_meeting.title",
        "meetings_minutes.search_text",
        "reporting_petition.content",
        "supervision_accountabilitycase.facts",
        "supervision_supervisionitem.matter",
    }
)


class HasGramsOf(Lookup):
    """``<column>_grams @> dangwei_term_grams(term)``: the rows whose text holds every gram of
    the term – a superset of those containing it, found in the GIN index. Only ever combined
    with the exact ``icontains``. Compiled against the column's own alias, so it stays right when
    Django joins, relabels (a subquery) or counts the queryset."""

    lookup_name = "has_grams_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column = self.lhs
        table = compiler.quote_name_unless_alias(column.alias)
        grams = f"{table}.{connection.ops.quote_name(column.target.column + '_grams')}"
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{grams} @> dangwei_term_grams({rhs_sql})", rhs_params


def has_grams_column(queryset: QuerySet, field: str) -> bool:
    if connections[queryset.db].vendor != "postgresql":
        return False
    model_field = queryset.model._meta.get_field(field)
    return f"{queryset.model._meta.db_table}.{model_field.column}" in INDEXED_COLUMNS


def containing(queryset: QuerySet, field: str, term: str) -> QuerySet:
    """The rows of ``queryset`` whose ``field`` contains ``term`` – exactly ``icontains``, served
    by the grams index on PostgreSQL where the column has one."""
    exact = checking(queryset, field, term)
    if not has_grams_column(queryset, field):
        return exact
    return exact.filter(HasGramsOf(F(field), term))


def checking(queryset: QuerySet, field: str, term: str) -> QuerySet:
    """``containing`` without the index: each row's text checked alone, for a query that already
    names the few rows to check (``committees.paging.walked``) – the index would first read every
    row that holds the term's grams."""
    return queryset.filter(**{f"{field}__{_text_lookup(term)}": term})


def _text_lookup(term: str) -> str:
    """``icontains``, or ``contains`` for a term without letter case – Chinese, digits,
    punctuation: upper-casing changes nothing in it, and no letter elsewhere upper-cases into one of
    its characters, so both find the same rows, but ``icontains`` upper-cases every text it checks
    (``UPPER(col) LIKE UPPER(term)``): checking a common term in 1,000 minutes took 22 ms that
    way, 12 ms without (issue 19)."""
    return "contains" if term == term.upper() == term.lower() else "icontains"


def add_grams_columns(columns: list[tuple[str, str, str]]):
    """The migration operation giving each ``(table, column, index)`` its ``<column>_grams``
    sibling and GIN index on PostgreSQL (nothing elsewhere); reversed by dropping the column."""
    from django.db import migrations

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column, index in columns:
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN {column}_grams text[] "
                f"GENERATED ALWAYS AS (dangwei_grams({column})) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column}_grams)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column, _index in columns:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}_grams")

    return migrations.RunPython(add, drop)
