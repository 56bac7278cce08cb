"""PostgreSQL backend that creates databases with a UTF-8 character type.

pg_trgm only extracts trigrams from characters the database's LC_CTYPE calls
alphanumeric; under the ``C`` locale Chinese characters are dropped and trigram
search finds nothing. Test databases (and any database Django creates) therefore
get ``LC_CTYPE 'C.UTF-8'`` from template0.
"""

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def _get_database_create_suffix(self, encoding=None, template=None):
        suffix = super()._get_database_create_suffix(encoding="UTF8", template=template or "template0")
        return f"{suffix} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
