"""The live meeting console (M-Q6 quorum per item, the stance grid), opening and closing the
session, and each item's discussion: take it up, record stances (M-D1, M-D2) and recusals
(M-D4), close it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.errors import refusals_in_messages
from committees.models import Person
from committees.selectors import can_manage
from meetings.forms import DeferForm, RecusalForm, StanceForm
from meetings.models import Meeting
from meetings.selectors.access import person_of
from meetings.selectors.attendance import members_due
from meetings.selectors.console import console
from meetings.services.session import close_discussion, close_meeting, open_meeting, record_stance, recuse, take_up_item

from .shared import back_to_item, item_action, item_or_404, managed_meeting, meeting_or_404


def _console_context(request, meeting: Meeting) -> dict:
    board = console(meeting, request.user)
    return {
        "meeting": meeting,
        "console": board,
        "stance_form": StanceForm(),
        "recusal_form": RecusalForm(members=Person.objects.filter(pk__in=board.due_ids)),
        "defer_form": DeferForm(),
    }


@login_required
def meeting_detail(request, pk: int):
    """The live meeting console: agenda with per-item quorum (M-Q6) and the stance grid."""
    meeting = meeting_or_404(request, pk)
    context = _console_context(request, meeting)
    template = "meetings/_console.html" if request.htmx else "meetings/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def meeting_open(request, pk: int):
    meeting = managed_meeting(request, pk)
    with refusals_in_messages(request):
        open_meeting(meeting, acting_user=request.user)
        messages.success(request, _("The meeting is in session. Take the attendance."))
        return redirect("meetings_attendance", pk=meeting.pk)
    return redirect("meetings_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = managed_meeting(request, pk)
    with refusals_in_messages(request):
        warnings = close_meeting(meeting, acting_user=request.user)
        messages.success(request, _("The meeting is closed. Items not reached went back to the pool."))
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("meetings_detail", pk=meeting.pk)


@login_required
@require_POST
def item_take_up(request, pk: int):
    item, result = item_action(request, pk, lambda i: take_up_item(i, acting_user=request.user), "")
    if result is not None:
        messages.success(
            request,
            _("“%(title)s” is taken up: %(reason)s (%(rule)s)")
            % {"title": item.title, "reason": result.reason, "rule": result.rule_id},
        )
    return back_to_item(item)


@login_required
@require_POST
def item_close(request, pk: int):
    item, _result = item_action(
        request,
        pk,
        lambda i: close_discussion(i, acting_user=request.user),
        _("The discussion of “%(title)s” is closed."),
    )
    return back_to_item(item)


@login_required
@require_POST
def item_stance(request, pk: int):
    """M-D1: the office records each member's stance as they speak; a member may record their own."""
    item = item_or_404(request, pk)
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or defer."))
        return back_to_item(item)
    target = form.cleaned_data["person"]
    me = person_of(request.user)
    if not can_manage(request.user, item.committee) and (me is None or me.pk != target.pk):
        raise PermissionDenied
    with refusals_in_messages(request):
        record_stance(
            item,
            person=target,
            stance=form.cleaned_data["stance"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
        messages.success(request, _("The stance of %(person)s was recorded.") % {"person": target})
    return back_to_item(item)


@login_required
@require_POST
def item_recuse(request, pk: int):
    item = item_or_404(request, pk)
    if not can_manage(request.user, item.committee) or item.meeting_id is None:
        raise PermissionDenied
    due_ids = {a.person_id for a in members_due(item.meeting)}
    form = RecusalForm(request.POST, members=Person.objects.filter(pk__in=due_ids))
    if not form.is_valid():
        messages.error(request, _("Choose the member and the reason."))
        return back_to_item(item)
    with refusals_in_messages(request):
        recuse(item, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("%(person)s is recused from this item.") % {"person": form.cleaned_data["person"]})
    return back_to_item(item)
