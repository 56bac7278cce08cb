"""``{{ text|highlight:query.words }}``: the text escaped, each match of a word in ``<mark>``."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from committees.bounds import SEARCH_TERM_MAX_LENGTH
from committees.site_search import marked_parts

register = template.Library()


@register.filter
def highlight(text, words):
    html = "".join(
        f"<mark>{escape(part)}</mark>" if is_match else escape(part)
        for part, is_match in marked_parts(str(text), words)
    )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703  # every part escaped above


@register.simple_tag
def search_max_length() -> int:
    return SEARCH_TERM_MAX_LENGTH
