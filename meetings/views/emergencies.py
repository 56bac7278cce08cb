"""M-E1: emergencies handled without a meeting, and tabling their after-report at a team meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees.errors import refusals_on
from committees.paging import page_of
from committees.selectors import can_manage, manageable_committees, manages_any, visible_people
from meetings.forms import EmergencyHandlingForm, ScheduleForm
from meetings.selectors.emergencies import team_meetings_for, visible_emergency_handlings
from meetings.services.emergencies import record_emergency_handling, table_emergency_report
from reporting import deadlines


@login_required
def emergency_list(request):
    handlings = visible_emergency_handlings(request.user).order_by("reported_at", "-handled_at")
    page = page_of(request, handlings)
    return render(
        request,
        "meetings/emergency_list.html",
        {"page": page, "can_record": manages_any(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_create(request):
    committees = manageable_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    people = visible_people(request.user).order_by("name")
    form = EmergencyHandlingForm(request.POST or None, committees=committees, people=people)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            emergency = record_emergency_handling(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Recorded. Report it to the team at the next meeting (M-E1)."))
            return redirect("meetings_emergency_detail", pk=emergency.pk)
    return render(request, "meetings/emergency_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def emergency_detail(request, pk: int):
    emergency = get_object_or_404(visible_emergency_handlings(request.user), pk=pk)
    is_manager = can_manage(request.user, emergency.committee)
    form = ScheduleForm(request.POST or None, meetings=team_meetings_for(emergency))
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                item = table_emergency_report(emergency, meeting=form.cleaned_data["meeting"], acting_user=request.user)
                messages.success(request, _("The after-report is on the agenda; the principal leader approves it."))
                return redirect("meetings_agenda", pk=item.meeting_id)
    return render(
        request,
        "meetings/emergency_detail.html",
        {
            "emergency": emergency,
            "form": form if is_manager and not emergency.is_reported else None,
            "deadlines": deadlines.for_subject(emergency),
            "items": emergency.report_items.select_related("meeting"),
        },
    )
