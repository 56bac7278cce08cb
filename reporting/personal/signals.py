"""Receivers on committees' role assignments and people, connected by ``ReportingConfig.ready``.

- R-2 第六条: a person who gets a team role becomes subject to personal-matter reporting: their
  obligation (due 30 days after the role's start) is registered.
- Privacy: when an organisation-department role changes, the object permissions on the reports
  of that committee and of its children are recomputed.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from committees.actors import system_user
from committees.models import TEAM_ROLES, Person, RoleAssignment
from reporting.selectors import ORGANISATION_ROLES

from . import services
from .models import PersonalMatterReport


@receiver(post_save, sender=RoleAssignment, dispatch_uid="personal_matters_role_saved")
def role_saved(sender, instance: RoleAssignment, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if instance.role in TEAM_ROLES:
        # Whoever assigned the role (``committees.services`` names them for history) or the system.
        acting_user = getattr(instance, "_history_user", None) or system_user()
        services.register_new_cadre_obligation(instance, skip_expired=True, acting_user=acting_user)
    if instance.role in ORGANISATION_ROLES:
        services.sync_department_permissions(instance.committee)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="personal_matters_role_deleted")
def role_deleted(sender, instance: RoleAssignment, **kwargs) -> None:
    if instance.role in ORGANISATION_ROLES:
        services.sync_department_permissions(instance.committee)


@receiver(post_save, sender=Person, dispatch_uid="personal_matters_login_changed")
def login_changed(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    """A login given to (or moved from) someone already reporting or already in an organisation
    department: their report permissions follow at once, not at the nightly re-grant. The previous
    login is remembered by ``committees.signals.login_moving``."""
    if raw or getattr(instance, "_previous_user_id", None) == instance.user_id:
        return
    services.sync_report_permissions(
        PersonalMatterReport.objects.filter(cadre=instance).select_related("cadre", "committee")
    )
    departments = RoleAssignment.objects.filter(person=instance, role__in=ORGANISATION_ROLES).select_related(
        "committee"
    )
    for committee in {assignment.committee for assignment in departments}:
        services.sync_department_permissions(committee)
