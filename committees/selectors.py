"""Read queries, filtered by what the user may see and prepared for the page that uses them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import permissions, scope
from .models import (
    ROLE_ORDER,
    TEAM_ROLES,
    Committee,
    Person,
    Portfolio,
    RoleAssignment,
    RuleSet,
    RuleSetVersion,
)

MSG_NO_RULE_SET = gettext_lazy("No rule set applies to %(committee)s.")


def _committee_ids(user, codename: str) -> frozenset[int]:
    """The ids of the committees on which ``user`` holds ``codename`` ("view_committee",
    "change_committee"), from the user's scope (``committees.scope``: read once per request, kept
    until a role or permission changes) – every list then filters by a literal id list the planner
    can estimate, instead of guardian's permission subquery per list, whose cast of ``object_pk``
    made PostgreSQL scan and hash-join whole tables (issue 19). The rows read are the ones
    ``committees.permissions`` derives from roles; model-level permissions (e.g. given to reach the
    admin) never widen what a user sees."""
    found = scope.of(user)
    return found.view if codename == permissions.VIEW else found.change


def visible_committee_ids(user) -> frozenset[int] | None:
    """Ids of the committees the user may see; ``None`` for a superuser (all of them)."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    return _committee_ids(user, permissions.VIEW)


def manageable_committee_ids(user) -> frozenset[int] | None:
    """Ids of the committees the user manages; ``None`` for a superuser (all of them)."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    return _committee_ids(user, permissions.CHANGE)


def in_visible_committees(user, path: str = "committee") -> Q:
    """A filter keeping the rows whose ``path`` (a committee, e.g. ``"item__committee"``) is one
    the user may see, as a literal id list: PostgreSQL estimates it and walks the list's index in
    its order, where a subquery of committees made it scan and sort whole tables (issue 19)."""
    return _among(visible_committee_ids(user), path)


def in_manageable_committees(user, path: str = "committee") -> Q:
    """As ``in_visible_committees``, for the committees the user manages."""
    return _among(manageable_committee_ids(user), path)


#: A filter keeping every row (a superuser's committees). Not ``Q()``: an empty Q vanishes from
#: an OR (``Q() | Q(x)`` is ``Q(x)``) and would narrow what a superuser sees.
EVERY_ROW = ~Q(pk__in=[])


def _among(ids: frozenset[int] | None, path: str) -> Q:
    return EVERY_ROW if ids is None else Q(**{f"{path}__any_of": sorted(ids)})


def _committees_among(ids: frozenset[int] | None) -> QuerySet[Committee]:
    if ids is None:
        return Committee.objects.all()
    return Committee.objects.filter(pk__any_of=sorted(ids)) if ids else Committee.objects.none()


def visible_committees(user) -> QuerySet[Committee]:
    """Committees the user may see: from role-derived object permissions (superusers: all)."""
    return _committees_among(visible_committee_ids(user)).select_related("parent", "rule_set")


def manageable_committees(user) -> QuerySet[Committee]:
    return _committees_among(manageable_committee_ids(user))


def can_manage(user, committee: Committee) -> bool:
    ids = manageable_committee_ids(user)
    return ids is None or committee.pk in ids


def manages_any(user) -> bool:
    """Whether the user manages at least one committee (e.g. to offer "New meeting"); no query
    beyond the one that reads the user's committee ids for the request."""
    ids = manageable_committee_ids(user)
    return ids is None or bool(ids)


def can_see(user, committee_id: int) -> bool:
    ids = visible_committee_ids(user)
    return ids is None or committee_id in ids


def committees_where_holding(user, roles, on: datetime.date | None = None) -> QuerySet[Committee]:
    """Committees on which the user holds one of ``roles`` on ``on`` (today); superusers: all.
    Used for "who may act for this committee" (office staff, secretary, deputies…)."""
    if not user.is_authenticated:
        return Committee.objects.none()
    if user.is_superuser:
        return Committee.objects.all()
    return Committee.objects.filter(pk__in=sorted(scope.of(user, on).holding(roles)))


def roles_held(person: Person | None, committee: Committee, on: datetime.date | None = None) -> set[str]:
    """The roles ``person`` holds on ``committee`` on ``on`` (today); none for no person."""
    if person is None:
        return set()
    held = RoleAssignment.objects.on(on or timezone.localdate()).filter(person=person, committee=committee)
    return set(held.values_list("role", flat=True))


def acts_in(user, committee: Committee, roles, on: datetime.date | None = None) -> bool:
    """Whether ``user`` acts for ``committee`` in one of ``roles`` on ``on`` (today): a superuser
    and the system's own account always; otherwise the person behind the login holding one."""
    from .actors import is_system, person_of

    if user.is_superuser or is_system(user):
        return True
    return bool(roles_held(person_of(user), committee, on) & set(roles))


