"""Supervision's kinds in the site search (``committees.site_search``): supervision items and
accountability cases, each through the selector of its list page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from committees.site_search import Kind, register

from .selectors import visible_cases, visible_items


def _line(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


register(
    Kind(
        key="supervision",
        label=_("Supervision items"),
        order=50,
        rows=visible_items,
        field="matter",
        date="registered_at",
        url=lambda item: reverse("supervision_detail", args=[item.pk]),
        context=lambda item: _line(
            item.committee.name, formats.date_format(item.feedback_deadline, "DATE_FORMAT"), item.get_state_display()
        ),
        more="supervision_list",
    )
)
register(
    Kind(
        key="cases",
        label=_("Accountability cases"),
        order=60,
        rows=visible_cases,
        field="facts",
        date="opened_at",
        title=str,
        url=lambda case: reverse("supervision_case_detail", args=[case.pk]),
        context=lambda case: _line(
            case.committee.name, formats.date_format(timezone.localtime(case.opened_at).date(), "DATE_FORMAT")
        ),
        more="supervision_cases",
    )
)
