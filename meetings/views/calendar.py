"""The meeting calendar: a month (the default) or an ISO week of the meetings the user sees."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from committees import bounds
from committees.selectors import visible_committees
from meetings.forms import CalendarForm
from meetings.selectors.calendar import MONTH, WEEK, meeting_calendar, month_span, week_span


def _month_param(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _week_param(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _link(committee, **params) -> str | None:
    query = QueryDict(mutable=True)
    query.update(params)
    if committee is not None:
        query["committee"] = str(committee.pk)
    return "?" + query.urlencode()


def _within_bounds(first: datetime.date, last: datetime.date) -> bool:
    return first.year in bounds.YEARS and last.year in bounds.YEARS


@login_required
@require_GET
def meeting_calendar_page(request):
    committees = visible_committees(request.user).order_by("name")
    form = CalendarForm(request.GET, committees=committees)
    form.is_valid()
    data = form.cleaned_data
    committee = data.get("committee")
    today = timezone.localdate()
    view = data.get("view") or (WEEK if "week" in request.GET else MONTH)
    if view == WEEK:
        first, last = week_span(data.get("week") or today)
        step = datetime.timedelta(days=7)
        around = [first - step, first + step]
        spans = [week_span(day) for day in around]
        previous, following = (
            _link(committee, view=WEEK, week=_week_param(span[0])) if _within_bounds(*span) else None for span in spans
        )
        current = _link(committee, view=WEEK, week=_week_param(today))
        # The month the week belongs to: the month of its Thursday (as ISO weeks belong to years).
        other = _link(committee, month=_month_param(first + datetime.timedelta(days=3)))
    else:
        first, last = month_span(data.get("month") or today)
        spans = [month_span(first - datetime.timedelta(days=1)), month_span(last + datetime.timedelta(days=1))]
        previous, following = (
            _link(committee, month=_month_param(span[0])) if _within_bounds(*span) else None for span in spans
        )
        current = _link(committee, month=_month_param(today))
        other = _link(committee, view=WEEK, week=_week_param(today if first <= today <= last else first))
    calendar = meeting_calendar(request.user, view=view, first=first, last=last, committee=committee)
    return render(
        request,
        "meetings/calendar.html",
        {
            "form": form,
            "calendar": calendar,
            "committee": committee,
            "previous_url": previous,
            "next_url": following,
            "today_url": current,
            "other_view_url": other,
            "period": _week_param(first) if view == WEEK else _month_param(first),
            "today": today,
        },
    )
