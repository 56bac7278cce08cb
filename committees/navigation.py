"""The header's navigation: five groups of links, each shown only to the roles that use it, and on
each group how many steps wait there for the user (``committees.todo``).

"Can use" follows who the pages serve (the roles their selectors and services act for): a party
office runs meetings, petitions and periodic reports; petition staff see petitions; the
organisation department files leave and receives personal-matter reports; a delegate attends
congress meetings. A link with ``roles=None`` serves anyone holding a role today. Superusers see
every link; ``staff`` links (the admin) need ``is_staff``. The template only draws what
:func:`for_request` returns.

Cheap on every page: the roles of today come with the user's scope (``committees.scope``, kept
between requests), the links shown for a set of roles on a page are worked out once per process,
and every to-do count is one statement (``committees.todo.counts``), kept too; the rendered header
is cached per language, page and the signature of what it shows (``Navigation.signature``), so
users with the same links and counts share it.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import todo
from .models import TEAM_ROLES, Role
from .panels import roles_today

OFFICE = frozenset({Role.OFFICE_STAFF})
PRINCIPALS = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY})
ORGANISATION = frozenset({Role.ORGANIZATION_MEMBER, Role.ORGANIZATION_STAFF})
DISCIPLINE = frozenset({Role.DISCIPLINE_SECRETARY, Role.DISCIPLINE_INSPECTOR})
EVERY_ROLE_BUT_DELEGATE = frozenset(Role) - {Role.DELEGATE}


@dataclass(frozen=True)
class Link:
    url_name: str
    label: Promise
    #: Url names (or prefixes ending in "_") of the pages where this link is the current one.
    current: tuple[str, ...]
    roles: frozenset[str] | None = None
    staff: bool = False
    exclude: tuple[str, ...] = ()

    def is_current(self, url_name: str) -> bool:
        if any(url_name.startswith(prefix) for prefix in self.exclude):
            return False
        return any(url_name == c or (c.endswith("_") and url_name.startswith(c)) for c in self.current)

    def may_use(self, roles: frozenset[str], *, staff: bool, superuser: bool) -> bool:
        if self.staff:
            return staff
        if superuser:
            return True
        if self.roles is None:
            return bool(roles)
        return bool(self.roles & roles)


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    links: tuple[Link, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "meetings",
        _("Meetings"),
        (
            Link(
                "meetings_list",
                _("Meetings"),
                ("meetings_",),
                TEAM_ROLES | OFFICE | {Role.DELEGATE},
                exclude=("meetings_decision", "meetings_minutes", "meetings_public_decisions", "meetings_calendar"),
            ),
            Link(
                "meetings_calendar",
                _("Meeting calendar"),
                ("meetings_calendar",),
                TEAM_ROLES | OFFICE | {Role.DELEGATE},
            ),
            Link("meetings_decisions", _("Decisions"), ("meetings_decision",), TEAM_ROLES | OFFICE | DISCIPLINE),
            Link(
                "meetings_minutes_list",
                pgettext_lazy("meeting minutes", "Minutes"),
                ("meetings_minutes",),
                TEAM_ROLES | OFFICE,
            ),
            Link(
                "democratic_life_list",
                _("Democratic life meetings"),
                ("democratic_life_",),
                TEAM_ROLES | OFFICE | ORGANISATION | DISCIPLINE,
            ),
        ),
    ),
    Group(
        "supervision",
        _("Supervision & accountability"),
        (
            Link(
                "supervision_board",
                _("Supervision"),
                ("supervision_",),
                TEAM_ROLES | OFFICE | DISCIPLINE,
                exclude=("supervision_case", "supervision_inquir"),
            ),
            Link(
                "supervision_cases",
                _("Accountability"),
                ("supervision_case", "supervision_inquir"),
                TEAM_ROLES | OFFICE | DISCIPLINE | ORGANISATION,
            ),
            Link("evaluation_list", _("Democratic evaluations"), ("evaluation_",), EVERY_ROLE_BUT_DELEGATE),
            Link("talks_mine", _("Talks"), ("talk",), EVERY_ROLE_BUT_DELEGATE),
            Link("proposals_list", _("Delegates' proposals"), ("proposal",), PRINCIPALS | OFFICE | {Role.DELEGATE}),
            Link("openness_index", _("Openness assessment"), ("openness_",), TEAM_ROLES | OFFICE | ORGANISATION),
        ),
    ),
    Group(
        "reports",
        _("Reports & deadlines"),
        (
            Link("deadline_dashboard", _("Deadlines"), ("deadline_dashboard",)),
            Link("emergencies_list", _("Emergencies"), ("emergencies_",), TEAM_ROLES | OFFICE),
            Link("petitions_list", _("Petitions"), ("petitions_",), PRINCIPALS | OFFICE | {Role.PETITION_STAFF}),
            Link(
                "personal_report_list",
                _("Personal matters"),
                ("personal_",),
                TEAM_ROLES | ORGANISATION | DISCIPLINE,
            ),
            Link("periodic_list", _("Periodic reports"), ("periodic_",), PRINCIPALS | OFFICE | ORGANISATION),
            Link("opinions_list", _("Public opinion"), ("opinion",), TEAM_ROLES | OFFICE),
        ),
    ),
    Group(
        "people",
        _("People & leave"),
        (
            Link("committee_tree", _("Committees"), ("committee_", "person_detail", "assign_role", "end_role")),
            Link("leave_mine", _("Leave and trips"), ("leave_",), TEAM_ROLES | OFFICE | ORGANISATION),
            Link("grassroots_mine", _("Grassroots time"), ("grassroots_",), TEAM_ROLES | OFFICE | ORGANISATION),
            Link("worklog_mine", _("Work log"), ("worklog_",), TEAM_ROLES | OFFICE | ORGANISATION),
            Link("interviews_mine", _("Requested interviews"), ("interview",), EVERY_ROLE_BUT_DELEGATE),
        ),
    ),
    Group(
        "settings",
        _("Settings"),
        (
            Link("rule_set_list", _("Rule sets"), ("rule_set",)),
            Link("calendar", _("Working-day calendar"), ("calendar", "calendar_year")),
            Link("admin:index", _("Administration"), (), staff=True),
        ),
    ),
)


@dataclass(frozen=True)
class ShownLink:
    url: str
    label: str
    is_current: bool


@dataclass
class ShownGroup:
    key: str
    label: str
    links: tuple[ShownLink, ...]
    count: int = 0

    @property
    def is_current(self) -> bool:
        return any(link.is_current for link in self.links)


@dataclass
class Navigation:
    groups: list[ShownGroup] = field(default_factory=list)
    todo_count: int = 0
    is_todo_current: bool = False

    @property
    def signature(self) -> str:
        """What the rendered header depends on besides language and page: the links and counts."""
        parts = [f"{g.key}:{g.count}:" + ",".join(link.url for link in g.links) for g in self.groups]
        parts.append(f"todo:{self.todo_count}")
        return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def for_request(request) -> Navigation:
    """The groups and links this user may use, the current one marked, with the to-do counts."""
    user = request.user
    if not user.is_authenticated:
        return Navigation()
    url_name = request.resolver_match.view_name if request.resolver_match else ""
    shown = _shown_links(
        frozenset(roles_today(request)),
        user.is_staff,
        user.is_superuser,
        url_name,
        get_language(),
        get_script_prefix(),
    )
    counts = todo.cached_counts(user)
    groups = [ShownGroup(key, label, links, counts.by_group.get(key, 0)) for key, label, links in shown]
    return Navigation(groups, counts.total, url_name in ("todo", "todo_done"))


@functools.lru_cache(maxsize=2048)
def _shown_links(
    roles: frozenset[str], staff: bool, superuser: bool, url_name: str, language: str, prefix: str
) -> tuple[tuple[str, str, tuple[ShownLink, ...]], ...]:
    """(key, label, links) of the groups shown for these roles on this page: the same for everyone
    with them, so worked out once per process (``language`` and ``prefix`` – the script prefix
    ``reverse`` puts in front – make the labels and addresses of the key)."""
    shown = []
    for group in GROUPS:
        links = tuple(
            ShownLink(reverse(link.url_name), str(link.label), link.is_current(url_name))
            for link in group.links
            if link.may_use(roles, staff=staff, superuser=superuser)
        )
        if links:
            shown.append((group.key, str(group.label), links))
    return tuple(shown)


@receiver(setting_changed)
def _urls_changed(setting: str, **kwargs) -> None:
    """Other URL patterns (a test's ``override_settings(ROOT_URLCONF=…)``): addresses worked out
    under the old ones are forgotten, as Django forgets its own (``clear_url_caches``)."""
    if setting == "ROOT_URLCONF":
        _shown_links.cache_clear()
