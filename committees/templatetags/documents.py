"""Filters of the printed documents (``committees.documents``)."""

from django import template

from committees import documents

register = template.Library()


@register.filter
def chinese_ordinal(number) -> str:
    return documents.chinese_ordinal(number)


@register.filter
def without_rule_ids(text) -> str:
    return documents.without_rule_ids(text)


@register.filter
def chinese_date(day) -> str:
    return documents.chinese_date(day)
