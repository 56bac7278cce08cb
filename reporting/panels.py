"""What the deadline engine and the reports contribute to the home dashboard (``committees.panels``).

Each provider decides from the roles the user holds *today* whether its panel is shown, reads
through this app's own selectors (so the permission filtering is theirs), and keeps its query
count fixed: a count and one sliced list, never a query per row.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import charts, panels
from committees.models import TEAM_ROLES, Role
from committees.panels import PANEL_ROWS, committees_holding, roles_today

from . import selectors
from .leave import selectors as leave_selectors
from .leave.models import LeaveState
from .models.engine import ACTIVE_STATES
from .personal import selectors as personal_selectors
from .petitions import selectors as petition_selectors

#: A petition is "near its limit" this many days before it falls due (P-3 is 60 days).
PETITION_NEAR_DAYS = 10
PETITION_ROLES = frozenset({Role.OFFICE_STAFF, Role.PETITION_STAFF})


# --------------------------------------------------------------------------- office staff


@panels.provider("home")
def overdue_obligations(request, obj=None):
    """The party office follows what its committee owes: obligations past their due time."""
    committee_ids = committees_holding(request, {Role.OFFICE_STAFF})
    if not committee_ids:
        return None
    overdue = selectors.visible_deadlines(request.user).filter(
        committee_id__in=committee_ids, state__in=ACTIVE_STATES, due_at__lt=timezone.now()
    )
    url = reverse("deadline_dashboard")
    if len(committee_ids) == 1:
        url += f"?committee={next(iter(committee_ids))}"
    return panels.Panel(
        gettext_lazy("Overdue obligations of the committee"),
        "reporting/panels/overdue.html",
        {
            "count": overdue.count(),
            "rows": list(overdue.order_by("due_at", "pk")[:PANEL_ROWS]),
            "now": timezone.now(),
            "url": url,
            "more": _("All deadlines"),
        },
        order=30,
    )


@panels.provider("home")
def petitions_near_limit(request, obj=None):
    """P-3: open petitions whose answer falls due within ``PETITION_NEAR_DAYS`` (or is overdue),
    and the open petitions by responsible unit."""
    committee_ids = committees_holding(request, PETITION_ROLES)
    if not committee_ids:
        return None
    now = timezone.now()
    open_petitions = petition_selectors.visible_petitions(request.user).filter(
        committee_id__in=committee_ids, answered_at__isnull=True, due_at__isnull=False
    )
    near = open_petitions.filter(due_at__lt=now + datetime.timedelta(days=PETITION_NEAR_DAYS)).order_by("due_at", "pk")
    today = timezone.localdate()
    by_unit = (
        open_petitions.values("responsible_committee__name", "responsible_department")
        .annotate(n=Count("pk"))
        .order_by("-n", "responsible_committee__name", "responsible_department")
    )
    series = [
        (row["responsible_committee__name"] or row["responsible_department"] or _("Not transferred"), row["n"])
        for row in by_unit
    ]
    chart = charts.bar_chart(
        series,
        id="chart-petitions-by-unit",
        title=_("Open petitions by responsible unit"),
        label_heading=_("Responsible unit"),
        value_heading=_("Open petitions"),
    )
    return panels.Panel(
        gettext_lazy("Petitions near their time limit"),
        "reporting/panels/petitions.html",
        {
            "count": near.count(),
            "rows": [(p, petition_selectors.countdown(p, today)) for p in near[:PANEL_ROWS]],
            "near_days": PETITION_NEAR_DAYS,
            "chart": chart,
            "url": reverse("petitions_list") + "?overdue=true",
            "more": _("Overdue petitions"),
            "wide": True,
        },
        order=35,
    )


# --------------------------------------------------------------------------- everyone: what I owe


@panels.provider("home")
def my_reports_due(request, obj=None):
    """Every obligation the user owes (R-2 personal matters included: they are the user's own)."""
    person = getattr(request.user, "person", None)
    if person is None or not roles_today(request):
        return None
    owed = selectors.deadlines_owed_by(request.user).filter(state__in=ACTIVE_STATES)
    return panels.Panel(
        gettext_lazy("My reports and obligations due"),
        "reporting/panels/my_deadlines.html",
        {
            "count": owed.count(),
            "rows": list(owed.order_by("due_at", "pk")[:PANEL_ROWS]),
            "now": timezone.now(),
            "url": reverse("deadline_dashboard"),
            "more": _("All deadlines"),
        },
        order=65,
    )


@panels.provider("home")
def my_leave(request, obj=None):
    """L-1: the team member's current and coming absences, and requests still in the chain."""
    if not committees_holding(request, TEAM_ROLES):
        return None
    today = timezone.localdate()
    ongoing = Q(state__in=[LeaveState.SUBMITTED, LeaveState.RETURNED, LeaveState.APPROVED], end_date__gte=today)
    # L-6: back after more than the rule set's days away and not yet reported back.
    unreported = Q(
        state=LeaveState.APPROVED,
        end_date__lt=today,
        returned_at__isnull=True,
        calendar_days__gt=F("rule_set_version__town_trip_report_over_days"),
    )
    current = leave_selectors.my_requests(request.user).filter(ongoing | unreported)
    return panels.Panel(
        gettext_lazy("My leave and trips"),
        "reporting/panels/my_leave.html",
        {
            "count": current.count(),
            "rows": list(current.order_by("start_date", "pk")[:PANEL_ROWS]),
            "today": today,
            "url": reverse("leave_mine"),
            "more": _("All my requests"),
            "create_url": reverse("leave_create"),
        },
        order=70,
    )


# --------------------------------------------------------------------------- organisation department


@panels.provider("home")
def organisation_department(request, obj=None):
    """The organisation department files long absences (L-3 备案) and receives the cadres'
    personal-matter reports (R-2, private: only through its own inbox selector)."""
    if not committees_holding(request, selectors.ORGANISATION_ROLES):
        return None
    filings = leave_selectors.filing_inbox(request.user)
    pending = personal_selectors.inbox(request.user).filter(filed_at__isnull=True)
    filing_count, report_count = filings.count(), pending.count()
    now = timezone.now()
    return panels.Panel(
        gettext_lazy("Organisation department"),
        "reporting/panels/organisation.html",
        {
            "count": filing_count + report_count,
            "filings": list(filings[:PANEL_ROWS]),
            "filing_count": filing_count,
            "reports": list(pending.order_by("due_at", "pk")[:PANEL_ROWS]),
            "report_count": report_count,
            "overdue_count": pending.filter(personal_selectors.overdue_q(now)).count(),
            "now": now,
        },
        order=25,
    )
