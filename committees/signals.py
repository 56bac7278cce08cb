"""Keep object permissions in step with role assignments, logins and the tree, however edited; and
the to-do values kept in the cache current with every saved row."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from guardian.models import UserObjectPermission

from . import scope, todo
from .calendar import forget_official_years
from .models import CalendarYear, Committee, Person, RoleAssignment
from .permissions import sync_user_permissions


def _sync_person(person_id) -> None:
    person = Person.objects.filter(pk=person_id).select_related("user").first()
    if person is not None and person.user is not None:
        sync_user_permissions(person.user)


@receiver(pre_save, sender=RoleAssignment)
def role_moving(sender, instance: RoleAssignment, **kwargs) -> None:
    """Remember the previous holder so a reassigned role is revoked from them."""
    instance._previous_person_id = (
        RoleAssignment.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def role_changed(sender, instance: RoleAssignment, **kwargs) -> None:
    scope.changed()  # the roles held today change even when the permissions they grant do not
    _sync_person(instance.person_id)
    previous = getattr(instance, "_previous_person_id", None)
    if previous and previous != instance.person_id:
        _sync_person(previous)


@receiver(pre_save, sender=Person)
def login_moving(sender, instance: Person, **kwargs) -> None:
    instance._previous_user_id = (
        Person.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=Person)
def person_changed(sender, instance: Person, **kwargs) -> None:
    if instance.user_id != getattr(instance, "_previous_user_id", None):
        scope.changed()  # a login now acts with (or without) this person's roles
    if instance.user_id is not None:
        sync_user_permissions(instance.user)
    previous = getattr(instance, "_previous_user_id", None)
    if previous and previous != instance.user_id:
        user = type(instance).user.field.related_model.objects.filter(pk=previous).first()
        if user is not None:
            sync_user_permissions(user)


@receiver(pre_save, sender=Committee)
def committee_moving(sender, instance: Committee, **kwargs) -> None:
    instance._previous_parent_id = (
        Committee.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=Committee)
def committee_changed(sender, instance: Committee, created: bool, **kwargs) -> None:
    """A new or moved committee: its (old and new) parent's organisation department's grants change."""
    from .services import sync_overseers

    previous = getattr(instance, "_previous_parent_id", None)
    if created or previous != instance.parent_id:
        sync_overseers(instance.parent)
        if previous:
            sync_overseers(Committee.objects.filter(pk=previous).first())


@receiver(post_save, sender=UserObjectPermission)
@receiver(post_delete, sender=UserObjectPermission)
def committee_permission_changed(sender, instance: UserObjectPermission, **kwargs) -> None:
    """A permission row written by hand (the admin): kept scopes are outdated as by a role."""
    if instance.content_type_id == ContentType.objects.get_for_model(Committee).pk:
        scope.changed()


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def calendar_year_changed(sender, **kwargs) -> None:
    forget_official_years()


#: Apps whose rows never add or end a step waiting for someone (sessions saved at every log-in,
#: django-axes' access log, the admin's own log, content types).
QUIET_APPS = frozenset({"sessions", "axes", "admin", "contenttypes"})


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def rows_changed(sender, using: str = "default", **kwargs) -> None:
    """Whatever wrote it – a page, a service called by a task or a command – a change outdates the
    to-do counts and rows kept in the cache (``committees.todo``)."""
    if sender._meta.app_label in QUIET_APPS or kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # nothing that waits for anyone (a log-in records its time on the user)
    todo.rows_changed(using)
