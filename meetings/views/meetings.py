"""The meeting list, and creating and editing a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees.errors import refusals_on
from committees.models import Committee
from committees.paging import page_of
from committees.selectors import manageable_committees, manages_any, visible_committees, visible_people
from meetings.forms import MeetingFilter, MeetingForm
from meetings.selectors.access import meeting_list as meeting_rows
from meetings.selectors.emergencies import pending_emergency_reports
from meetings.services.scheduling import create_meeting, update_meeting

from .shared import managed_meeting


@login_required
def meeting_list(request):
    committees = visible_committees(request.user).order_by("name")
    meetings = meeting_rows(request.user).order_by("-start_at", "-pk")
    filterset = MeetingFilter(request.GET or None, queryset=meetings, committees=committees)
    page = page_of(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_create": manages_any(request.user),
            "pending_emergencies": pending_emergency_reports(request.user)[:20],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    committees = manageable_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    people = visible_people(request.user).order_by("name")
    form = MeetingForm(request.POST or None, committees=committees, people=people)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            meeting = create_meeting(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The meeting was created. Build its agenda next."))
            return redirect("meetings_agenda", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = managed_meeting(request, pk)
    people = visible_people(request.user).order_by("name")
    initial = {
        "committee": meeting.committee,
        "kind": meeting.kind,
        "title": meeting.title,
        "start_at": timezone.localtime(meeting.start_at),
        "end_at": timezone.localtime(meeting.end_at),
        "place": meeting.place,
        "chair": meeting.chair,
        "recorder": meeting.recorder,
    }
    form = MeetingForm(
        request.POST or None,
        committees=Committee.objects.filter(pk=meeting.committee_id),
        people=people,
        meeting=meeting,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("committee", "kind")}
        with refusals_on(form):
            update_meeting(meeting, acting_user=request.user, **data)
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})
