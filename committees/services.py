"""Actions that change organisations, people, roles and rule sets."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

from . import bounds, rules
from .actors import acting, is_system
from .models import (
    Body,
    BodyKind,
    Committee,
    Level,
    Person,
    Portfolio,
    Role,
    RoleAssignment,
    RuleSet,
    RuleSetVersion,
    Term,
)
from .permissions import OVERSEEING_ROLES, sync_user_permissions
from .selectors import current_rules

logger = logging.getLogger(__name__)

#: Bodies every committee has; branches have a plenary (党员大会) and a committee only.
BODIES_BY_LEVEL = {
    Level.BRANCH: [BodyKind.PLENARY, BodyKind.STANDING],
}


@transaction.atomic
def create_committee(
    *, name: str, level: str, parent: Committee | None = None, rule_set: RuleSet | None = None, acting_user: User
) -> Committee:
    committee = Committee(name=name, level=level, parent=parent, rule_set=rule_set)
    committee.full_clean()
    acting(committee, acting_user).save()
    ensure_bodies(committee, acting_user=acting_user)
    return committee


def ensure_bodies(committee: Committee, *, acting_user: User) -> None:
    kinds = BODIES_BY_LEVEL.get(committee.level, list(BodyKind))
    existing = set(committee.bodies.values_list("kind", flat=True))
    bulk_create_with_history(
        [Body(committee=committee, kind=kind) for kind in kinds if kind not in existing], Body, default_user=acting_user
    )


def sync_overseers(committee: Committee | None) -> None:
    """The organisation department of ``committee`` oversees its children: refresh their grants."""
    if committee is None:
        return
    for assignment in committee.roles.filter(role__in=OVERSEEING_ROLES).select_related("person__user"):
        if assignment.person.user is not None:
            sync_user_permissions(assignment.person.user)


SINGLE_HOLDER_ROLES = frozenset({Role.SECRETARY})


MSG_END_BEFORE_START = gettext_lazy("The end date is before the start date.")
MSG_TERM_OF_ANOTHER_COMMITTEE = gettext_lazy("The term belongs to another committee.")
MSG_ROLE_ALREADY_HELD = gettext_lazy("%(person)s already holds this role on these dates.")
#: One secretary (and one holder of each single-holder role) at a time.
MSG_ONE_HOLDER_AT_A_TIME = gettext_lazy(
    "%(committee)s already has a %(role)s on these dates: %(person)s. End that role first."
)
MSG_PORTFOLIO_TAKEN = gettext_lazy("%(person)s took this area on %(date)s; choose a later start date.")


def validate_assignment(assignment: RoleAssignment) -> None:
    """A person holds a role on a committee once at a time; a committee has one secretary at a time."""
    if assignment.end_date and assignment.end_date < assignment.start_date:
        raise ValidationError(MSG_END_BEFORE_START)
    if assignment.term_id and assignment.term.committee_id != assignment.committee_id:
        raise ValidationError(MSG_TERM_OF_ANOTHER_COMMITTEE)
    overlapping = (
        RoleAssignment.objects.filter(committee=assignment.committee, role=assignment.role)
        .exclude(pk=assignment.pk)
        .filter(start_date__lte=assignment.end_date or datetime.date.max)
        .exclude(end_date__lt=assignment.start_date)
    )
    if overlapping.filter(person=assignment.person).exists():
        raise ValidationError(MSG_ROLE_ALREADY_HELD % {"person": assignment.person})
    if assignment.role in SINGLE_HOLDER_ROLES:
        other = overlapping.exclude(person=assignment.person).select_related("person").first()
        if other is not None:
            raise ValidationError(
                MSG_ONE_HOLDER_AT_A_TIME
                % {"committee": assignment.committee, "role": assignment.get_role_display(), "person": other.person}
            )


@transaction.atomic
def assign_role(
    *,
    person: Person,
    committee: Committee,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    term: Term | None = None,
    note: str = "",
    acting_user: User,
) -> RoleAssignment:
    bounds.require_dates(start_date=start_date, end_date=end_date)
    Committee.objects.select_for_update().get(pk=committee.pk)  # one appointment at a time per committee
    assignment = RoleAssignment(
        person=person, committee=committee, role=role, start_date=start_date, end_date=end_date, term=term, note=note
    )
    validate_assignment(assignment)
    acting(assignment, acting_user).save()
    return assignment


@transaction.atomic
def appoint_new_person(*, name: str, position: str = "", acting_user: User, **role) -> RoleAssignment:
    """Create a person and appoint them in one step: nothing is kept if the appointment is refused."""
    person = Person(name=name, position=position)
    acting(person, acting_user).save()
    return assign_role(person=person, acting_user=acting_user, **role)


@transaction.atomic
def end_role(assignment: RoleAssignment, *, end_date: datetime.date, acting_user: User) -> list[str]:
    """End a role on ``end_date`` (its last day). Returns warnings (O-2) to show the user."""
    bounds.require_dates(end_date=end_date)
    Committee.objects.select_for_update().get(pk=assignment.committee_id)
    assignment.end_date = end_date
    validate_assignment(assignment)
    acting(assignment, acting_user).save(update_fields=["end_date"])
    return [w.message for w in early_replacements(assignment.committee, only_person=assignment.person_id)]


def early_replacements(
    committee: Committee, only_person: int | None = None, since: datetime.date | None = None
) -> list[rules.EarlyReplacement]:
    """O-2 warnings for the committee's past secretaries (those who left on or after ``since``)."""
    version = current_rules(committee)
    if version is None or not committee.is_town_level:
        return []
    secretaries = committee.roles.filter(role=Role.SECRETARY).select_related("person", "committee")
    if only_person is not None:
        secretaries = secretaries.filter(person_id=only_person)
    warnings = []
    for tenure in rules.merge_tenures(secretaries):
        warning = rules.secretary_replaced_early(
            tenure, committee.level, version.term_years, version.town_secretary_full_terms
        )
        if warning is not None and (since is None or tenure.end_date >= since):
            warnings.append(warning)
    return warnings


