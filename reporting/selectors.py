"""Read queries of the deadline engine, filtered by what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from committees import scope, todo
from committees.models import Committee, Role
from committees.selectors import in_visible_committees

from .models.engine import ACTIVE_STATES, Deadline, Notification

#: The organisation department of a committee: its organisation member and department staff.
ORGANISATION_ROLES = frozenset({Role.ORGANIZATION_STAFF, Role.ORGANIZATION_MEMBER})


def organisation_department_committees(user) -> QuerySet[Committee]:
    """Committees whose organisation department the user belongs to today, and their children:
    the only people besides the cadre who see private obligations (personal matters, R-2)."""
    ids = sorted(scope.of(user).holding(ORGANISATION_ROLES))
    if not ids:
        return Committee.objects.none()
    return Committee.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


def visible_deadlines(user) -> QuerySet[Deadline]:
    """Deadlines of committees the user sees; private ones only for the person owing them and the
    organisation department (superusers see all)."""
    deadlines = Deadline.objects.select_related("committee", "owner", "content_type")
    if user.is_superuser:
        return deadlines
    person = getattr(user, "person", None)
    # "Told about" as a semi-join, not a join: a join repeats rows and needed DISTINCT over every
    # column, JSON included (issue 19: a 7 MB sort spilled to disk).
    told = Deadline.notify.through.objects.filter(person=person).values("deadline_id")
    mine = Q(owner=person) | Q(pk__in=told) if person else Q(pk__in=[])
    public = in_visible_committees(user) & Q(is_private=False)
    private = Q(is_private=True, committee__in=organisation_department_committees(user))
    return deadlines.filter(mine | public | private)


def unlink_unopenable(user, deadlines: list[Deadline]) -> None:
    """Drop the link of the shown deadlines whose page ``user`` may not open (issue 14: no dead
    ends). A leave request's deadlines are public to the committee – colleagues see who is away
    when – but its page only to its person, those who manage the committee and its approvers
    (``leave.selectors.visible_requests``). One query for the page's leave rows."""
    from django.contrib.contenttypes.models import ContentType

    from .leave.models import LeaveRequest, LeaveStep
    from .leave.selectors import visible_requests

    types = ContentType.objects.get_for_models(LeaveRequest, LeaveStep)
    request_type, step_type = types[LeaveRequest].pk, types[LeaveStep].pk
    leave = [d for d in deadlines if d.url and d.content_type_id in (request_type, step_type)]
    if not leave:
        return
    step_ids = [d.object_id for d in leave if d.content_type_id == step_type]
    request_of_step = dict(LeaveStep.objects.filter(pk__in=step_ids).values_list("pk", "request_id"))
    wanted = {d.object_id if d.content_type_id == request_type else request_of_step.get(d.object_id) for d in leave}
    openable = set(visible_requests(user).filter(pk__in=wanted - {None}).values_list("pk", flat=True))
    for deadline in leave:
        request_id = (
            deadline.object_id if deadline.content_type_id == request_type else request_of_step.get(deadline.object_id)
        )
        if request_id not in openable:
            deadline.url = ""


def deadlines_owed_by(user) -> QuerySet[Deadline]:
    person = getattr(user, "person", None)
    if person is None:
        return Deadline.objects.none()
    return Deadline.objects.filter(owner=person).select_related("committee", "owner")


#: Rows of "what I owe" and "followed by me" on the deadlines page; the count says how many there
#: are in all, the filters narrow them down. "What my units owe" is paged (``units``).
DASHBOARD_ROWS = 50


def dashboard(user, base: QuerySet[Deadline]) -> dict:
    """The deadlines page: what I owe, what I am told about – overdue first, each section capped
    at ``DASHBOARD_ROWS`` with its full count – and ``units``, the query of what my units owe
    besides (soonest first; the view pages it: a county's units owe tens of thousands)."""
    person = getattr(user, "person", None)
    active = base.filter(state__in=ACTIVE_STATES).order_by("due_at", "pk")
    owed = active.filter(owner=person) if person else active.none()
    told = active.filter(notify=person).exclude(owner=person) if person else active.none()
    mine, notified = list(owed[:DASHBOARD_ROWS]), list(told[:DASHBOARD_ROWS])
    seen = [d.pk for d in mine + notified]
    return {
        "mine": mine,
        "notified": notified,
        "units": active.exclude(pk__in=seen) if seen else active,
        "mine_total": owed.count() if len(mine) == DASHBOARD_ROWS else len(mine),
        "notified_total": told.count() if len(notified) == DASHBOARD_ROWS else len(notified),
    }


def inbox(user) -> QuerySet[Notification]:
    person = getattr(user, "person", None)
    if person is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=person, channel="in_app").select_related("deadline")


def unread_count(user) -> int:
    """The bell's count: unread in-app notifications, kept like the header's to-do counts
    (``committees.todo.kept``) – notifications written in bulk (``reporting.notify``, the scan)
    outdate it with ``todo.rows_changed``, reading one is a POST."""
    return todo.kept(user, "unread", lambda: inbox(user).filter(read_at__isnull=True).count())
