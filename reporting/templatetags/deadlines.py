import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


@register.filter
def countdown(due_at: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """ "3 d 4 h left" or "2 h 5 min overdue", from ``now``."""
    now = now or timezone.now()
    if due_at >= now:
        return _("%(span)s left") % {"span": _span(due_at - now)}
    return _("%(span)s overdue") % {"span": _span(now - due_at)}


@register.filter
def is_past(due_at: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    return due_at < (now or timezone.now())
