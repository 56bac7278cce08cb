"""X-2: the effect of a year-end openness grade on the annual assessment, as people write it."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def signed_percent(percent: int) -> str:
    """+20%, −20% (a minus sign, not a hyphen), ±0 for none."""
    if percent > 0:
        return f"+{percent}%"
    if percent < 0:
        return f"−{-percent}%"
    return "±0"
