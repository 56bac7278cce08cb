"""Receivers on committees' role assignments (connected by the import at the bottom of models.py).

- R-2 第六条: a person who gets a team role becomes subject to personal-matter reporting: their
  obligation (due 30 days after the role's start) is registered.
- Privacy: when an organisation-department role changes, the object permissions on the reports
  of that committee and of its children are recomputed.

Only ``committees.models`` is imported at module level: this module is loaded while the
reporting app's models are being imported, so services are imported inside the receivers.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from committees.models import TEAM_ROLES, Role, RoleAssignment

ORGANISATION_ROLES = frozenset({Role.ORGANIZATION_STAFF, Role.ORGANIZATION_MEMBER})


@receiver(post_save, sender=RoleAssignment, dispatch_uid="personal_matters_role_saved")
def role_saved(sender, instance: RoleAssignment, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from . import services

    if instance.role in TEAM_ROLES:
        services.register_new_cadre_obligation(instance, skip_expired=True)
    if instance.role in ORGANISATION_ROLES:
        services.sync_department_permissions(instance.committee)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="personal_matters_role_deleted")
def role_deleted(sender, instance: RoleAssignment, **kwargs) -> None:
    if instance.role in ORGANISATION_ROLES:
        from . import services

        services.sync_department_permissions(instance.committee)
