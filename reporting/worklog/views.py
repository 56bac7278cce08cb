"""Daily work log pages (X-5): one's own day, and a committee's week for its principal leader."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from committees import bounds, documents
from committees.actors import person_of
from committees.errors import refusals_on
from committees.models import TEAM_ROLES
from committees.paging import page_of
from committees.selectors import committees_where_holding

from . import printing, selectors, services
from .forms import WorkLogForm
from .models import WorkLog


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """X-5: today's log – the summary, the next working day's plan, unfinished items carried over –
    the items carried to today, and my earlier logs."""
    person = person_of(request.user)
    today = timezone.localdate()
    committees = committees_where_holding(request.user, TEAM_ROLES).order_by("name")
    form = WorkLogForm(request.POST or None, committees=committees, initial={"day": today})
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            with refusals_on(form):
                services.submit_log(
                    person=person,
                    committee=data["committee"],
                    day=data["day"],
                    summary=data["summary"],
                    plan=data["plan"],
                    carried=data["carried"],
                    acting_user=request.user,
                )
                messages.success(request, _("The work log is submitted."))
                return redirect("worklog_mine")
    logs = selectors.my_logs(person) if person else WorkLog.objects.none()
    return render(
        request,
        "reporting/worklog/mine.html",
        {
            "form": form,
            "can_write": person is not None and committees.exists(),
            "carried": selectors.carried_to(person, today) if person else [],
            "page": page_of(request, logs),
            "boards": selectors.board_committees(request.user).order_by("name"),
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


def _monday(request, today: datetime.date) -> datetime.date:
    """The Monday of the week asked for (``?week=`` any day of it; this week otherwise)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    if not bounds.is_within(day):
        day = today
    return day - datetime.timedelta(days=day.weekday())


@login_required
@require_GET
def committee_week(request, pk: int):
    """X-5: the team's week – each member's logs day by day, the missing ones counted – for the
    committee's principal leader, office and organisation department."""
    committee = get_object_or_404(selectors.board_committees(request.user), pk=pk)
    today = timezone.localdate()
    monday = _monday(request, today)
    days, rows = selectors.week(committee, monday, today)
    return render(
        request,
        "reporting/worklog/week.html",
        {
            "committee": committee,
            "days": days,
            "rows": rows,
            "monday": monday.isoformat(),
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7) if monday + datetime.timedelta(days=7) <= today else None,
            "today": today,
        },
    )


@login_required
@require_GET
def week_document(request, pk: int):
    """X-5: the team's week laid out to GB/T 9704 (issue 15) – PDF, or .docx with ``format=docx``."""
    committee = get_object_or_404(selectors.board_committees(request.user), pk=pk)
    monday = _monday(request, timezone.localdate())
    document = printing.week_document(committee, monday)
    where = f"work logs {committee.pk} {monday}"
    return documents.download(document, request.GET.get("format", "pdf"), f"work-logs-{committee.pk}-{monday}", where)
