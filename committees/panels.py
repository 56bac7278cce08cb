"""Panels other apps contribute to pages of this app, without this app importing them.

``committees`` sits at the bottom of the dependency chain, yet its pages – the home dashboard, a
person's profile, a committee's page – must show what the upper apps know (meetings to attend,
award eligibility, A-10 warnings). Each app registers *providers* in its own ``panels`` module,
imported by ``autodiscover_modules("panels")`` when the registry loads (as the admin does)::

    from committees import panels

    @panels.provider("person")
    def award_eligibility(request, person):
        if not ...:
            return None
        return panels.Panel(_("Award eligibility"), "supervision/panels/person_awards.html", {...})

Slots: ``"home"`` (obj is None), ``"person"`` (a Person), ``"committee"`` (a Committee),
``"object"`` (any record on its detail page: ``{% load panels %}{% object_panels obj %}``). A
provider returns ``None`` when it has nothing to show for this user and object; it must do its own
object-level permission filtering and keep its query count constant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import mark_safe

from committees import scope

SLOTS = ("home", "person", "committee", "object")
#: How many rows a panel lists; the count and the link lead to the rest.
PANEL_ROWS = 8


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Provider = Callable[[Any, Any], "Panel | None"]
_providers: dict[str, list[Provider]] = {slot: [] for slot in SLOTS}
_discovered = False


def provider(slot: str) -> Callable[[Provider], Provider]:
    if slot not in SLOTS:
        raise ValueError(f"unknown panel slot {slot!r}; one of {SLOTS}")

    def register(func: Provider) -> Provider:
        if func not in _providers[slot]:
            _providers[slot].append(func)
        return func

    return register


def collect(slot: str, request, obj=None) -> list[Panel]:
    """The panels of a slot for this request, in their order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("panels")
        _discovered = True
    found = [panel for func in _providers[slot] if (panel := func(request, obj)) is not None]
    return sorted(found, key=lambda panel: panel.order)


def home_html(request) -> str:
    """Home's panels drawn, kept like the header's to-do counts (``todo.kept``: per user, day and –
    the panels hold worded texts – language, until any row changes or for at most
    ``DANGWEI_TODO_COUNTS_SECONDS``). At county scale they read the rows of a hundred committees
    (decisions not carried out, supervision by state, votes, leave …): most of home's time, for a
    dashboard that changes only when a row does. Drawn HTML holding a form is never kept: its CSRF
    token belongs to the session that drew it."""
    from committees import todo

    def draw() -> str:
        context = {"panels": collect("home", request), "slot": "home"}
        return render_to_string("committees/_panel_grid.html", context, request=request)

    html = todo.kept(
        request.user,
        f"home-panels-{translation.get_language()}",
        draw,
        keep=lambda drawn: "csrfmiddlewaretoken" not in drawn,
    )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703  # drawn by the template engine above


def roles_today(request) -> Mapping[str, frozenset[int]]:
    """Role → ids of the committees where the user holds it today (``committees.scope``: read once
    per request and kept), shared by every panel provider (they all ask the same question)."""
    return scope.of(request.user).roles


def committees_holding(request, roles) -> set[int]:
    """Ids of the committees where the user holds any of ``roles`` today."""
    return set(scope.of(request.user).holding(roles))
