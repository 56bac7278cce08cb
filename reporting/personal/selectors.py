"""Read queries for personal-matter reports (R-2) and family-event declarations (R-3).

Personal-matter reports are private: a user sees one only when they hold the django-guardian
object permission ``view_personalmatterreport`` on it (granted to the cadre and to the
organisation department when it is created, and kept in step with role changes by
``services.sync_report_permissions``) **and** still stands in that relation today – the cadre
themselves, or a member of the organisation department of the report's committee or of its
parent. Superusers see everything. Secretaries, office staff, discipline inspectors and other
members see nothing.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from committees.models import Committee, Person, Role, RoleAssignment
from reporting.selectors import organisation_department_committees

from .models import FamilyEventDeclaration, PersonalMatterReport, ReportForm

VIEW_REPORT = "reporting.view_personalmatterreport"
DISCIPLINE_ROLES = (Role.DISCIPLINE_SECRETARY, Role.DISCIPLINE_INSPECTOR)


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def _committees_by_role(user, roles, *, with_children: bool) -> QuerySet[Committee]:
    person = person_of(user)
    if person is None:
        return Committee.objects.none()
    ids = RoleAssignment.objects.on(timezone.localdate()).filter(person=person, role__in=roles).values("committee_id")
    condition = Q(pk__in=ids) | Q(parent_id__in=ids) if with_children else Q(pk__in=ids)
    return Committee.objects.filter(condition)


def discipline_commission_committees(user) -> QuerySet[Committee]:
    """Committees whose discipline commission (or whose parent's) the user belongs to today."""
    return _committees_by_role(user, DISCIPLINE_ROLES, with_children=True)


def secretary_committees(user) -> QuerySet[Committee]:
    return _committees_by_role(user, (Role.SECRETARY,), with_children=False)


# --------------------------------------------------------------------------- R-2 reports


def _reports() -> QuerySet[PersonalMatterReport]:
    return PersonalMatterReport.objects.select_related("cadre", "committee")


def visible_reports(user) -> QuerySet[PersonalMatterReport]:
    """R-2: only the cadre and the organisation department (of the committee or its parent)."""
    if user is None or not user.is_authenticated:
        return PersonalMatterReport.objects.none()
    if user.is_superuser:
        return _reports()
    permitted = get_objects_for_user(user, VIEW_REPORT, klass=_reports(), accept_global_perms=False)
    person = person_of(user)
    related_today = Q(committee__in=organisation_department_committees(user))
    if person is not None:
        related_today |= Q(cadre=person)
    return permitted.filter(related_today)


def my_reports(user) -> QuerySet[PersonalMatterReport]:
    person = person_of(user)
    if person is None:
        return PersonalMatterReport.objects.none()
    return visible_reports(user).filter(cadre=person)


def handles_reports(user, committee: Committee) -> bool:
    """The organisation department of ``committee`` (or of its parent) answers and assesses its reports."""
    if user.is_superuser:
        return True
    return organisation_department_committees(user).filter(pk=committee.pk).exists()


def is_in_organisation_department(user) -> bool:
    return user.is_superuser or organisation_department_committees(user).exists()


def inbox_committees(user) -> QuerySet[Committee]:
    if user.is_superuser:
        return Committee.objects.all()
    return organisation_department_committees(user)


def inbox(user) -> QuerySet[PersonalMatterReport]:
    """The organisation department's reports: its committees' and their children's, never one's own."""
    reports = visible_reports(user)
    if not user.is_superuser:
        reports = reports.filter(committee__in=organisation_department_committees(user))
    person = person_of(user)
    if person is not None:
        reports = reports.exclude(cadre=person)
    return reports


def overdue_q(now: datetime.datetime) -> Q:
    """Still unfiled after the due time (第八条(一))."""
    return Q(filed_at__isnull=True, due_at__lt=now)


def late_q() -> Q:
    return Q(filed_at__gt=F("due_at"))


def reply_ignored_q(now: datetime.datetime) -> Q:
    """第八条(四): the reply was found not followed, or its response time passed without action."""
    unassessed = Q(reply_followed__isnull=True, replied_at__isnull=False)
    lapsed = Q(reply_responded_at__isnull=True, reply_response_due_at__lt=now) | Q(
        reply_responded_at__gt=F("reply_response_due_at")
    )
    return Q(reply_followed=False) | (unassessed & lapsed)


def accountability_q(now: datetime.datetime) -> Q:
    return overdue_q(now) | late_q() | Q(is_untruthful=True) | Q(is_concealed=True) | reply_ignored_q(now)


def with_status(queryset: QuerySet[PersonalMatterReport], status: str, now: datetime.datetime | None = None):
    """Reports in a status of the inbox filter: pending, filed, overdue, late, untruthful,
    concealed, reply_ignored, accountability (any ground of 第八条)."""
    now = now or timezone.now()
    conditions = {
        "pending": Q(filed_at__isnull=True),
        "filed": Q(filed_at__isnull=False),
        "overdue": overdue_q(now),
        "late": late_q(),
        "untruthful": Q(is_untruthful=True),
        "concealed": Q(is_concealed=True),
        "reply_ignored": reply_ignored_q(now),
        "accountability": accountability_q(now),
    }
    return queryset.filter(conditions[status]) if status in conditions else queryset


def reports_for_accountability(
    user, *, committee: Committee | None = None, now: datetime.datetime | None = None
) -> QuerySet[PersonalMatterReport]:
    """R-2 第八条: reports that ground handling – overdue or late, untruthful, concealed, reply
    ignored – as far as ``user`` may see them. ``rules.accountability_grounds`` says which."""
    reports = visible_reports(user).filter(accountability_q(now or timezone.now()))
    if committee is not None:
        reports = reports.filter(committee=committee)
    return reports


# --------------------------------------------------------------------------- R-3 declarations


def visible_declarations(user) -> QuerySet[FamilyEventDeclaration]:
    """R-3: the declarer, the discipline commission of the committee or its parent, the committee's secretary."""
    declarations = FamilyEventDeclaration.objects.select_related("declarer", "committee")
    if user is None or not user.is_authenticated:
        return declarations.none()
    if user.is_superuser:
        return declarations
    condition = Q(committee__in=discipline_commission_committees(user)) | Q(committee__in=secretary_committees(user))
    person = person_of(user)
    if person is not None:
        condition |= Q(declarer=person)
    return declarations.filter(condition)


def reviews_declarations(user, committee: Committee) -> bool:
    if user.is_superuser:
        return True
    return discipline_commission_committees(user).filter(pk=committee.pk).exists()


def awaiting_written_form_q() -> Q:
    return Q(report_form=ReportForm.ORAL, written_at__isnull=True)


def team_committees(person: Person | None, on: datetime.date | None = None) -> QuerySet[Committee]:
    """Committees on which ``person`` holds a team role on ``on`` (today): where they report."""
    if person is None:
        return Committee.objects.none()
    ids = RoleAssignment.objects.on(on or timezone.localdate()).team().filter(person=person).values("committee_id")
    return Committee.objects.filter(pk__in=ids)
