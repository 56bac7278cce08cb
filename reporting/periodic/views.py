from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees.actors import person_of
from committees.errors import refusals_on
from committees.paging import page_of
from committees.selectors import can_see, visible_committees
from reporting import deadlines

from . import selectors, services
from .forms import ObligationFilter, ReceivedFilter, RosterFilter, SubmitForm
from .models import PeriodicObligation, PeriodicReportKind


def _obligation(user, pk: int) -> PeriodicObligation:
    return get_object_or_404(selectors.visible_obligations(user), pk=pk)


@login_required
def obligation_list(request):
    obligations = selectors.visible_obligations(request.user)
    committees = visible_committees(request.user).order_by("level", "name")
    filterset = ObligationFilter(request.GET or None, queryset=obligations, committees=committees)
    page = page_of(request, filterset.qs.order_by("due_date", "pk"))
    return render(
        request,
        "reporting/periodic/list.html",
        {
            "filter": filterset,
            "page": page,
            "today": timezone.localdate(),
            "receiving": committees.filter(periodic_obligations_received__isnull=False).distinct(),
            "visible_ids": set(committees.values_list("pk", flat=True)),
        },
    )


@login_required
def received(request, committee_pk: int):
    """The reports a committee receives, period by period, with how many came in."""
    committee = get_object_or_404(visible_committees(request.user), pk=committee_pk)
    today = timezone.localdate()
    filterset = ReceivedFilter(
        request.GET or None, queryset=PeriodicObligation.objects.filter(receiving_committee=committee)
    )
    groups = selectors.by_period(filterset.qs, today)
    page = page_of(request, groups)
    kinds = dict(PeriodicReportKind.choices)
    for group in page:
        group["kind_display"] = kinds.get(group["kind"], group["kind"])
    return render(
        request,
        "reporting/periodic/received.html",
        {"committee": committee, "filter": filterset, "page": page, "today": today},
    )


@login_required
def roster(request, committee_pk: int, kind: str, start: str):
    """Per receiving committee and period: who has and who has not reported, overdue first."""
    committee = get_object_or_404(visible_committees(request.user), pk=committee_pk)
    if kind not in PeriodicReportKind.values:
        raise Http404
    try:
        period_start = datetime.date.fromisoformat(start)
    except ValueError:
        raise Http404
    today = timezone.localdate()
    obligations = selectors.roster(committee, kind, period_start, today)
    counts = selectors.roster_counts(obligations, today)
    if not counts["total"]:
        raise Http404
    filterset = RosterFilter(request.GET or None, queryset=obligations)
    page = page_of(request, filterset.qs)
    first = page.object_list[0] if page.object_list else obligations.first()
    return render(
        request,
        "reporting/periodic/roster.html",
        {
            "committee": committee,
            "kind_display": PeriodicReportKind(kind).label,
            "first": first,
            "counts": counts,
            "filter": filterset,
            "page": page,
            "today": today,
            "submittable": set(selectors.acting_committees(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
def obligation_detail(request, pk: int):
    obligation = _obligation(request.user, pk)
    return render(
        request,
        "reporting/periodic/detail.html",
        {
            "obligation": obligation,
            "today": timezone.localdate(),
            "can_submit": selectors.can_submit(request.user, obligation) and not obligation.is_submitted,
            "deadlines": deadlines.for_subject(obligation),
            "form": SubmitForm(),
            "sees_receiver": can_see(request.user, obligation.receiving_committee_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def obligation_submit(request, pk: int):
    obligation = _obligation(request.user, pk)
    if not selectors.can_submit(request.user, obligation):
        raise PermissionDenied
    if obligation.is_submitted:
        messages.info(request, services.MSG_ALREADY_SUBMITTED)
        return redirect("periodic_detail", pk=obligation.pk)
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.submit(
                obligation, submitted_by=person_of(request.user), acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The report was submitted."))
            return redirect("periodic_detail", pk=obligation.pk)
    return render(
        request,
        "reporting/periodic/submit.html",
        {"obligation": obligation, "form": form, "today": timezone.localdate()},
    )


@login_required
def obligation_attachment(request, pk: int):
    obligation = _obligation(request.user, pk)
    if not obligation.attachment:
        raise Http404
    try:
        handle = obligation.attachment.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=obligation.attachment.name.rsplit("/", 1)[-1])
