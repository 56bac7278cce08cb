"""Keep object permissions in step with role assignments, however they are edited."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RoleAssignment
from .permissions import sync_user_permissions


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def role_changed(sender, instance: RoleAssignment, **kwargs) -> None:
    user_id = instance.person.user_id if instance.person_id else None
    if user_id is None:
        return

    def sync() -> None:
        user = type(instance.person).user.field.related_model.objects.filter(pk=user_id).first()
        if user is not None:
            sync_user_permissions(user)

    transaction.on_commit(sync)
