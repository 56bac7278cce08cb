"""What meetings contribute to the home dashboard (``committees.panels``): the office's coming
meetings with their notice status and what waits for approval, a member's meetings and the
stances and votes they still owe, and the emergency countdowns of the principal leaders.

Every query goes through this app's selectors (their permission filtering) and is restricted to
the committees where the user holds the role the panel is for, today.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import panels
from committees.calendar import ONE_DAY, WorkingCalendar
from committees.models import TEAM_ROLES, Role
from committees.paging import first_rows
from committees.panels import PANEL_ROWS, committees_holding, roles_today
from reporting.emergencies import selectors as emergency_selectors
from reporting.emergencies.selectors import ACTING_ROLES

from .models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    ItemStatus,
    MeetingStatus,
    MinutesStatus,
    NoticeKind,
    Vote,
    VoteStatus,
)
from .selectors.access import visible_items, visible_meetings
from .selectors.emergencies import pending_emergency_reports
from .selectors.minutes import visible_minutes
from .selectors.notice import meetings_of


def notice_deadlines(days: list[tuple[datetime.date, int]]) -> list[datetime.date]:
    """M-N1 for several meetings at once: the N-th working day before each meeting's date, with
    one load of the calendar (``committees.calendar.add_working_days`` loads it per call)."""
    if not days:
        return []
    years = [day.year for day, _n in days]
    calendar = WorkingCalendar(range(min(years) - 1, max(years) + 1))
    deadlines = []
    for day, working_days in days:
        current, remaining = day, working_days
        while remaining:
            current -= ONE_DAY
            if calendar.is_working_day(current):
                remaining -= 1
        deadlines.append(current)
    return deadlines


# --------------------------------------------------------------------------- party office


@panels.provider("home")
def upcoming_meetings(request, obj=None):
    """The office prepares and notifies the committee's meetings: the coming ones, whether the
    notice went out, and by when it must (M-N1)."""
    committee_ids = committees_holding(request, {Role.OFFICE_STAFF})
    if not committee_ids:
        return None
    now = timezone.now()
    today = timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    # Today's meetings stay until they are closed, even past their scheduled end; a meeting in
    # session stays whatever its date.
    coming = (
        visible_meetings(request.user)
        .filter(Q(end_at__gte=start_of_today) | Q(status=MeetingStatus.IN_SESSION), committee_id__in=committee_ids)
        .exclude(status=MeetingStatus.CLOSED)
    )
    notice = Q(notices__kind=NoticeKind.NOTICE)
    acknowledged = notice & Q(notices__recipients__acknowledged_at__isnull=False)
    meetings = list(
        coming.select_related("rule_set_version")
        .annotate(
            notified=Count("notices__recipients", filter=notice),
            acknowledged=Count("notices__recipients", filter=acknowledged),
        )
        .order_by("start_at", "pk")[:PANEL_ROWS]
    )
    drafts = [m for m in meetings if m.status == MeetingStatus.DRAFT]
    latest = dict(
        zip(
            (m.pk for m in drafts),
            notice_deadlines([(m.date, m.rule_set_version.notice_working_days) for m in drafts]),
            strict=True,
        )
    )
    rows = [
        {
            "meeting": meeting,
            "is_past_end": meeting.end_at < now,
            "notice_by": latest.get(meeting.pk),
            "is_notice_late": meeting.pk in latest and latest[meeting.pk] < today,
        }
        for meeting in meetings
    ]
    return panels.Panel(
        gettext_lazy("Coming meetings and their notices"),
        "meetings/panels/upcoming.html",
        {
            "count": coming.count(),
            "rows": rows,
            "url": reverse("meetings_list") + f"?start_from={today.isoformat()}",
            "more": _("All meetings"),
        },
        order=20,
    )


@panels.provider("home")
def agenda_waiting(request, obj=None):
    """M-N2: items the office collected that the principal leader has not approved yet."""
    committee_ids = committees_holding(request, {Role.OFFICE_STAFF})
    if not committee_ids:
        return None
    items = visible_items(request.user).filter(committee_id__in=committee_ids, status=ItemStatus.PROPOSED)
    return panels.Panel(
        gettext_lazy("Agenda items waiting for approval"),
        "meetings/panels/agenda_waiting.html",
        {
            "count": items.count(),
            "rows": first_rows(items.order_by("created_at", "pk"), PANEL_ROWS),
            "url": reverse("meetings_list") + f"?status={MeetingStatus.DRAFT}",
            "more": _("Meetings in preparation"),
        },
        order=22,
    )


@panels.provider("home")
def minutes_waiting(request, obj=None):
    """M-M2: drafted minutes that the chair has not approved (and so not numbered) yet."""
    committee_ids = committees_holding(request, {Role.OFFICE_STAFF})
    if not committee_ids:
        return None
    minutes = visible_minutes(request.user).filter(committee_id__in=committee_ids, status=MinutesStatus.DRAFT)
    return panels.Panel(
        gettext_lazy("Minutes waiting for approval"),
        "meetings/panels/minutes_waiting.html",
        {
            "count": minutes.count(),
            "rows": list(minutes.order_by("created_at", "pk")[:PANEL_ROWS]),
            "url": reverse("meetings_minutes_list") + f"?status={MinutesStatus.DRAFT}",
            "more": _("All draft minutes"),
        },
        order=24,
    )


# --------------------------------------------------------------------------- principal leaders


@panels.provider("home")
def emergency_countdowns(request, obj=None):
    """R-1: incidents not yet reported to the higher level, with the time left; M-E1: emergencies
    handled without a meeting whose after-report to the team is still due."""
    committee_ids = committees_holding(request, ACTING_ROLES)
    if not committee_ids:
        return None
    unreported = emergency_selectors.visible_emergencies(request.user).filter(
        committee_id__in=committee_ids, report__isnull=True
    )
    handled = pending_emergency_reports(request.user).filter(committee_id__in=committee_ids)
    return panels.Panel(
        gettext_lazy("Emergency countdowns"),
        "meetings/panels/emergencies.html",
        {
            "count": unreported.count() + handled.count(),
            "unreported": list(unreported.order_by("due_at", "pk")[:PANEL_ROWS]),
            "handled": list(handled[:PANEL_ROWS]),
            "now": timezone.now(),
            "url": reverse("emergencies_list"),
            "more": _("All emergencies"),
        },
        order=15,
    )


# --------------------------------------------------------------------------- members


@panels.provider("home")
def my_meetings(request, obj=None):
    """Meetings the member was notified of or attends, from today on."""
    person = getattr(request.user, "person", None)
    if person is None or not roles_today(request):
        return None
    coming = meetings_of(person).filter(end_at__gte=timezone.now())
    count = coming.count()
    if not count and not committees_holding(request, TEAM_ROLES | {Role.DELEGATE}):
        return None  # staff who attend no meetings
    return panels.Panel(
        gettext_lazy("My meetings"),
        "meetings/panels/my_meetings.html",
        {
            "count": count,
            "rows": list(coming[:PANEL_ROWS]),
            "url": reverse("meetings_my_notices"),
            "more": _("My meeting notices"),
        },
        order=60,
    )


def votes_to_cast(person):
    """Open votes of meetings where the member is present, not recused, and has not voted yet.
    (Who was present when the vote opened – the only possible voters – is checked by ``my_votes``.)"""
    return (
        Vote.objects.filter(item__meeting__in=_present_at(person), status=VoteStatus.OPEN)
        .exclude(ballots__person=person)
        .exclude(secret_casts__person=person)
        .exclude(item__recusals__person=person)
        .select_related("item__meeting__committee")
    )


def _present_at(person):
    """The meetings where the person is present as a member (a semi-join: no repeated rows)."""
    return Attendance.objects.filter(person=person, role=AttendanceRole.MEMBER, status=AttendanceStatus.PRESENT).values(
        "meeting_id"
    )


def stances_to_state(user, person):
    """M-D1: items under discussion where the present member has stated no stance yet."""
    return (
        visible_items(user)
        .filter(status=ItemStatus.IN_DISCUSSION, meeting__in=_present_at(person))
        .exclude(stances__person=person)
        .exclude(recusals__person=person)
    )


@panels.provider("home")
def my_votes(request, obj=None):
    """What the member owes in a meeting now: a stance on each item taken up (M-D1), a ballot
    on each open vote (M-V1) – a secret ballot cast from the member's own phone or computer
    (M-V6), straight from here."""
    person = getattr(request.user, "person", None)
    if person is None or not committees_holding(request, TEAM_ROLES):
        return None
    # One open vote per meeting at most (M-V1): few rows. Only those present when the vote opened
    # and not recused may vote.
    votes = [
        vote
        for vote in votes_to_cast(person).order_by("opened_at", "pk")
        if person.pk in vote.present_ids and person.pk not in vote.recused_ids
    ]
    stances = stances_to_state(request.user, person)
    count = len(votes) + stances.count()
    return panels.Panel(
        gettext_lazy("My stances and votes to give"),
        "meetings/panels/my_votes.html",
        {
            "count": count,
            "votes": votes[:PANEL_ROWS],
            "stances": list(stances.order_by("taken_up_at", "pk")[:PANEL_ROWS]) if count else [],
            "url": reverse("meetings_list") + f"?status={MeetingStatus.IN_SESSION}",
            "more": _("Meetings in session"),
        },
        order=12 if count else 62,  # first while a meeting waits for the member, else with "my meetings"
    )
