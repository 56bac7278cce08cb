"""The notice (M-N1) and agenda amendments (M-N3), the notices a member received and
acknowledges, and the calendars (.ics download, the member's revocable feed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees.errors import refusals_in_messages
from committees.paging import page_of
from committees.services import revoke_calendar_feed
from meetings import ics, rules
from meetings.models import MeetingStatus
from meetings.selectors import notice as notice_selectors
from meetings.selectors.access import person_of
from meetings.selectors.console import console
from meetings.services import notice as notice_services

from .shared import managed_meeting, meeting_or_404, next_or


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, pk: int):
    """Send the notice (M-N1) – or, once sent, see who received and acknowledged it."""
    meeting = managed_meeting(request, pk)
    if request.method == "POST":
        with refusals_in_messages(request):
            notice_services.send_notice(meeting, acting_user=request.user)
            messages.success(request, _("The notice was sent to every member due and the observers."))
            return redirect("meetings_notice", pk=meeting.pk)
    version = meeting.rule_set_version
    deadline = rules.notice_deadline(meeting.date, version.notice_working_days)
    board = console(meeting, request.user)
    items = notice_services.notice_items(meeting) if meeting.status == MeetingStatus.DRAFT else []
    observers = [o for o in board.observers if o.person_id]
    return render(
        request,
        "meetings/notice.html",
        {
            "meeting": meeting,
            "console": board,
            "deadline": deadline,
            "is_late": timezone.localdate() > deadline,
            "notices": notice_selectors.notices_of(meeting),
            # Why it cannot go out, shown before anyone clicks (the service refuses the same).
            "obstacles": notice_services.notice_obstacles(meeting, items, timezone.now())
            if meeting.status == MeetingStatus.DRAFT
            else [],
            "confirm": _(
                "Send the notice of “%(title)s” with %(items)d agenda item(s) to %(members)d member(s) due and "
                "%(observers)d observer(s)? The agenda is then frozen: later changes go out as amendments."
            )
            % {"title": meeting.title, "items": len(items), "members": len(board.due), "observers": len(observers)},
        },
    )


@login_required
@require_POST
def notify_amendments(request, pk: int):
    meeting = managed_meeting(request, pk)
    with refusals_in_messages(request):
        sent = notice_services.send_amendment_notice(meeting, acting_user=request.user)
        if sent.is_in_time:
            messages.success(request, _("The agenda amendments were notified."))
        else:
            messages.warning(
                request,
                _(
                    "The amendments were notified after the M-N1 deadline: important matters they add cannot be "
                    "decided at this meeting (M-N3)."
                ),
            )
    return redirect("meetings_notice", pk=meeting.pk)


@login_required
def my_notices(request):
    page = page_of(request, notice_selectors.my_notices(request.user))
    person = person_of(request.user)
    feed = ""
    if person is not None:
        feed = request.build_absolute_uri(reverse("meetings_feed", args=[ics.feed_token(person)]))
    return render(request, "meetings/my_notices.html", {"page": page, "feed": feed})


@login_required
@require_POST
def feed_revoke(request):
    """The member's calendar feed address stops working (shared by mistake, a lost phone); the
    notices page shows the new one."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    revoke_calendar_feed(person, acting_user=request.user)
    messages.success(request, _("The old calendar feed address no longer works. Subscribe again with the new one."))
    return redirect("meetings_my_notices")


@login_required
@require_POST
def acknowledge(request, pk: int):
    recipient = get_object_or_404(notice_selectors.my_notices(request.user), pk=pk)
    notice_services.acknowledge_notice(recipient, person=person_of(request.user), acting_user=request.user)
    messages.success(request, _("Acknowledged."))
    return next_or(request, redirect("meetings_my_notices"))


# --------------------------------------------------------------------------- calendar (.ics)


def _ics_response(meetings, name: str) -> HttpResponse:
    response = HttpResponse(ics.calendar(meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def meeting_ics(request, pk: int):
    return _ics_response([meeting_or_404(request, pk)], f"meeting-{pk}.ics")


@login_required
def my_ics(request):
    person = person_of(request.user)
    if person is None:
        raise Http404
    return _ics_response(notice_selectors.meetings_of(person), "meetings.ics")


def feed(request, token: str):
    """The member's calendar feed for calendar clients: a signed, unguessable, revocable address."""
    person = ics.person_for_feed_token(token)
    if person is None:
        raise Http404
    return _ics_response(notice_selectors.meetings_of(person), "meetings.ics")
