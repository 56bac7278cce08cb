"""Petitions (信访件): leaders receiving petitioners, transfer, answer within 60 days (P-1..P-5).

DOMAIN.md section 7; seed 003 《领导干部公开接待群众来访制度》 and 《社情民意》 第十六条.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RuleVersioned


class ReceptionType(models.TextChoices):
    """P-1: the three ways leaders receive petitioners (003 接待群众来访 一)."""

    SCHEDULED = "scheduled", _("Scheduled reception at a fixed place")  # 定点接访
    APPOINTMENT = "appointment", _("Appointment for hard or repeated cases")  # 重点约访
    ON_SITE = "on_site", _("On-site visit to where the problem arose")  # 带案下访


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRANSFERRED = "transferred", _("Transferred")
    ANSWERED = "answered", _("Answered")


class ToldBy(models.TextChoices):
    """How the petitioner was told the reason for an extension (P-3)."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    LETTER = "letter", _("In writing")
    TEXT_MESSAGE = "text_message", _("By text message")


def late_q(now: datetime.datetime) -> Q:
    """Overdue: answered after the (possibly extended) due time, or still open past it (P-3)."""
    return Q(answered_at__isnull=False, answered_at__gt=F("due_at")) | Q(answered_at__isnull=True, due_at__lt=now)


class PetitionQuerySet(models.QuerySet):
    def overdue(self, now: datetime.datetime | None = None) -> PetitionQuerySet:
        return self.filter(late_q(now or timezone.now()))

    def on_time(self, now: datetime.datetime | None = None) -> PetitionQuerySet:
        return self.exclude(late_q(now or timezone.now()))


class Petition(RuleVersioned):
    """A visit recorded by a receiving leader (P-2), transferred to the responsible unit and
    answered at once or within the time limit of P-3."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="petitions", verbose_name=_("committee"))
    reception_type = models.CharField(_("reception type"), max_length=20, choices=ReceptionType.choices)
    received_at = models.DateTimeField(_("received at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    receiving_leader = models.ForeignKey(
        Person, models.PROTECT, related_name="petitions_received", verbose_name=_("receiving leader")
    )
    content = models.TextField(_("content of the petition"))
    state = models.CharField(_("state"), max_length=12, choices=PetitionState.choices, default=PetitionState.RECEIVED)
    # P-2: the leader's instruction (批示) and the transfer to the responsible unit.
    instruction = models.TextField(_("leader's instruction"), blank=True)
    responsible_committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions_handled",
        verbose_name=_("responsible committee"),
    )
    responsible_department = models.CharField(
        _("responsible department"), max_length=100, blank=True, help_text=_("When the unit is not a committee.")
    )
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    transferred_by = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions_transferred",
        verbose_name=_("transferred by"),
    )
    # P-3: answered at once, or by the due time (null only for a case answered at once).
    is_answered_at_once = models.BooleanField(_("answered at once"), default=False)
    due_at = models.DateTimeField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions_answered",
        verbose_name=_("answer recorded by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["committee", "received_at"], name="petition_committee_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_answered_at_once=True, due_at__isnull=True)
                | Q(is_answered_at_once=False, due_at__isnull=False),
                name="petition_due_unless_answered_at_once",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="answered_petition_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(state="answered") | Q(answered_at__isnull=True),
                name="open_petition_has_no_answer_time",
            ),
            models.CheckConstraint(
                condition=Q(responsible_committee__isnull=True) | Q(responsible_department=""),
                name="petition_one_responsible_unit",
            ),
            models.CheckConstraint(
                condition=~Q(state="transferred")
                | (
                    Q(transferred_at__isnull=False)
                    & (Q(responsible_committee__isnull=False) | ~Q(responsible_department=""))
                ),
                name="transferred_petition_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("received_at")),
                name="petition_answered_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        received = timezone.localtime(self.received_at).date().isoformat() if self.received_at else ""
        summary = self.content[:30] + ("…" if len(self.content) > 30 else "")
        return f"{received} {summary}".strip()

    @property
    def is_answered(self) -> bool:
        return self.state == PetitionState.ANSWERED

    @property
    def responsible_unit(self) -> str:
        if self.responsible_committee_id:
            return self.responsible_committee.name
        return self.responsible_department

    @property
    def is_overdue(self) -> bool:
        """Answered after the (possibly extended) due time, or still open past it (P-3)."""
        if self.due_at is None:
            return False
        return (self.answered_at or timezone.now()) > self.due_at


class Petitioner(models.Model):
    """A person who came with the petition; a group chooses representatives (P-5)."""

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="petitioners", verbose_name=_("petition"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    id_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    is_representative = models.BooleanField(_("representative"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        ordering = ["petition", "-is_representative", "pk"]

    def __str__(self) -> str:
        return self.name


class PetitionExtension(RuleVersioned):
    """P-3: a complex case's time limit extended, with the reason told to the petitioner."""

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="extensions", verbose_name=_("petition"))
    number = models.PositiveSmallIntegerField(_("extension number"))
    days = models.PositiveSmallIntegerField(_("days added"))
    reason = models.TextField(_("reason"))
    previous_due_at = models.DateTimeField(_("previously due by"))
    new_due_at = models.DateTimeField(_("now due by"))
    petitioner_told_on = models.DateField(_("petitioner told on"))
    petitioner_told_how = models.CharField(_("petitioner told"), max_length=20, choices=ToldBy.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petition extension")
        verbose_name_plural = _("petition extensions")
        ordering = ["petition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "number"], name="unique_petition_extension_number"),
            models.CheckConstraint(condition=Q(days__gt=0), name="petition_extension_adds_days"),
            models.CheckConstraint(condition=~Q(reason=""), name="petition_extension_has_reason"),
            models.CheckConstraint(
                condition=Q(new_due_at__gt=F("previous_due_at")), name="petition_extension_moves_due_later"
            ),
        ]

    def __str__(self) -> str:
        return _("Extension %(number)s of %(petition)s") % {"number": self.number, "petition": self.petition}
