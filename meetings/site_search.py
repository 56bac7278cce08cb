"""The meetings' kinds in the site search (``committees.site_search``): meetings, agenda items,
decisions and minutes, each through the selector of its list page."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from committees.site_search import Kind, register

from .models import AgendaItem
from .selectors.access import confidential_committee_ids, visible_items, visible_meetings
from .selectors.decisions import visible_decisions
from .selectors.minutes import visible_minutes


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment).date(), "DATE_FORMAT") if moment else ""


def _line(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def searchable_items(user) -> QuerySet[AgendaItem]:
    """Visible agenda items; a confidential one (M-M7) only for those who may read confidential
    records of its committee – as the decisions register does, so a search reveals nothing more."""
    items = visible_items(user)
    allowed = confidential_committee_ids(user)
    if allowed is None:
        return items
    return items.filter(Q(is_confidential=False) | Q(committee__in=sorted(allowed)))


register(
    Kind(
        key="meetings",
        label=_("Meetings"),
        order=10,
        rows=visible_meetings,
        field="title",
        date="start_at",
        url=lambda meeting: reverse("meetings_detail", args=[meeting.pk]),
        context=lambda meeting: _line(meeting.committee.name, _day(meeting.start_at), meeting.get_status_display()),
        more="meetings_list",
    )
)
register(
    Kind(
        key="items",
        label=_("Agenda items"),
        order=20,
        rows=searchable_items,
        field="title",
        date="created_at",
        url=lambda item: reverse("meetings_item", args=[item.pk]),
        context=lambda item: _line(
            item.committee.name, item.meeting.title if item.meeting else "", item.get_status_display()
        ),
    )
)
register(
    Kind(
        key="decisions",
        label=_("Decisions"),
        order=30,
        rows=visible_decisions,
        field="resolution",
        date="decided_at",
        url=lambda decision: reverse("meetings_decision", args=[decision.pk]),
        context=lambda decision: _line(
            decision.committee.name, _day(decision.decided_at), decision.get_status_display()
        ),
        more="meetings_decisions",
    )
)
register(
    Kind(
        key="minutes",
        label=_("Minutes"),
        order=40,
        rows=visible_minutes,
        field="search_text",
        date="created_at",
        title=lambda minutes: minutes.title,
        url=lambda minutes: reverse("meetings_minutes", args=[minutes.pk]),
        context=lambda minutes: _line(minutes.committee.name, _day(minutes.created_at), minutes.get_status_display()),
        more="meetings_minutes_list",
    )
)
