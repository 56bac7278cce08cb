"""Public opinion (X-1): the entries and their way from the source to the party office and back."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, RecordedBy, RuleVersioned


class ReporterKind(models.TextChoices):
    """第五条: who reflects an opinion – citizens, legal persons and organisations."""

    CITIZEN = "citizen", _("Citizen")
    LEGAL_PERSON = "legal_person", _("Legal person")
    ORGANISATION = "organisation", _("Organisation")


class OpinionChannel(models.TextChoices):
    """第十八条: letters, telephone, the internet, visits."""

    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Telephone")
    INTERNET = "internet", _("Internet")
    VISIT = "visit", _("Visit")


class OpinionTopic(models.TextChoices):
    """第六–十二条: what public opinion covers."""

    POLICY = "policy", _("Reactions to major policies of higher levels")
    DEVELOPMENT = "development", _("Problems of economic and social development, with causes and remedies")
    FORESIGHT = "foresight", _("Warnings and forward-looking suggestions")
    EMERGENCY = "emergency", _("Causes of and remedies for major emergencies")
    LIVELIHOOD = "livelihood", _("People's livelihood and matters of wide concern")
    GROUP_INTEREST = "group_interest", _("Interests of social groups needing policy solutions")
    OTHER = "other", _("Other matters")


class OpinionState(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    SCREENED_OUT = "screened_out", _("Screened out")
    SUBMITTED = "submitted", _("Sent to the party office")
    ANALYSED = "analysed", _("Analysed")
    DECIDED = "decided", _("Adoption decided")
    ANSWERED = "answered", _("Source told")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


#: The states in which an entry is with the party office (sent, and not yet answered back).
WITH_THE_OFFICE = (OpinionState.SUBMITTED, OpinionState.ANALYSED, OpinionState.DECIDED)


class OpinionEntry(RecordedBy, RuleVersioned):
    """One piece of public opinion, collected by ``source`` (a unit under ``committee``, or the
    committee itself for its own departments) for ``committee``'s party office."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="opinion_entries", verbose_name=_("party committee")
    )
    source = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("collected by"))
    source_detail = models.CharField(
        _("department or contact"), max_length=100, blank=True, help_text=_("The department, or who collected it.")
    )
    reporter_kind = models.CharField(_("reflected by"), max_length=15, choices=ReporterKind.choices)
    reporter = models.CharField(_("name of who reflected it"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=OpinionChannel.choices)
    topic = models.CharField(_("topic"), max_length=15, choices=OpinionTopic.choices)
    received_on = models.DateField(_("received on"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    state = models.CharField(_("state"), max_length=15, choices=OpinionState.choices, default=OpinionState.COLLECTED)
    verification = models.TextField(_("verification"), blank=True)
    screened_reason = models.TextField(_("why screened out"), blank=True)
    submitted_on = models.DateField(_("sent on"), null=True, blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    proposal = models.TextField(_("proposal"), blank=True)
    adoption = models.CharField(_("adoption"), max_length=15, choices=Adoption.choices, blank=True)
    adoption_note = models.TextField(_("how it is adopted, or why not"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the source"), blank=True)
    answered_on = models.DateField(_("source told on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public opinion entry")
        verbose_name_plural = _("public opinion entries")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["committee", "received_on"], name="opinion_committee_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="collected") | Q(state="screened_out") | Q(submitted_on__isnull=False),
                name="opinion_sent_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["decided", "answered"]) | (Q(decided_on__isnull=False) & ~Q(adoption="")),
                name="opinion_decided_says_how",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | (Q(answered_on__isnull=False) & ~Q(feedback="")),
                name="opinion_answered_says_what",
            ),
        ]

    def __str__(self) -> str:
        return self.title
