"""A signed-in user's scope: the committees they see and manage, and the roles they hold today –
what every page asks before it reads anything (issue 19).

The committees come from the guardian rows ``committees.permissions`` derives from roles; the roles
are today's role assignments of the user's person. Both change only when a role, a person's login,
the committee tree or a permission row changes, or when the day ends. So the scope is read once per
request (kept on the user object) and kept in the shared cache per user and day, under a stamp that
every such change replaces (``changed``):

- at once, so the process that made the change – and a test inside its transaction – reads the
  new scope on its next request;
- again when the transaction commits, so another worker that read the old rows meanwhile and kept
  them under the first new stamp does not keep them past the commit.

A page answered from the kept scope therefore changes on the first request after a role is granted
or revoked. The cache is a copy: a Redis that is down or empty only costs the two queries again;
``DANGWEI_SCOPE_SECONDS`` bounds how long a kept scope lives (0: nothing is kept across requests).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

#: Replaced by every change of roles, logins, the tree or committee permissions (``changed``).
STAMP_KEY = "scope-stamp"
#: Bumped in this process by ``changed``: the scope kept on a user object is read again.
_generation = 0


@dataclass(frozen=True)
class Scope:
    """``view``/``change``: ids of the committees the user sees / manages (``None`` for a
    superuser: all of them); ``roles``: role → ids of the committees where the user holds it today."""

    view: frozenset[int] | None
    change: frozenset[int] | None
    roles: Mapping[str, frozenset[int]]

    def holding(self, roles: Iterable[str]) -> frozenset[int]:
        """Ids of the committees where the user holds any of ``roles`` today."""
        return frozenset().union(*(self.roles.get(role, frozenset()) for role in roles))


NOBODY = Scope(frozenset(), frozenset(), {})


def changed() -> None:
    """Roles, a login, the tree or permission rows changed: every kept scope is outdated now and
    again when the surrounding transaction commits (see the module's docstring)."""
    global _generation
    _generation += 1
    _new_stamp()
    transaction.on_commit(_new_stamp)


def _new_stamp() -> None:
    cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None)


def of(user, on: datetime.date | None = None) -> Scope:
    """The user's scope on ``on`` (today: read once per request, kept; another day: read)."""
    if not user.is_authenticated:
        return NOBODY
    today = timezone.localdate()
    if on is not None and on != today:
        return _read(user, on)
    generation, day, scope = user.__dict__.get("_dangwei_scope", (None, None, None))
    if generation != _generation or day != today:
        scope = _kept(user, today)
        user.__dict__["_dangwei_scope"] = (_generation, today, scope)
    return scope


def _kept(user, day: datetime.date) -> Scope:
    seconds = settings.DANGWEI_SCOPE_SECONDS
    if seconds <= 0:
        return _read(user, day)
    key = f"scope:{user.pk}:{day.isoformat()}"
    found = cache.get_many([STAMP_KEY, key])
    stamp, entry = found.get(STAMP_KEY), found.get(key)
    if stamp is not None and entry is not None and entry[0] == stamp:
        return entry[1]
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(STAMP_KEY)
    # The stamp is read before the rows: a change committed meanwhile replaces it, so what is read
    # here is kept under a stamp that is already old.
    scope = _read(user, day)
    if stamp is not None:
        cache.set(key, (stamp, scope), timeout=seconds)
    return scope


def _read(user, day: datetime.date) -> Scope:
    """Two queries: the committee permission rows, and the person's roles on ``day``."""
    from guardian.models import UserObjectPermission

    from . import permissions
    from .models import Committee, RoleAssignment

    roles: dict[str, set[int]] = {}
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is not None:
        held = RoleAssignment.objects.on(day).filter(person_id=person_id)
        for committee_id, role in held.values_list("committee_id", "role"):
            roles.setdefault(role, set()).add(committee_id)
    frozen_roles = {role: frozenset(ids) for role, ids in roles.items()}
    if user.is_superuser:
        return Scope(None, None, frozen_roles)
    ids: dict[str, set[int]] = {permissions.VIEW: set(), permissions.CHANGE: set()}
    rows = UserObjectPermission.objects.filter(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(Committee),
        permission__codename__in=(permissions.VIEW, permissions.CHANGE),
    ).values_list("object_pk", "permission__codename")
    for object_pk, codename in rows:
        ids[codename].add(int(object_pk))
    return Scope(frozenset(ids[permissions.VIEW]), frozenset(ids[permissions.CHANGE]), frozen_roles)
