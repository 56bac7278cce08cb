"""Panels on committee and person pages: A-10 town warnings, A-8 evaluation flags.

Registered when ``supervision.panels`` imports this module. Each provider filters by what the
user may see (overseers only; a person sees their own flags) and runs a fixed number of queries.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from committees import panels
from committees.models import Person, Role, RoleAssignment

from . import selectors

#: 002 §25: the secretary, the deputy secretary in charge and the organisation member answer for it.
A10_CONCERNED_ROLES = (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER)


@panels.provider("committee")
def town_warnings(request, committee):
    """A-10 warnings computed from the annual assessment, and the committee's evaluations."""
    if not selectors.is_overseer(request.user, committee):
        return None
    warnings = selectors.town_warnings(committee)
    evaluations = list(committee.evaluations.order_by("-year")[:5])
    if not committee.is_town_level and not evaluations:
        return None
    concerned = []
    if warnings:
        ids = (
            RoleAssignment.objects.on(timezone.localdate())
            .filter(committee=committee, role__in=A10_CONCERNED_ROLES)
            .values("person_id")
        )
        concerned = list(Person.objects.filter(pk__in=ids).order_by("name"))
    return panels.Panel(
        _("Assessment warnings and democratic evaluations"),
        "supervision/evaluation/panels/town_warnings.html",
        {
            "warnings": warnings,
            "concerned": concerned,
            "evaluations": evaluations,
            "is_town": committee.is_town_level,
            "committee": committee,
        },
        order=40,
    )


@panels.provider("person")
def evaluation_flags(request, person):
    """A-8 flags of the person, for their overseers and for themselves – aggregated results only."""
    flags = selectors.person_flags(request.user, person)
    if not flags:
        return None
    return panels.Panel(
        _("Democratic evaluation flags"), "supervision/evaluation/panels/person_flags.html", {"flags": flags}, order=40
    )


@panels.provider("object")
def democratic_life_results(request, obj):
    """A-9: the year's evaluation results feed the democratic life meeting – on its record, the
    latest closed evaluation up to its year, shown as ``results_for`` allows (aggregated only)."""
    if getattr(obj, "_meta", None) is None or obj._meta.label != "meetings.DemocraticLifeRecord":
        return None
    evaluation = selectors.latest_closed_evaluation(obj.committee, obj.year)
    if evaluation is None:
        return None
    results = selectors.results_for(request.user, evaluation)
    if not results:
        return None
    return panels.Panel(
        _("Democratic evaluation results"),
        "supervision/evaluation/panels/results.html",
        {"evaluation": evaluation, "results": results},
        order=40,
    )


@panels.provider("home")
def my_evaluation_tasks(request, _obj):
    """A-8/A-9 on the home page: evaluations waiting for the user's ballot, reports they owe."""
    ballots, reports = selectors.pending_for(request.user)
    if not ballots and not reports:
        return None
    return panels.Panel(
        _("Evaluation and year-end report"),
        "supervision/evaluation/panels/home.html",
        {"ballots": ballots, "reports": reports},
        order=40,
    )
