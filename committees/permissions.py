"""Object permissions on committees, derived from role assignments (django-guardian).

Who sees what:
- anyone holding a role on a committee today sees it (``view_committee``);
- its secretary, deputy secretaries and party office staff also manage it (``change_committee``);
- the organisation member and organisation-department staff of a committee see and manage its
  child committees (the parent's organisation department oversees its children).

Guardian rows are the stored result; ``sync_user_permissions`` recomputes them from the role
history whenever a role changes, and a daily task catches roles that start or end by date.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from . import scope
from .models import Committee, Role, RoleAssignment

VIEW = "view_committee"
CHANGE = "change_committee"

MANAGING_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_STAFF})
OVERSEEING_ROLES = frozenset({Role.ORGANIZATION_MEMBER, Role.ORGANIZATION_STAFF})


def expected_permissions(user, on: datetime.date | None = None) -> set[tuple[int, str]]:
    """The (committee id, codename) pairs the user's roles on ``on`` grant."""
    on = on or timezone.localdate()
    person = getattr(user, "person", None) if user.pk else None
    if person is None:
        return set()
    grants: set[tuple[int, str]] = set()
    overseen_parents: set[int] = set()
    for committee_id, role in RoleAssignment.objects.on(on).filter(person=person).values_list("committee_id", "role"):
        grants.add((committee_id, VIEW))
        if role in MANAGING_ROLES:
            grants.add((committee_id, CHANGE))
        if role in OVERSEEING_ROLES:
            overseen_parents.add(committee_id)
    for child_id in Committee.objects.filter(parent_id__in=overseen_parents).values_list("pk", flat=True):
        grants.add((child_id, VIEW))
        grants.add((child_id, CHANGE))
    return grants


@transaction.atomic
def sync_user_permissions(user, on: datetime.date | None = None) -> tuple[int, int]:
    """Make the user's guardian rows on committees equal to what their roles grant.

    Returns (added, removed).
    """
    content_type = ContentType.objects.get_for_model(Committee)
    permissions = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    wanted = expected_permissions(user, on)
    existing = {
        (int(object_pk), codename): pk
        for pk, object_pk, codename in UserObjectPermission.objects.filter(
            user=user, content_type=content_type, permission__codename__in=(VIEW, CHANGE)
        ).values_list("pk", "object_pk", "permission__codename")
    }
    to_add = wanted - existing.keys()
    to_remove = [pk for key, pk in existing.items() if key not in wanted]
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=user, content_type=content_type, object_pk=str(committee_id), permission=permissions[codename]
            )
            for committee_id, codename in to_add
        ],
        ignore_conflicts=True,
    )
    UserObjectPermission.objects.filter(pk__in=to_remove).delete()
    if to_add or to_remove:
        scope.changed()
    return len(to_add), len(to_remove)


def sync_all_permissions(on: datetime.date | None = None) -> int:
    """Daily: roles begin and end by date, so recompute everyone's committee permissions."""
    users = get_user_model().objects.filter(person__isnull=False)
    for user in users.iterator():
        sync_user_permissions(user, on)
    return users.count()
