"""Petitions in the site search (``committees.site_search``), through the list page's selector.
Personal-matter reports are not searched."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from committees.site_search import Kind, register

from .petitions.selectors import visible_petitions

register(
    Kind(
        key="petitions",
        label=_("Petitions"),
        order=70,
        rows=visible_petitions,
        field="content",
        date="received_at",
        url=lambda petition: reverse("petitions_detail", args=[petition.pk]),
        context=lambda petition: " · ".join(
            str(part)
            for part in (
                petition.committee.name,
                formats.date_format(timezone.localtime(petition.received_at).date(), "DATE_FORMAT"),
                petition.get_state_display(),
            )
        ),
        more="petitions_list",
    )
)
