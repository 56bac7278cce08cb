"""A-2: what an accountability case can be opened from, and the "open a case" offer on its page.

Each source is a record another part of the system keeps – a supervision item, an emergency
report, a petition, a decision, a personal-matter report. This module knows, for each, when it is
a ground for accountability, which committee handles the case, whom it could concern, and which
ground to propose. The source's own page shows the offer through the ``"object"`` panel slot
(``committees.panels``), so the apps below never import this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import panels
from committees.models import Committee, Person
from meetings.models import Decision
from meetings.selectors.decisions import visible_decisions
from reporting.emergencies.models import Emergency
from reporting.emergencies.selectors import not_reported_in_time, visible_emergencies
from reporting.personal import rules as personal_rules
from reporting.personal.models import PersonalMatterReport
from reporting.personal.selectors import visible_reports
from reporting.petitions.models import Petition
from reporting.petitions.selectors import visible_petitions
from reporting.selectors import organisation_department_committees

from . import selectors, services
from .models import AccountabilityGround, SupervisionItem


@dataclass(frozen=True)
class CaseSource:
    slug: str
    model: type[Model]
    visible: Callable[[object], QuerySet]
    """The source app's own selector: what this user may see."""
    is_ground: Callable[[Model, datetime.datetime], bool]
    ground: Callable[[Model], str]
    committee: Callable[[Model], Committee]
    """The committee that handles the case (its office and principal leaders open it)."""
    team: Callable[[Model], Committee | None]
    people: Callable[[Model], list[Person | None]]
    describe: Callable[[Model], str]
    page: str
    """URL name of the source's own page (takes its pk)."""

    may_open: Callable[[object, Model], bool] | None = None
    """Who may open a case from it; by default whoever handles cases for its committee."""

    def url(self, obj) -> str:
        return reverse(self.page, args=[obj.pk])

    def can_open(self, user, obj) -> bool:
        if self.may_open is not None and self.may_open(user, obj):
            return True
        return services.handles_cases(getattr(user, "person", None), self.committee(obj))


def _petition_overdue(petition: Petition, now: datetime.datetime) -> bool:
    if petition.due_at is None:
        return False
    if petition.answered_at is not None:
        return petition.answered_at > petition.due_at
    return now > petition.due_at


def _emergency_overdue(emergency: Emergency, now: datetime.datetime) -> bool:
    return Emergency.objects.filter(pk=emergency.pk).filter(not_reported_in_time(now)).exists()


def _personal_ground(report: PersonalMatterReport) -> str:
    if report.is_untruthful or report.is_concealed:
        return AccountabilityGround.FALSIFICATION
    return AccountabilityGround.OTHER_FAULT


SOURCES: dict[str, CaseSource] = {
    source.slug: source
    for source in (
        CaseSource(
            "item",
            SupervisionItem,
            selectors.visible_items,
            lambda item, now: True,
            lambda item: AccountabilityGround.SUPERVISION_ITEM_FAILED,
            lambda item: item.committee,
            lambda item: item.unit_committee or item.committee,
            lambda item: [item.responsible_person, item.leader_in_charge],
            lambda item: f"{item.matter} · {item.undertaking_unit}",
            "supervision_detail",
        ),
        CaseSource(
            "emergency",
            Emergency,
            visible_emergencies,
            _emergency_overdue,
            lambda emergency: AccountabilityGround.EMERGENCY_NOT_REPORTED,
            lambda emergency: emergency.committee,
            lambda emergency: emergency.committee,
            lambda emergency: [emergency.recorded_by],
            lambda emergency: emergency.title,
            "emergencies_detail",
        ),
        CaseSource(
            "petition",
            Petition,
            visible_petitions,
            _petition_overdue,
            lambda petition: AccountabilityGround.PETITION_MISHANDLED,
            lambda petition: petition.committee,
            lambda petition: petition.responsible_committee or petition.committee,
            lambda petition: [petition.receiving_leader],
            lambda petition: str(petition),
            "petitions_detail",
        ),
        CaseSource(
            "decision",
            Decision,
            visible_decisions,
            lambda decision, now: decision.needs_accountability_review,
            lambda decision: AccountabilityGround.NO_DECISION_PROCEDURE,
            lambda decision: decision.committee,
            lambda decision: decision.committee,
            lambda decision: [],
            lambda decision: str(decision),
            "meetings_decision",
        ),
        CaseSource(
            "personal",
            PersonalMatterReport,
            visible_reports,
            lambda report, now: bool(personal_rules.accountability_grounds(report, now)),
            _personal_ground,
            lambda report: report.committee,
            lambda report: None,
            lambda report: [report.cadre],
            lambda report: str(report),
            "personal_report_detail",
            lambda user, report: organisation_department_committees(user).filter(pk=report.committee_id).exists(),
        ),
    )
}


def source_of(slug: str) -> CaseSource | None:
    return SOURCES.get(slug)


def slug_for(obj) -> str | None:
    return next((source.slug for source in SOURCES.values() if isinstance(obj, source.model)), None)


def subject_people(source: CaseSource, obj) -> list[Person]:
    seen: dict[int, Person] = {}
    for person in source.people(obj):
        if person is not None:
            seen.setdefault(person.pk, person)
    return list(seen.values())


@panels.provider("object")
def open_case_offer(request, obj):
    """A-2: on a source's page – the cases opened from it and, when it is a ground and the user
    handles cases for its committee, the "open a case" button."""
    slug = slug_for(obj)
    if slug is None or slug == "item" or not request.user.is_authenticated:
        return None
    source = SOURCES[slug]
    can_open = source.is_ground(obj, timezone.now()) and source.can_open(request.user, obj)
    cases = list(selectors.visible_cases(request.user).filter(pk__in=services.cases_for_source(obj).values("pk")))
    if not can_open and not cases:
        return None
    return panels.Panel(
        _("Accountability"),
        "supervision/panels/open_case.html",
        {
            "cases": cases,
            "can_open": can_open,
            "open_url": reverse("supervision_case_open", args=[slug, obj.pk]),
        },
        order=900,
    )
