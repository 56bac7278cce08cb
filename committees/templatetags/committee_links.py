"""``{% committee_link committee %}``: a committee's name, linked to its page only for a user who
may open that page (issue 14: a record seen from the parent committee must not lead to a 404)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from committees.selectors import can_see

register = template.Library()


@register.simple_tag(takes_context=True)
def committee_link(context, committee) -> str:
    if committee is None:
        return ""
    user = context.get("user")
    if user is not None and can_see(user, committee.pk):
        return format_html('<a href="{}">{}</a>', reverse("committee_detail", args=[committee.pk]), committee.name)
    return committee.name
