"""What the meeting pages share: the object the user may see (404 otherwise) or manage (403), and
a one-button action on an item whose refusal becomes a message (``committees.errors``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from committees.errors import refusals_in_messages
from committees.redirects import is_on_site
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
    with refusals_in_messages(request):
        result = action(item)
        if success:
            messages.success(request, success % {"title": item.title})
        return item, result
    return item, None
