"""Supervision of implementation (督查督办, DOMAIN.md S-1..S-6): items, urging, feedback, review,
inspections. The workflow itself lives in rules.py (S-2 table) and services.py."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RuleVersioned


class SourceKind(models.TextChoices):
    """S-1: where a supervision item comes from."""

    COMMITTEE_DECISION = "committee_decision", _("Committee decision")
    HIGHER_INSTRUCTION = "higher_instruction", _("Instruction from a higher level")
    LEADER_INSTRUCTION = "leader_instruction", _("Leader's written instruction")
    MEETING_RESOLUTION = "meeting_resolution", _("Meeting resolution")
    MEDIA_CRITICISM = "media_criticism", _("Media criticism")
    MAILBOX = "mailbox", _("Public opinion mailbox")
    PETITION = "petition", _("Petition")
    RULE_EXECUTION = "rule_execution", _("Execution of institutional rules")
    CONGRESS_PROPOSAL = "congress_proposal", _("Party congress delegates' proposal")
    OTHER = "other", _("Other")


class ItemState(models.TextChoices):
    """S-2: the workflow states, in order."""

    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    FEEDBACK = "feedback", _("Feedback submitted")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed and archived")


class SupervisionItem(RuleVersioned):
    """A supervision item (督查事项). ``committee`` is the committee that supervises it."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="supervision_items", verbose_name=_("committee")
    )
    source_kind = models.CharField(_("source"), max_length=30, choices=SourceKind.choices)
    source_content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    matter = models.TextField(_("matter"))
    basis = models.TextField(_("basis"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    unit_committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="undertaken_supervision_items",
        verbose_name=_("undertaking committee"),
    )
    unit_name = models.CharField(_("undertaking department"), max_length=200, blank=True)
    responsible_person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible person")
    )
    leader_in_charge = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("leader in charge")
    )
    feedback_deadline = models.DateField(_("feedback deadline"))
    state = models.CharField(_("state"), max_length=20, choices=ItemState.choices, default=ItemState.REGISTERED)
    registered_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    leader_instruction = models.TextField(_("principal leader's instruction"), blank=True)
    is_instruction_handled = models.BooleanField(_("instruction handled"), default=False)
    closing_report = models.TextField(_("closing report"), blank=True)
    reported_to = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("results reported to")
    )
    closed_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed and archived at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["feedback_deadline", "pk"]
        indexes = [
            models.Index(fields=["committee", "state", "feedback_deadline"], name="supervision_board"),
            models.Index(fields=["feedback_deadline", "id"], name="supervision_list_order"),
            # The principal leader's approval inbox: registered items, oldest first.
            models.Index(fields=["committee", "state", "registered_at", "id"], name="supervision_registered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_committee__isnull=False) | ~Q(unit_name=""), name="supervision_item_has_unit"
            ),
            models.CheckConstraint(condition=~Q(matter=""), name="supervision_item_has_matter"),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(closing_report=""), name="supervision_item_closed_has_report"
            ),
            models.UniqueConstraint(
                fields=["source_content_type", "source_object_id"],
                condition=Q(source_kind="committee_decision"),
                name="supervision_one_item_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.matter[:80]

    @property
    def undertaking_unit(self) -> str:
        return self.unit_committee.name if self.unit_committee_id else self.unit_name

    @property
    def has_instruction_to_handle(self) -> bool:
        """S-2: the principal leader's instruction is handled before archiving."""
        return bool(self.leader_instruction) and not self.is_instruction_handled


class SupervisionWaiver(models.Model):
    """S-1: a committee decision deliberately not supervised – only with a reason."""

    decision = models.OneToOneField(
        "meetings.Decision", models.PROTECT, related_name="supervision_waiver", verbose_name=_("decision")
    )
    reason = models.TextField(_("reason"))
    waived_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("waived by"))
    waived_at = models.DateTimeField(_("waived at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision waiver")
        verbose_name_plural = _("supervision waivers")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="supervision_waiver_has_reason")]

    def __str__(self) -> str:
        return f"{self.decision} · {self.reason[:40]}"