@transaction.atomic
def set_portfolio(
    *,
    person: Person,
    committee: Committee,
    area: str,
    start_date: datetime.date,
    description: str = "",
    acting_user: User,
) -> Portfolio:
    """O-3: put ``person`` in charge of ``area``; the previous holder's portfolio ends the day before."""
    bounds.require_dates(start_date=start_date)
    previous_day = start_date - datetime.timedelta(days=1)
    Committee.objects.select_for_update().get(pk=committee.pk)
    for current in Portfolio.objects.filter(committee=committee, area=area).on(start_date):
        if current.person_id == person.pk:
            return current
        if current.start_date > previous_day:
            raise ValidationError(
                MSG_PORTFOLIO_TAKEN % {"person": current.person, "date": current.start_date.isoformat()}
            )
        current.end_date = previous_day
        acting(current, acting_user).save(update_fields=["end_date"])
    portfolio = Portfolio(person=person, committee=committee, area=area, start_date=start_date, description=description)
    acting(portfolio, acting_user).save()
    return portfolio


NON_RULE_FIELDS = {"id", "rule_set", "number", "note", "created_at", "created_by"}


@transaction.atomic
def publish_rule_set_version(rule_set: RuleSet, *, acting_user: User, note: str = "", **values) -> RuleSetVersion:
    """Editing a rule set creates a new version: the latest values, with ``values`` changed.

    Earlier versions stay untouched, so objects made under them keep their rules.
    """
    latest = rule_set.versions.select_for_update().order_by("-number").first()
    data = {}
    if latest is not None:
        data = {k: v for k, v in model_to_dict(latest).items() if k not in NON_RULE_FIELDS}
    unknown = set(values) - {f.name for f in RuleSetVersion._meta.concrete_fields}
    if unknown:
        raise ValueError(f"Unknown rule-set fields: {sorted(unknown)}")
    data.update(values)
    version = RuleSetVersion(
        rule_set=rule_set,
        number=(latest.number + 1) if latest else 1,
        note=note,
        created_by=None if is_system(acting_user) else acting_user,
        **data,
    )
    version.full_clean(exclude=["rule_set", "created_by"])
    acting(version, acting_user).save()
    return version


@transaction.atomic
def create_rule_set(
    *, name: str, description: str = "", is_default: bool = False, acting_user: User, **values
) -> RuleSet:
    rule_set = RuleSet(name=name, description=description, is_default=is_default)
    acting(rule_set, acting_user).save()
    publish_rule_set_version(
        rule_set, acting_user=acting_user, note=_("Initial version with the rulebook's defaults"), **values
    )
    return rule_set


def revoke_calendar_feed(person: Person, *, acting_user: User) -> None:
    """The person's calendar feed address stops working; a new one is shown on their notices page
    (the address is signed with the generation, ``meetings.ics.feed_token``). The generation is
    kept out of the history (it is part of a secret address), so the revocation is logged instead."""
    logger.info("calendar feed of person %s revoked by user %s", person.pk, acting_user.pk)
    Person.objects.filter(pk=person.pk).update(feed_generation=F("feed_generation") + 1)
    person.refresh_from_db(fields=["feed_generation"])


def set_language(person: Person, language: str, *, acting_user: User) -> None:
    """The language a person picked with the switch: their e-mails and notifications are worded in
    it (``reporting.channels``), and it is the interface's language at their next log-in on any
    computer (``committees.middleware``)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if person.language != language:
        person.language = language
        acting(person, acting_user).save(update_fields=["language"])
