"""Taking the attendance – present from an arrival, left at a time (M-Q6), leave with its
approver (M-N4), absent without leave (warned, M-N4) – and adding observers (O-5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from committees.errors import refusals_in_messages
from meetings.forms import DepartureForm, LeaveForm, ObserverForm, PresenceForm
from meetings.models import Attendance, Meeting
from meetings.selectors.attendance import attendance_page, leave_approver_choices, observer_candidates
from meetings.selectors.console import console
from meetings.services import attendance as attendance_services

from .shared import managed_meeting

#: Refusals of the attendance form (user-facing; the .po files translate these msgids).
MSG_UNKNOWN_ACTION = gettext_lazy("Unknown action.")
MSG_ENTER_VALID_ARRIVAL = gettext_lazy("Enter a valid arrival time.")
MSG_ENTER_VALID_DEPARTURE = gettext_lazy("Enter a valid departure time.")


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """Take the attendance: present (from when), left (at), leave (reason, approver), absent."""
    meeting = managed_meeting(request, pk)
    approvers = leave_approver_choices(meeting)
    if request.method == "POST":
        _record(request, meeting, approvers)
        return redirect("meetings_attendance", pk=meeting.pk)
    page = attendance_page(meeting, request.user)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "console": console(meeting, request.user),
            "members": page.members,
            "observers": page.observers,
            "due": page.due,
            "leave_form": LeaveForm(approvers=approvers),
            "presence_form": PresenceForm(),
            "departure_form": DepartureForm(),
            "observer_form": ObserverForm(people=page.observer_people),
            "approvers": approvers,
        },
    )


def _record(request, meeting: Meeting, approvers) -> None:
    """One row (``attendance``) and what happened (``action``), recorded by the action's handler;
    a refusal becomes a message."""
    attendance_id = request.POST.get("attendance", "")
    if not attendance_id.isdigit():
        raise Http404
    row = get_object_or_404(meeting.attendances.select_related("person"), pk=attendance_id)
    action = request.POST.get("action")
    with refusals_in_messages(request):
        if action not in ATTENDANCE_ACTIONS:
            raise ValidationError(MSG_UNKNOWN_ACTION)
        ATTENDANCE_ACTIONS[action](request, row, approvers)
        if action != "absent":
            messages.success(request, _("%(person)s: attendance recorded.") % {"person": row.display_name})


def _present(request, row: Attendance, approvers) -> None:
    form = PresenceForm(request.POST)
    if not form.is_valid():
        raise ValidationError(MSG_ENTER_VALID_ARRIVAL)
    attendance_services.mark_present(row, arrived_at=form.cleaned_data["arrived_at"], acting_user=request.user)


def _left(request, row: Attendance, approvers) -> None:
    form = DepartureForm(request.POST)
    if not form.is_valid():
        raise ValidationError(MSG_ENTER_VALID_DEPARTURE)
    attendance_services.mark_left(row, left_at=form.cleaned_data["left_at"], acting_user=request.user)


def _leave(request, row: Attendance, approvers) -> None:
    """M-N4: the reason, and the approver if the leave is already approved."""
    form = LeaveForm(request.POST, approvers=approvers)
    if not form.is_valid():
        raise ValidationError(attendance_services.MSG_GIVE_REASON_LEAVE)
    attendance_services.record_leave(
        row,
        reason=form.cleaned_data["reason"],
        approved_by=form.cleaned_data["approved_by"],
        acting_user=request.user,
    )


def _absent(request, row: Attendance, approvers) -> None:
    """M-N4 (warn): the warning is the message."""
    messages.warning(request, attendance_services.mark_absent(row, acting_user=request.user))


#: ``action`` of the POST → its handler.
ATTENDANCE_ACTIONS = {"present": _present, "left": _left, "leave": _leave, "absent": _absent}


@login_required
@require_POST
def add_observer(request, pk: int):
    meeting = managed_meeting(request, pk)
    form = ObserverForm(request.POST, people=observer_candidates(request.user))
    if form.is_valid():
        with refusals_in_messages(request):
            attendance_services.add_observer(meeting, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The observer was added."))
    else:
        messages.error(request, _("Choose a person or enter a name."))
    return redirect("meetings_attendance", pk=meeting.pk)
