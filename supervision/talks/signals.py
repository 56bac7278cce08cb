"""X-3: the must-talk occasions the system knows of, without the apps that record the events
knowing about talks (committees and reporting ← supervision): a role taken up or left, a
personal-matter report found untruthful. An error here is logged; it never stops the event."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext

from committees.actors import system_user
from committees.models import RoleAssignment
from reporting.personal.models import PersonalMatterReport

from . import services
from .models import Trigger

logger = logging.getLogger(__name__)


def _after_commit(action, what: str) -> None:
    def run() -> None:
        try:
            with transaction.atomic():
                action()
        except Exception:
            logger.exception("X-3: no must-talk occasion for %s", what)

    transaction.on_commit(run)


@receiver(post_save, sender=RoleAssignment)
def role_changed(sender, instance: RoleAssignment, created: bool, update_fields=None, **kwargs) -> None:
    ended = not created and instance.end_date is not None and (update_fields is None or "end_date" in update_fields)
    if not (created or ended):
        return
    pk = instance.pk
    _after_commit(
        lambda: services.on_role_change(
            RoleAssignment.objects.get(pk=pk), created=created, ended=ended, acting_user=system_user()
        ),
        f"role assignment {pk}",
    )


@receiver(post_save, sender=PersonalMatterReport)
def report_marked(sender, instance: PersonalMatterReport, update_fields=None, **kwargs) -> None:
    if not instance.is_untruthful or (update_fields is not None and "is_untruthful" not in update_fields):
        return
    report_pk = instance.pk

    def open_occasion() -> None:
        report = PersonalMatterReport.objects.select_related("committee", "cadre").get(pk=report_pk)
        services.open_must_talk(
            committee=report.committee,
            person=report.cadre,
            trigger=Trigger.INTEGRITY,
            reason=gettext("Personal-matter report found untruthful"),
            acting_user=system_user(),
        )

    _after_commit(open_occasion, f"personal-matter report {report_pk}")