class UrgingRecord(models.Model):
    """S-2 催办: each contact the office makes to follow progress."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="urgings", verbose_name=_("item"))
    contact = models.CharField(_("contact"), max_length=200)
    contacted_on = models.DateField(_("date"))
    content = models.TextField(_("content"))
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("urging record")
        verbose_name_plural = _("urging records")
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contacted_on} · {self.contact}"


class Feedback(models.Model):
    """S-2 反馈: the unit's written report; if unfinished, why and when it reports next."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="feedbacks", verbose_name=_("item"))
    content = models.TextField(_("written feedback"))
    attachment = models.FileField(_("attachment"), upload_to="supervision/feedback/%Y/", blank=True)
    is_finished = models.BooleanField(_("finished"), default=True)
    unfinished_reason = models.TextField(_("why it is not finished"), blank=True)
    next_report_date = models.DateField(_("next progress report by"), null=True, blank=True)
    submitted_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_finished=True) | (~Q(unfinished_reason="") & Q(next_report_date__isnull=False)),
                name="supervision_unfinished_feedback_explained",
            )
        ]

    def __str__(self) -> str:
        return self.content[:60]


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("supervision review", "Rejected")


class Review(models.Model):
    """S-2 审核: the office accepts the feedback, or rejects it with opinions and a new deadline."""

    item = models.ForeignKey(SupervisionItem, models.PROTECT, related_name="reviews", verbose_name=_("item"))
    feedback = models.OneToOneField(Feedback, models.PROTECT, related_name="review", verbose_name=_("feedback"))
    outcome = models.CharField(
        pgettext_lazy("supervision review", "outcome"), max_length=10, choices=ReviewOutcome.choices
    )
    opinions = models.TextField(_("opinions"), blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    reviewed_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["reviewed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="accepted") | (~Q(opinions="") & Q(new_deadline__isnull=False)),
                name="supervision_rejection_has_opinions_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"


class InspectionResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("inspection result", "Passed")
    FAILED = "failed", pgettext_lazy("inspection result", "Failed")


class Inspection(RuleVersioned):
    """A check of a unit (S-3..S-6). ``committee`` is the inspecting committee."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="inspections", verbose_name=_("committee"))
    item = models.ForeignKey(
        SupervisionItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("supervision item"),
    )
    unit_committee = models.ForeignKey(
        Committee, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("inspected committee")
    )
    unit_name = models.CharField(_("inspected department"), max_length=200, blank=True)
    period_start = models.DateField(pgettext_lazy("inspection", "period from"))
    period_end = models.DateField(pgettext_lazy("inspection", "period to"))
    inspected_on = models.DateField(_("inspected on"))
    result = models.CharField(_("result"), max_length=10, choices=InspectionResult.choices)
    problems = models.TextField(_("problems found"), blank=True)
    leader_in_charge = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("leader in charge")
    )
    unit_head = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit head")
    )
    person_concerned = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person concerned")
    )
    rectification_report = models.TextField(_("rectification report"), blank=True)
    rectification_reported_at = models.DateTimeField(_("rectification reported at"), null=True, blank=True)
    reported_to = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("results reported to")
    )
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_committee__isnull=False) | ~Q(unit_name=""), name="inspection_has_unit"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="inspection_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.undertaking_unit} · {self.inspected_on} · {self.get_result_display()}"

    @property
    def undertaking_unit(self) -> str:
        return self.unit_committee.name if self.unit_committee_id else self.unit_name

    @property
    def unit_key(self) -> tuple:
        return (self.unit_committee_id, "" if self.unit_committee_id else self.unit_name.strip())


# ------------------------------------------------------------------------------ accountability


# ------------------------------------------------------------------------------ accountability


class AccountabilityGround(models.TextChoices):
    """A-2: the 11 grounds of 001 责任追究(二) and the 8 cases of 003 重大事项 五(二)."""

    NO_DECISION_PROCEDURE = "no_decision_procedure", _("Deciding without the required procedure (001 (二)1)")
    HIGHER_DECISION_NOT_DONE = "higher_decision_not_done", _("Higher-level decisions not completed on time (001 (二)2)")
    SUPERVISION_ITEM_FAILED = (
        "supervision_item_failed",
        _("Supervision item or leader's instruction not completed on time (001 (二)3)"),
    )
    EMERGENCY_NOT_REPORTED = "emergency_not_reported", _("Emergency not handled or reported in time (001 (二)4)")
    INSTRUCTION_REFUSED = "instruction_refused", _("Higher instructions refused or poorly executed (001 (二)5)")
    INACTION = "inaction", _("Inaction or misconduct within one's duties (001 (二)6)")
    FALSIFICATION = "falsification", _("Falsification or exaggeration (001 (二)7)")
    RATED_POOR = "rated_poor", _("Rated poor or incompetent in the annual assessment (001 (二)8)")
    PETITION_MISHANDLED = "petition_mishandled", _("Petitions or complaints not handled as required (001 (二)9)")
    BASIC_RULES_MISSING = "basic_rules_missing", _("Basic institutional rules not set up or not applied (001 (二)10)")
    OTHER_FAULT = "other_fault", _("Other fault calling for accountability (001 (二)11)")
    INDIVIDUAL_DECISION = (
        "individual_decision",
        _("Collective matter decided by one or a few, or emergency decision not reported afterwards (003 五(二)1)"),
    )
    UNLAWFUL_DECISION = "unlawful_decision", _("Collective decision contrary to law or party rules (003 五(二)2)")
    BLIND_DECISION = "blind_decision", _("Blind decision without investigation (003 五(二)3)")
    FALSE_INFORMATION = "false_information", _("False information given to the team (003 五(二)4)")
    DECISION_NOT_EXECUTED = "decision_not_executed", _("Collective decision not executed or changed (003 五(二)5)")
    LOSS_NOT_REPORTED = "loss_not_reported", _("Possible loss not reported or corrected (003 五(二)6)")
    OVERSIGHT_SILENT = "oversight_silent", _("Supervisor silent about a violation (003 五(二)7)")
    OTHER_DECISION_BREACH = "other_decision_breach", _("Other breach of collective decision-making (003 五(二)8)")


class Mitigation(models.TextChoices):
    """A-5 (001 (七)): found and corrected by oneself → lighter, reduced or no pursuit."""

    NONE = "none", _("No mitigation")
    LIGHTER = "lighter", _("Lighter")
    REDUCED = "reduced", _("Reduced")
    EXEMPT = "exempt", _("No pursuit")


class AccountabilityCase(RuleVersioned):
    """A-1..A-5: an accountability case (责任追究) against a team or an individual."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="accountability_cases", verbose_name=_("committee")
    )
    subject_committee = models.ForeignKey(
        Committee, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team concerned")
    )
    subject_person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person concerned")
    )
    ground = models.CharField(_("ground"), max_length=40, choices=AccountabilityGround.choices)
    facts = models.TextField(_("facts"))
    source_content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    is_self_corrected = models.BooleanField(_("found and corrected by oneself"), default=False)
    mitigation = models.CharField(_("mitigation"), max_length=10, choices=Mitigation.choices, default=Mitigation.NONE)
    mitigation_note = models.TextField(_("mitigation note"), blank=True)
    is_referred_to_judicial = models.BooleanField(_("referred to judicial organs"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    opened_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_committee__isnull=False, subject_person__isnull=True)
                | Q(subject_committee__isnull=True, subject_person__isnull=False),
                name="accountability_case_one_subject",
            ),
            models.CheckConstraint(condition=~Q(facts=""), name="accountability_case_has_facts"),
            models.CheckConstraint(
                condition=Q(mitigation="none") | (Q(is_self_corrected=True) & ~Q(mitigation_note="")),
                name="accountability_mitigation_self_corrected_with_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_ground_display()}"

    @property
    def is_team(self) -> bool:
        return self.subject_committee_id is not None

    @property
    def subject(self):
        return self.subject_committee if self.is_team else self.subject_person


class ResponsibilityDegree(models.TextChoices):
    MAIN = "main", _("Main responsibility")
    SECONDARY = "secondary", _("Secondary responsibility")


class LeadershipPosition(models.TextChoices):
    PRINCIPAL = "principal", _("Principal leader")
    IN_CHARGE = "in_charge", _("Leader in charge")
    OTHER = "other", _("Other person")


class Responsibility(models.Model):
    """A-3 (001 (三)): who bears main and who secondary responsibility."""

    case = models.ForeignKey(
        AccountabilityCase, models.CASCADE, related_name="responsibilities", verbose_name=_("case")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("person"))
    position = models.CharField(_("position"), max_length=10, choices=LeadershipPosition.choices)
    degree = models.CharField(_("responsibility"), max_length=10, choices=ResponsibilityDegree.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["degree", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="accountability_one_share_per_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_degree_display()}"


class SanctionKind(models.TextChoices):
    """A-4: the 5 team sanctions (001 (四)) and the 7 individual ones (001 (五))."""

    TEAM_ADMONISHMENT = "team_admonishment", _("Collective admonishment talk")
    TEAM_CRITICISM = "team_criticism", _("Circulated criticism of the team")
    TEAM_NO_AWARDS = "team_no_awards", _("Team loses the year's award eligibility")
    TEAM_RATED_POOR = "team_rated_poor", _("Team rated poor")
    TEAM_ORGANISATIONAL = "team_organisational", _("Organisational handling of the team")
    ADMONISHMENT = "admonishment", _("Admonishment talk")
    SELF_EXAMINATION = "self_examination", _("Written self-examination")
    CRITICISM = "criticism", _("Circulated criticism")
    NO_AWARDS = "no_awards", _("Loses the year's award eligibility")
    RATED_INCOMPETENT = "rated_incompetent", _("Rated incompetent")
    ORGANISATIONAL = "organisational", _("Organisational handling")
    PARTY_DISCIPLINE = "party_discipline", _("Party-discipline sanction")


TEAM_SANCTIONS = frozenset(k for k in SanctionKind.values if k.startswith("team_"))
INDIVIDUAL_SANCTIONS = frozenset(SanctionKind.values) - TEAM_SANCTIONS
#: A-4 / S-4: sanctions that remove the year's award eligibility.
NO_AWARD_SANCTIONS = frozenset({SanctionKind.TEAM_NO_AWARDS, SanctionKind.NO_AWARDS})


class Sanction(models.Model):
    """A-4: one sanction of a case; several may be combined (单处/并处)."""

    case = models.ForeignKey(AccountabilityCase, models.CASCADE, related_name="sanctions", verbose_name=_("case"))
    kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="accountability_sanction_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class InquiryOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    CLEAR = "clear", _("Explained clearly")
    UNCLEAR = "unclear", _("Not clear – second inquiry")
    NO_REPLY = "no_reply", _("No reply or refused – organisational handling")


class LetterInquiry(RuleVersioned):
    """A-7 函询: a written inquiry to a cadre, with a reply deadline from the rule set."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="letter_inquiries", verbose_name=_("committee")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("person inquired"))
    case = models.ForeignKey(
        AccountabilityCase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("accountability case"),
    )
    previous = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="follow_up", verbose_name=_("previous inquiry")
    )
    letter = models.TextField(_("letter"))
    sent_on = models.DateField(_("sent on"))
    reply_due_on = models.DateField(_("reply due on"))
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    is_refused = models.BooleanField(_("reply refused"), default=False)
    outcome = models.CharField(
        pgettext_lazy("inquiry", "outcome"),
        max_length=10,
        choices=InquiryOutcome.choices,
        default=InquiryOutcome.PENDING,
    )
    is_flagged = models.BooleanField(_("flagged for organisational handling"), default=False)
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    sent_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("sent by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written inquiry")
        verbose_name_plural = _("written inquiries")
        ordering = ["reply_due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(letter=""), name="letter_inquiry_has_letter"),
            models.CheckConstraint(
                condition=Q(reply_due_on__gte=models.F("sent_on")), name="letter_inquiry_due_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(is_flagged=False) | Q(outcome="no_reply"), name="letter_inquiry_flag_means_no_reply"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.sent_on}"


# ..A-10 live in their own package; imported here so Django sees the models.
from supervision.evaluation import models as evaluation  # noqa: E402, F401
from supervision.proposals import models as proposals  # noqa: E402, F401
from supervision.talks import models as talks  # noqa: E402, F401
