"""What supervision contributes to the pages of the apps below (``committees.panels``): on the home
dashboard the principal leader's approval inbox and the decisions not yet carried out, the
discipline inspectors' board of supervision items (by state and month, on-time rate),
accountability cases and written inquiries waiting for replies; on a decision's page its
supervision (S-1) and the principal leader's waiver.

Supervision sits at the top of the apps, so the approval inbox gathers what waits for the
principal leader from the apps below – each part through that app's own selector.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import charts, panels
from committees.models import Role
from committees.paging import first_rows
from committees.panels import PANEL_ROWS, committees_holding
from meetings.models import Decision
from meetings.models import ItemStatus as AgendaStatus
from meetings.selectors.access import visible_items
from reporting.leave import selectors as leave_selectors

from . import rules, selectors
from .evaluation import selectors as evaluation_selectors
from .evaluation.models import EvaluationStatus, EvaluationSubject
from .forms import WaiverForm
from .models import InquiryOutcome, ItemState, SourceKind

#: Who keeps the supervision board and the accountability register.
DISCIPLINE_ROLES = frozenset({Role.DISCIPLINE_INSPECTOR, Role.DISCIPLINE_SECRETARY})
#: Months shown in the "items by state and month" chart, this month included.
BOARD_MONTHS = 6


# --------------------------------------------------------------------------- principal leader


@panels.provider("home")
def approval_inbox(request, obj=None):
    """What waits for the user's decision: leave steps named to them (L-3..L-5), and for the
    principal leader the agenda items to approve (M-N2) and the supervision items registered for
    approval (S-2, 《督查事项拟办呈批表》)."""
    leave = leave_selectors.approval_inbox(request.user)
    leave_count = leave.count()
    committee_ids = committees_holding(request, {Role.SECRETARY})
    if not committee_ids and not leave_count:
        return None
    agenda = visible_items(request.user).filter(committee_id__in=committee_ids, status=AgendaStatus.PROPOSED)
    registered = selectors.visible_items(request.user).filter(
        committee_id__in=committee_ids, state=ItemState.REGISTERED
    )
    agenda_count = agenda.count() if committee_ids else 0
    registered_count = registered.count() if committee_ids else 0
    return panels.Panel(
        gettext_lazy("Waiting for my approval"),
        "supervision/panels/approval_inbox.html",
        {
            "count": leave_count + agenda_count + registered_count,
            "leave": first_rows(leave, PANEL_ROWS) if leave_count else [],
            "leave_count": leave_count,
            "agenda": first_rows(agenda.order_by("created_at", "pk"), PANEL_ROWS) if agenda_count else [],
            "agenda_count": agenda_count,
            "registered": first_rows(registered.order_by("registered_at", "pk"), PANEL_ROWS)
            if registered_count
            else [],
            "registered_count": registered_count,
            "url": reverse("leave_inbox") if leave_count else "",
            "more": _("All leave waiting for me"),
        },
        order=10,
    )


@panels.provider("home")
def decisions_pending(request, obj=None):
    """ "件件有督查,事事有结果" (S-1): the principal leader sees which decisions are not carried out yet."""
    committee_ids = committees_holding(request, {Role.SECRETARY})
    if not committee_ids:
        return None
    count, rows = selectors.decisions_not_carried_out(request.user, committee_ids, rows=PANEL_ROWS)
    return panels.Panel(
        gettext_lazy("Decisions not yet carried out"),
        "supervision/panels/decisions.html",
        {
            "count": count,
            "rows": rows,
            "today": timezone.localdate(),
            "url": reverse("supervision_list") + f"?source_kind={SourceKind.COMMITTEE_DECISION}",
            "more": _("Supervision of decisions"),
        },
        order=40,
    )


@panels.provider("object")
def decision_supervision(request, obj):
    """S-1 on a binding decision's page: its supervision item (or the waiver, with its reason) and,
    for the principal leader while the item waits for approval, the form that waives it."""
    if not isinstance(obj, Decision) or not obj.is_binding or not request.user.is_authenticated:
        return None
    waiver, item = selectors.decision_supervision(request.user, obj)
    may_waive = (
        waiver is None
        and rules.is_waivable(item.state if item else None)
        and selectors.may_waive_supervision(request.user, obj)
    )
    return panels.Panel(
        gettext_lazy("Supervision (S-1)"),
        "supervision/panels/decision_supervision.html",
        {
            "waiver": waiver,
            "item": item,
            "form": WaiverForm() if may_waive else None,
            "waive_url": reverse("supervision_decision_waive", args=[obj.pk]),
        },
        order=800,
    )


# --------------------------------------------------------------------------- discipline inspectors


def month_starts(today, count: int) -> list[tuple[int, int]]:
    """(year, month) of the last ``count`` months, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _i in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def board(items, *, prefix: str) -> dict:
    """Figures and charts of a set of supervision items (S-2): by state, registered by month and
    state, on-time rate by undertaking unit. A fixed number of queries; ``prefix`` keeps the
    chart ids unique on the page."""
    today = timezone.localdate()
    states = list(ItemState)

    by_state = dict(items.order_by().values_list("state").annotate(n=Count("pk")))
    state_chart = charts.bar_chart(
        [(state.label, by_state.get(state.value, 0)) for state in states],
        id=f"{prefix}-states",
        title=_("Supervision items by state"),
        label_heading=_("State"),
        value_heading=_("Items"),
    )

    months = month_starts(today, BOARD_MONTHS)
    first = timezone.make_aware(datetime.datetime(*months[0], 1))
    per_month: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for month, state, n in (
        items.filter(registered_at__gte=first)
        .annotate(month=TruncMonth("registered_at"))
        .order_by()
        .values_list("month", "state")
        .annotate(n=Count("pk"))
    ):
        local = timezone.localtime(month) if timezone.is_aware(month) else month
        per_month[(local.year, local.month)][state] = n
    month_chart = charts.stacked_chart(
        [f"{year}-{month:02d}" for year, month in months],
        [(state.label, [per_month[m].get(state.value, 0) for m in months]) for state in states],
        id=f"{prefix}-months",
        title=_("Supervision items registered by month and state"),
        category_heading=_("Month"),
        total_heading=_("Total"),
    )

    by_unit = selectors.on_time_by_unit(items, today)  # the inspectors' board's own definition, worst first
    met, due = sum(row[1] for row in by_unit), sum(row[2] for row in by_unit)
    rate = charts.rate_chart(
        [(_("All units"), met, due), *by_unit[:PANEL_ROWS]],
        id=f"{prefix}-on-time",
        title=_("Feedback on time, by undertaking unit"),
        label_heading=_("Undertaking unit"),
        rate_heading=_("On time"),
        count_heading=_("On time / due"),
    )
    return {
        "count": sum(by_state.values()),
        "overdue": items.filter(selectors.overdue_q(today)).count(),
        "on_time": charts.percent(met, due),
        "state_chart": state_chart,
        "month_chart": month_chart,
        "rate_chart": rate,
    }


