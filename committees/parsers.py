"""The API's request parsers (settings ``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``); a module of
its own because settings load it before DRF's views exist."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser answers 400 to malformed JSON (a ``ValueError``) but lets the
    ``RecursionError`` of a body of 100,000 nested ``[`` through as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