def roles_of_today(
    person: Person, on: datetime.date | None = None, *, held: Iterable[str] | None = None
) -> QuerySet[RoleAssignment]:
    """The person's roles on ``on`` (today) with their committees: the leading roles first
    (``ROLE_ORDER``: secretary, deputies, standing-committee members …), then by committee.
    ``held``: the roles the person holds then, when known (a user's scope) – the ranking then names
    only those, not all twenty-odd (compiling the whole ranking was a tenth of home, issue 19)."""
    ranked = ROLE_ORDER if held is None else {role: ROLE_ORDER[role] for role in held if role in ROLE_ORDER}
    rank = Case(
        *(When(role=role, then=Value(index)) for role, index in ranked.items()),
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return (
        person.roles.on(on or timezone.localdate()).select_related("committee").order_by(rank, "committee__name", "pk")
    )


def visible_people(user) -> QuerySet[Person]:
    """People holding (or having held) a role in a committee the user may see."""
    return Person.objects.filter(in_visible_committees(user, "roles__committee")).distinct()


def visible_role_assignments(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(in_visible_committees(user)).select_related("person", "committee", "term")


@dataclass
class TreeNode:
    committee: Committee
    children: list[TreeNode] = field(default_factory=list)


def committee_tree(user) -> list[TreeNode]:
    """The visible committees as a forest: a committee whose parent is hidden becomes a root."""
    committees = list(visible_committees(user).order_by("level", "name"))
    nodes = {c.pk: TreeNode(c) for c in committees}
    roots = []
    for committee in committees:
        node = nodes[committee.pk]
        parent = nodes.get(committee.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


@dataclass
class MemberRow:
    person: Person
    assignments: list[RoleAssignment]
    portfolios: list[Portfolio]

    @property
    def is_team_member(self) -> bool:
        return any(a.role in TEAM_ROLES for a in self.assignments)


def members_on(committee: Committee, on: datetime.date | None = None) -> list[MemberRow]:
    """Who held which role (and which portfolios) on ``on``, principal leader first. Two queries."""
    on = on or timezone.localdate()
    rows: dict[int, MemberRow] = {}
    for assignment in committee.roles.on(on).select_related("person", "term"):
        row = rows.setdefault(assignment.person_id, MemberRow(assignment.person, [], []))
        row.assignments.append(assignment)
    for portfolio in committee.portfolios.on(on).filter(person_id__in=rows):
        rows[portfolio.person_id].portfolios.append(portfolio)
    for row in rows.values():
        row.assignments.sort(key=lambda a: ROLE_ORDER[a.role])
    return sorted(rows.values(), key=lambda r: (ROLE_ORDER[r.assignments[0].role], r.person.name))


def five_person_group(committee: Committee, on: datetime.date | None = None) -> list[RoleAssignment]:
    """O-4: derived from the roles held on ``on``."""
    from .rules import five_person_group as derive

    on = on or timezone.localdate()
    return derive(committee.roles.on(on).select_related("person"), on)


def role_history(committee: Committee) -> QuerySet[RoleAssignment]:
    return committee.roles.select_related("person", "term").order_by("-start_date", "role")


def person_history(user, person: Person) -> QuerySet[RoleAssignment]:
    """A person's roles, limited to the committees the user may see."""
    return person.roles.filter(in_visible_committees(user)).select_related("committee", "term").order_by("-start_date")


def rule_sets() -> QuerySet[RuleSet]:
    """Rule sets are the published rulebook: every signed-in user may read them."""
    return RuleSet.objects.prefetch_related(Prefetch("versions", queryset=RuleSetVersion.objects.order_by("-number")))


def effective_rule_set(committee: Committee) -> RuleSet | None:
    """A committee follows its own rule set, else its nearest ancestor's, else the default."""
    seen = set()
    current = committee
    while current is not None and current.pk not in seen:
        if current.rule_set_id:
            return current.rule_set
        seen.add(current.pk)
        current = current.parent
    return RuleSet.objects.filter(is_default=True).first()


def rules_in_force(committee: Committee) -> RuleSetVersion:
    """The rule set version a new record of ``committee`` is made under; refused when none applies."""
    version = current_rules(committee)
    if version is None:
        raise ValidationError(MSG_NO_RULE_SET % {"committee": committee})
    return version


def current_rules(committee: Committee) -> RuleSetVersion | None:
    """The rule-set version that applies to the committee now; record it on what you create."""
    rule_set = effective_rule_set(committee)
    return rule_set.current_version if rule_set else None
