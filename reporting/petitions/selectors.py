"""Petition reads: filtered by the committees the user may see, prepared for the page using them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import scope
from committees.forms import month_bounds
from committees.models import TEAM_ROLES, Committee, Person, Role, RoleAssignment
from committees.selectors import in_visible_committees, visible_committees

from .models import Petition, PetitionExtension, ReceptionType
from .rules import days_left

#: Who may register and handle a committee's petitions (besides the receiving leader).
HANDLING_ROLES = frozenset({Role.PETITION_STAFF, Role.OFFICE_STAFF, Role.SECRETARY, Role.DEPUTY_SECRETARY})


def visible_petitions(user) -> QuerySet[Petition]:
    """Petitions of the committees the user may see."""
    return Petition.objects.filter(in_visible_committees(user)).select_related(
        "committee", "receiving_leader", "responsible_committee"
    )


def petition_list(user) -> QuerySet[Petition]:
    """The list page: one query for the rows, petitioners counted in it."""
    return (
        visible_petitions(user)
        .annotate(
            petitioner_count=Count("petitioners", distinct=True),
            representative_count=Count("petitioners", filter=Q(petitioners__is_representative=True), distinct=True),
        )
        .order_by("-received_at", "-pk")
    )


def petition_detail(user, pk: int) -> Petition:
    """Raises ``Petition.DoesNotExist`` for a petition of a committee the user may not see."""
    return visible_petitions(user).select_related("rule_set_version__rule_set").get(pk=pk)


def extensions_of(petition: Petition) -> QuerySet[PetitionExtension]:
    return petition.extensions.select_related("created_by").order_by("number")


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def handling_committee_ids(user, on: datetime.date | None = None) -> set[int]:
    """Committees where the user holds a handling role today (petition staff, office staff,
    secretary, deputy secretary)."""
    return set(scope.of(user, on).holding(HANDLING_ROLES))


def can_register(user, committee: Committee) -> bool:
    """Register a committee's petitions: its handling roles, or a superuser."""
    if user.is_authenticated and user.is_superuser:
        return True
    return committee.pk in handling_committee_ids(user)


def can_handle(user, petition: Petition, *, handling_ids: set[int] | None = None) -> bool:
    """Transfer, extend and answer: the committee's petition staff, office staff, secretary and
    deputy secretaries (roles held today), the receiving leader, or a superuser. ``handling_ids``:
    ``handling_committee_ids(user)`` when the caller already has it (a list of petitions)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    person = _person(user)
    if person is None:
        return False
    if petition.receiving_leader_id == person.pk:
        return True
    if handling_ids is None:
        handling_ids = handling_committee_ids(user)
    return petition.committee_id in handling_ids


def may_see_petitioner_identity(user, petition: Petition, *, handling_ids: set[int] | None = None) -> bool:
    """P-2, M-M7: petitioners' ID card numbers and phone numbers are for those who handle the
    petition (``can_handle``: petition staff, the party office, the principal leaders, the
    receiving leader) – not for every role of the committee (delegates, inspectors, members).
    The page and the API both ask this; others see the petition without them."""
    return can_handle(user, petition, handling_ids=handling_ids)


def registrable_committees(user) -> QuerySet[Committee]:
    committees = visible_committees(user)
    if user.is_authenticated and user.is_superuser:
        return committees
    return committees.filter(pk__in=handling_committee_ids(user))


def leaders_on(committee: Committee, on: datetime.date) -> QuerySet[Person]:
    """Team members of the committee on ``on``: who may receive petitioners as the leader (P-2)."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.on(on).filter(committee=committee, role__in=TEAM_ROLES).values("person")
    ).order_by("name")


def petition_staff_on(committee: Committee, on: datetime.date) -> list[Person]:
    """The committee's petition office staff, notified of every petition's deadline (P-3)."""
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.on(on).filter(committee=committee, role=Role.PETITION_STAFF).values("person")
        )
    )


@dataclass(frozen=True)
class Countdown:
    """Whole days to the due day in Beijing time: 0 on the due day, negative once overdue."""

    days: int

    @property
    def is_overdue(self) -> bool:
        return self.days < 0

    @property
    def overdue_days(self) -> int:
        return max(-self.days, 0)


