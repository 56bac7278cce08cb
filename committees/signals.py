"""Keep object permissions in step with role assignments and logins, however they are edited."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Person, RoleAssignment
from .permissions import sync_user_permissions


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def role_changed(sender, instance: RoleAssignment, **kwargs) -> None:
    person = Person.objects.filter(pk=instance.person_id).select_related("user").first()
    if person is not None and person.user is not None:
        sync_user_permissions(person.user)


@receiver(post_save, sender=Person)
def person_changed(sender, instance: Person, **kwargs) -> None:
    if instance.user_id is not None:
        sync_user_permissions(instance.user)
