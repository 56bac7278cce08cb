"""Taking the attendance – present from an arrival, left at a time (M-Q6), leave with its
approver (M-N4), absent without leave (warned, M-N4) – and adding observers (O-5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees.rules import RuleViolation
from meetings.forms import DepartureForm, LeaveForm, ObserverForm, PresenceForm
from meetings.models import Attendance, Meeting
from meetings.selectors.access import person_of
from meetings.selectors.attendance import attendance_page, leave_approver_choices, observer_candidates
from meetings.selectors.console import console
from meetings.services import attendance as attendance_services

from .shared import managed_meeting, refuse


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
    try:
        if action not in ATTENDANCE_ACTIONS:
            raise ValidationError(_("Unknown action."))
        ATTENDANCE_ACTIONS[action](request, row, approvers)
    except (ValidationError, RuleViolation) as error:
        refuse(request, error)
    else:
        if action != "absent":
            messages.success(request, _("%(person)s: attendance recorded.") % {"person": row.display_name})


def _present(request, row: Attendance, approvers) -> None:
    form = PresenceForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Enter a valid arrival time."))
    attendance_services.mark_present(row, arrived_at=form.cleaned_data["arrived_at"], by=person_of(request.user))


def _left(request, row: Attendance, approvers) -> None:
    form = DepartureForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Enter a valid departure time."))
    attendance_services.mark_left(row, left_at=form.cleaned_data["left_at"], by=person_of(request.user))


def _leave(request, row: Attendance, approvers) -> None:
    """M-N4: the reason, and the approver if the leave is already approved."""
    form = LeaveForm(request.POST, approvers=approvers)
    if not form.is_valid():
        raise ValidationError(_("Give the reason for the leave."))
    attendance_services.record_leave(
        row,
        reason=form.cleaned_data["reason"],
        approved_by=form.cleaned_data["approved_by"],
        by=person_of(request.user),
    )


def _absent(request, row: Attendance, approvers) -> None:
    """M-N4 (warn): the warning is the message."""
    messages.warning(request, attendance_services.mark_absent(row, by=person_of(request.user)))


#: ``action`` of the POST → its handler.
ATTENDANCE_ACTIONS = {"present": _present, "left": _left, "leave": _leave, "absent": _absent}


@login_required
@require_POST
def add_observer(request, pk: int):
    meeting = managed_meeting(request, pk)
    form = ObserverForm(request.POST, people=observer_candidates(request.user))
    if form.is_valid():
        try:
            attendance_services.add_observer(meeting, by=person_of(request.user), **form.cleaned_data)
        except (ValidationError, RuleViolation) as error:
            refuse(request, error)
        else:
            messages.success(request, _("The observer was added."))
    else:
        messages.error(request, _("Choose a person or enter a name."))
    return redirect("meetings_attendance", pk=meeting.pk)