@panels.provider("home")
def supervision_board(request, obj=None):
    """The inspectors' view of supervision (S-2) in the committees where they hold the role."""
    committee_ids = committees_holding(request, DISCIPLINE_ROLES)
    if not committee_ids:
        return None
    items = selectors.visible_items(request.user).filter(committee_id__in=committee_ids)
    return panels.Panel(
        gettext_lazy("Supervision items"),
        "supervision/panels/board.html",
        {
            **board(items, prefix="chart-supervision"),
            "url": reverse("supervision_board"),
            "more": _("Inspectors' board"),
            "overdue_url": reverse("supervision_list") + "?overdue=true",
            "wide": True,
        },
        order=50,
    )


@panels.provider("committee")
def committee_supervision(request, committee):
    """The same figures on a committee's page, for the items it supervises, to anyone who sees it."""
    items = selectors.visible_items(request.user).filter(committee=committee)
    if not items.exists():
        return None
    figures = board(items, prefix=f"chart-committee-{committee.pk}-supervision")
    return panels.Panel(
        gettext_lazy("Supervision items"),
        "supervision/panels/board.html",
        {
            **figures,
            "url": reverse("supervision_board") + f"?committee={committee.pk}",
            "more": _("Inspectors' board"),
            "overdue_url": reverse("supervision_list") + f"?committee={committee.pk}&overdue=true",
            "wide": True,
        },
        order=50,
    )


@panels.provider("home")
def accountability_cases(request, obj=None):
    """A-1..A-5: cases opened and not yet decided."""
    committee_ids = committees_holding(request, DISCIPLINE_ROLES)
    if not committee_ids:
        return None
    cases = selectors.visible_cases(request.user).filter(committee_id__in=committee_ids, decided_on__isnull=True)
    return panels.Panel(
        gettext_lazy("Accountability cases to decide"),
        "supervision/panels/cases.html",
        {
            "count": cases.count(),
            "rows": list(cases.order_by("opened_at", "pk")[:PANEL_ROWS]),
            "url": reverse("supervision_cases") + "?decided=false",
            "more": _("Undecided cases"),
        },
        order=55,
    )


@panels.provider("home")
def inquiries_waiting(request, obj=None):
    """A-7: written inquiries awaiting the cadre's reply, the overdue ones first."""
    committee_ids = committees_holding(request, DISCIPLINE_ROLES)
    if not committee_ids:
        return None
    inquiries = selectors.visible_inquiries(request.user).filter(
        committee_id__in=committee_ids, outcome=InquiryOutcome.PENDING
    )
    return panels.Panel(
        gettext_lazy("Written inquiries waiting for replies"),
        "supervision/panels/inquiries.html",
        {
            "count": inquiries.count(),
            "rows": list(inquiries.order_by("reply_due_on", "pk")[:PANEL_ROWS]),
            "today": timezone.localdate(),
            "url": reverse("supervision_inquiries"),
            "more": _("All written inquiries"),
        },
        order=56,
    )


@panels.provider("home")
def evaluation_flags(request, obj=None):
    """A-8: people (or teams) flagged by a closed democratic evaluation of the inspectors'
    committees, and whether the flag was followed up (written inquiry or admonishment talk).
    Only the aggregated flag is shown – never a rating (the evaluation's own selector decides
    which committees the user oversees)."""
    committee_ids = committees_holding(request, DISCIPLINE_ROLES)
    if not committee_ids:
        return None
    flags = (
        EvaluationSubject.objects.filter(
            is_flagged=True,
            evaluation__status=EvaluationStatus.CLOSED,
            evaluation__committee_id__in=committee_ids,
            evaluation__committee__in=evaluation_selectors.overseen_committees(request.user),
        )
        .select_related("evaluation__committee", "person", "inquiry")
        .annotate(talk_count=Count("talks"))
    )
    return panels.Panel(
        gettext_lazy("Democratic evaluation flags"),
        "supervision/panels/evaluation_flags.html",
        {
            "count": flags.count(),
            "rows": list(flags.order_by("-evaluation__year", "pk")[:PANEL_ROWS]),
            "url": reverse("evaluation_list"),
            "more": _("Democratic evaluations"),
        },
        order=58,
    )
