"""Delegates' proposals (M-C4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RuleVersioned


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted as a proposal")
    CONVERTED = "converted", _("Converted into a suggestion")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Not satisfied")


class Proposal(RuleVersioned):
    """A delegate's proposal to ``committee``'s party congress annual session of ``year``."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="proposals", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("annual session of"))
    author = models.ForeignKey(Person, models.PROTECT, related_name="proposals", verbose_name=_("author"))
    cosigners = models.ManyToManyField(Person, related_name="proposals_cosigned", verbose_name=_("co-signers"))
    title = models.CharField(_("title"), max_length=200)
    reasons = models.TextField(_("reasons"))
    suggestions = models.TextField(_("suggested measures"))
    submitted_at = models.DateTimeField(_("submitted at"))
    state = models.CharField(_("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.SUBMITTED)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    satisfaction = models.CharField(_("author's satisfaction"), max_length=15, choices=Satisfaction.choices, blank=True)
    satisfaction_note = models.TextField(_("author's comment"), blank=True)
    history = HistoricalRecords(m2m_fields=[cosigners])

    class Meta:
        verbose_name = _("delegates' proposal")
        verbose_name_plural = _("delegates' proposals")
        ordering = ["-year", "submitted_at", "pk"]
        indexes = [models.Index(fields=["committee", "year"], name="proposal_committee_year")]

    def __str__(self) -> str:
        return self.title
