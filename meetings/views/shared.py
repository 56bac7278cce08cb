"""What the meeting pages share: the object the user may see (404 otherwise) or manage (403), and
a refusal turned into a message or a form error."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from committees.redirects import is_on_site
from committees.rules import RuleViolation
from committees.selectors import can_manage
from meetings.models import AgendaItem, Meeting
from meetings.selectors.access import can_manage_meeting, meeting_for_page, visible_items


def meeting_or_404(request, pk: int) -> Meeting:
    try:
        return meeting_for_page(request.user, pk)
    except Meeting.DoesNotExist:
        raise Http404


def managed_meeting(request, pk: int) -> Meeting:
    meeting = meeting_or_404(request, pk)
    if not can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def item_or_404(request, pk: int) -> AgendaItem:
    return get_object_or_404(visible_items(request.user), pk=pk)


def refuse(request, error) -> None:
    """Refusals become messages on the page the action returns to."""
    if isinstance(error, RuleViolation):
        messages.error(request, str(error))
    else:
        for message in error.messages:
            messages.error(request, message)


def form_error(form, error) -> None:
    form.add_error(None, str(error) if isinstance(error, RuleViolation) else error)


def back_to_item(item: AgendaItem):
    if item.meeting_id:
        return redirect(f"{reverse('meetings_detail', args=[item.meeting_id])}#item-{item.pk}")
    return redirect("meetings_item", pk=item.pk)


def next_or(request, fallback):
    target = request.POST.get("next", "")
    return HttpResponseRedirect(target) if is_on_site(request, target) else fallback


def item_action(request, pk: int, action, success: str, *, manager_only: bool = True):
    """Run ``action(item)`` on a visible item (by default only for those who manage its
    committee); a refusal becomes a message. Returns the item and the action's result (None when
    refused)."""
    item = item_or_404(request, pk)
    if manager_only and not can_manage(request.user, item.committee):
        raise PermissionDenied
    try:
        result = action(item)
    except (ValidationError, RuleViolation) as error:
        refuse(request, error)
    else:
        if success:
            messages.success(request, success % {"title": item.title})
        return item, result
    return item, None