def countdown(petition: Petition, today: datetime.date | None = None) -> Countdown | None:
    """The deadline countdown of an open petition; None when it is answered."""
    if petition.due_at is None or petition.is_answered:
        return None
    return Countdown(days_left(petition.due_at, today or timezone.localdate()))


# --------------------------------------------------------------------------- P-4 monthly report


@dataclass
class ReportRow:
    label: str
    received: int = 0
    answered: int = 0
    open: int = 0
    answered_late: int = 0
    open_overdue: int = 0
    average_days: float | None = None

    @property
    def overdue(self) -> int:
        return self.answered_late + self.open_overdue


@dataclass
class MonthlyReport:
    """P-4: what the committee hears every month about petition work."""

    committee: Committee
    month: datetime.date
    cutoff: datetime.datetime
    total: ReportRow
    by_unit: list[ReportRow] = field(default_factory=list)
    by_reception_type: list[ReportRow] = field(default_factory=list)

    @property
    def total_rows(self) -> list[ReportRow]:
        return [self.total]


def _month_aggregates(start: datetime.datetime, end: datetime.datetime, cutoff: datetime.datetime) -> dict:
    """Conditional counts for one month: received in it, answered in it, open at its end,
    answered late in it, open and past the due time at the cut-off (end of month, or now)."""
    answered_in_month = Q(answered_at__gte=start, answered_at__lt=end)
    open_at_end = Q(received_at__lt=end) & (Q(answered_at__isnull=True) | Q(answered_at__gte=end))
    return {
        "received": Count("pk", filter=Q(received_at__gte=start, received_at__lt=end)),
        "answered": Count("pk", filter=answered_in_month),
        "open": Count("pk", filter=open_at_end),
        "answered_late": Count("pk", filter=answered_in_month & Q(answered_at__gt=F("due_at"))),
        "open_overdue": Count(
            "pk",
            filter=Q(received_at__lt=cutoff)
            & (Q(answered_at__isnull=True) | Q(answered_at__gte=cutoff))
            & Q(due_at__lt=cutoff),
        ),
        "average": Avg(F("answered_at") - F("received_at"), filter=answered_in_month),
    }


def _row(label: str, values: dict) -> ReportRow:
    average = values["average"]
    return ReportRow(
        label=label,
        received=values["received"],
        answered=values["answered"],
        open=values["open"],
        answered_late=values["answered_late"],
        open_overdue=values["open_overdue"],
        average_days=round(average.total_seconds() / 86400, 1) if average is not None else None,
    )


def monthly_report(committee: Committee, month: datetime.date, now: datetime.datetime | None = None) -> MonthlyReport:
    """P-4: figures of a committee's petition work for one month, in three aggregate queries.

    Received and answered count what happened in the month; open counts cases received before the
    month's end and not answered by then; overdue counts cases answered late in the month plus
    open cases past their due time at the month's end (or now, for the current month). Average
    handling time is over the cases answered in the month (a case answered at once counts 0).
    """
    start, end = month_bounds(month)
    cutoff = min(end, now or timezone.now())
    aggregates = _month_aggregates(start, end, cutoff)
    relevant = Petition.objects.filter(committee=committee, received_at__lt=end).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=start)
    )
    total = _row(_("All petitions"), relevant.aggregate(**aggregates))

    by_unit = []
    units = (
        relevant.values("responsible_committee__name", "responsible_department")
        .annotate(**aggregates)
        .order_by("responsible_committee__name", "responsible_department")
    )
    for values in units:
        label = values["responsible_committee__name"] or values["responsible_department"] or _("Not transferred")
        by_unit.append(_row(label, values))

    types = {values["reception_type"]: values for values in relevant.values("reception_type").annotate(**aggregates)}
    by_type = [_row(str(kind.label), types[kind.value]) for kind in ReceptionType if kind.value in types]
    return MonthlyReport(committee, month.replace(day=1), cutoff, total, by_unit, by_type)
