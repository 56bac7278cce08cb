"""S-1: every binding decision gets a supervision item, without meetings knowing about supervision
(the apps depend one way: meetings ← supervision)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from committees.actors import system_user
from meetings.models import Decision

from .services import create_items_for_decision


@receiver(post_save, sender=Decision)
def decision_made(sender, instance: Decision, created: bool, **kwargs) -> None:
    if created:
        # After the decision's transaction: its responsible members are set by then.
        transaction.on_commit(
            lambda: create_items_for_decision(Decision.objects.get(pk=instance.pk), acting_user=system_user())
        )
