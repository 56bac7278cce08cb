"""Taking the attendance – present from an arrival, left at a time (M-Q6), leave with its
approver (M-N4), absent without leave (warned, M-N4) – and adding observers (O-5)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from committees.errors import REFUSALS, refusals_in_messages
from committees.rules import RuleViolation
from meetings.forms import AttendanceRowForm, DepartureForm, LeaveForm, ObserverForm, PresenceForm
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.selectors.attendance import (
    attendance_page,
    attendance_versions,
    leave_approver_choices,
    observer_candidates,
    quorum_panel,
    sheet_preview,
)
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
    """Take the attendance in one step: the sheet of every member due ("all present", then the
    exceptions: late arrival, early departure, leave with its approver, absent without leave),
    the quorum panel beside it; one row at a time still works (``attendance`` and ``action``)."""
    meeting = managed_meeting(request, pk)
    approvers = leave_approver_choices(meeting)
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, meeting, approvers)
    if request.method == "POST" and "sheet" in request.POST:
        return _sheet(request, meeting, approvers)
    if request.method == "POST":
        _record(request, meeting, approvers)
        return redirect("meetings_attendance", pk=meeting.pk)
    page = attendance_page(meeting, request.user)
    return _render(request, meeting, page, _sheet_forms(meeting, page, approvers))


def _sheet_forms(meeting: Meeting, page, approvers, data=None) -> list[AttendanceRowForm]:
    """One form per member due; bound to ``data`` for the rows it posted (a row added since the
    form was rendered stays unbound and untouched)."""
    versions = attendance_versions(meeting)
    approver_choices = [("", _("request only")), *((person.pk, person.name) for person in approvers)]
    forms = []
    for row in page.members:
        bound = data is not None and f"row-{row.pk}-version" in data
        form = AttendanceRowForm(
            data if bound else None, row=row, meeting=meeting, approvers=approvers, version=versions.get(row.pk, 0)
        )
        form.fields["approved_by"].choices = approver_choices  # read once for every row
        forms.append(form)
    return forms


def _render(request, meeting: Meeting, page, forms, *, general_errors=()):
    context = {
        "meeting": meeting,
        "console": None if request.htmx else console(meeting, request.user),
        "rows": forms,
        "observers": page.observers,
        "panel": quorum_panel(meeting, page.members),
        "general_errors": general_errors,
        "observer_form": ObserverForm(people=page.observer_people),
        "in_session": meeting.status == MeetingStatus.IN_SESSION,
        "confirm": _(
            "Save the attendance of the %(count)s members due? Anyone marked absent without leave is recorded "
            "for the annual report (M-N4)."
        )
        % {"count": len(forms)},
    }
    template = "meetings/_attendance_sheet.html" if request.htmx else "meetings/attendance.html"
    return render(request, template, context)


def _sheet(request, meeting: Meeting, approvers):
    """The whole sheet in one transaction: every row saved, or none and the refusals beside the
    rows and fields that caused them, with what was typed kept."""
    page = attendance_page(meeting, request.user)
    forms = _sheet_forms(meeting, page, approvers, request.POST)
    posted = [form for form in forms if form.is_bound]
    if not all(form.is_valid() for form in posted):
        return _render(request, meeting, page, forms)
    try:
        result = attendance_services.record_attendance_sheet(
            meeting,
            [form.sheet_row() for form in posted],
            all_present="all_present" in request.POST,
            acting_user=request.user,
        )
    except attendance_services.SheetRefused as refusal:
        for form in posted:
            for name, texts in refusal.by_row.get(form.row.pk, {}).items():
                form.add_error(name if name in form.fields else None, texts)
        return _render(request, meeting, page, forms)
    except REFUSALS as refusal:
        return _render(request, meeting, page, forms, general_errors=_texts(refusal))
    messages.success(
        request,
        _("Attendance recorded: %(present)s present, %(leave)s on leave, %(absent)s absent without leave.")
        % {"present": result.present, "leave": result.leave, "absent": result.absent},
    )
    for warning in result.warnings:
        messages.warning(request, warning)
    if result.kept:
        messages.info(
            request,
            _("Changed meanwhile by someone else and kept as they left it: %(names)s.")
            % {"names": "、".join(result.kept)},
        )
    if not request.htmx:
        return redirect("meetings_attendance", pk=meeting.pk)
    page = attendance_page(meeting, request.user)
    return _render(request, meeting, page, _sheet_forms(meeting, page, approvers))


def _preview(request, meeting: Meeting, approvers):
    """The quorum panel as the sheet would leave it, before it is saved (htmx, on every change)."""
    page = attendance_page(meeting, request.user)
    forms = [form for form in _sheet_forms(meeting, page, approvers, request.POST) if form.is_bound]
    rows = {form.row.pk: form.sheet_row() for form in forms if form.is_valid()}
    members = sheet_preview(page.members, rows)
    return render(
        request,
        "meetings/_quorum_panel.html",
        {
            "meeting": meeting,
            "panel": quorum_panel(meeting, members),
            "preview": True,
            "in_session": meeting.status == MeetingStatus.IN_SESSION,
            "summary": _summary(members, page, all_present=False),
            "summary_all": _summary(members, page, all_present=True),
        },
    )


def _summary(members: list[Attendance], page, *, all_present: bool) -> str:
    """What saving the sheet (or "all present") records, for the confirmation before it (M-N4)."""
    counts = Counter(a.status for a in members)
    if all_present:
        counts[AttendanceStatus.PRESENT] += sum(
            1 for a in members if a.status == AttendanceStatus.UNRECORDED and not a.leave_reason
        )
    absent = [a for a in members if a.status == AttendanceStatus.ABSENT]
    names = {a.person_id: a.display_name for a in page.members}
    text = _("Save the attendance: %(present)s present, %(leave)s on leave, %(absent)s absent without leave?") % {
        "present": counts[AttendanceStatus.PRESENT],
        "leave": counts[AttendanceStatus.LEAVE],
        "absent": len(absent),
    }
    if absent:
        text += " " + _("%(names)s: absence without leave is recorded for the annual report (M-N4).") % {
            "names": "、".join(names.get(a.person_id, "") for a in absent)
        }
    return text


def _texts(refusal) -> list[str]:
    return [str(refusal)] if isinstance(refusal, RuleViolation) else [str(text) for text in refusal.messages]


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
