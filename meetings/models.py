"""Meetings of a committee's bodies: notices, agenda, attendance, quorum, stances, recusal and
emergencies handled without a meeting.

DOMAIN.md section 2: M-N1..M-N5, M-Q1..M-Q6, M-D1..M-D4, M-E1, M-C1..M-C3, M-M1; O-4, O-5.
Workflows live in ``services.py``; the rule arithmetic in ``rules.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Body, Committee, Person, RecordedBy, RuleVersioned
from committees.phrases import render

from . import ballot_seal

#: M-M5: the refusal of every delete of the meeting archive.
MSG_ARCHIVE_NEVER_DELETED = _("The meeting archive is kept permanently: it is never deleted.")


class NeverDeletedQuerySet(models.QuerySet):
    """M-M5: the archive is kept permanently – bulk deletes are refused too."""

    def delete(self):
        from committees.rules import RuleViolation

        raise RuleViolation("M-M5", str(MSG_ARCHIVE_NEVER_DELETED))


class NeverDeleted(models.Model):
    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        from committees.rules import RuleViolation

        raise RuleViolation("M-M5", str(MSG_ARCHIVE_NEVER_DELETED))


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    STANDING = "standing", _("Standing committee / leadership team meeting")
    SECRETARY_OFFICE = "secretary_office", _("Secretary office meeting")
    FIVE_PERSON = "five_person", _("Five-person group meeting")
    DEMOCRATIC_LIFE = "democratic_life", _("Democratic life meeting")
    CENTRAL_STUDY = "central_study", _("Central study group session")
    BRIEFING = "briefing", _("Briefing meeting")
    CONGRESS = "congress", _("Party congress session")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOTICE_SENT = "notice_sent", _("Notice sent")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", _("Closed")


class Meeting(RuleVersioned, NeverDeleted):
    """A meeting of one of a committee's bodies. Who must attend follows from its kind and the
    role history on its date (see ``rules.members_due``); nobody types the list."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="meetings", verbose_name=_("committee"))
    body = models.ForeignKey(
        Body, models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
        help_text=_("States their stance on each item last (M-D2). Defaults to the secretary."),
    )
    recorder = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_recorded",
        verbose_name=_("recorder"),
        help_text=_("Takes the record (M-M1)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "start_at"], name="meeting_committee_start"),
            # The list's order, walked with the visible committees as a filter (issue 19).
            models.Index(fields=["-start_at", "-id"], name="meeting_list_order"),
            models.Index(fields=["status", "start_at"], name="meeting_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_at__gte=F("start_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(notice_sent_at__isnull=False), name="meeting_past_draft_has_notice"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_session", "closed"]) | Q(opened_at__isnull=False),
                name="meeting_in_session_was_opened",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="meeting_closed_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self):
        """The meeting's date in Asia/Shanghai: role history and working days are counted on it."""
        return timezone.localdate(self.start_at)

    @property
    def is_notice_sent(self) -> bool:
        return self.status != MeetingStatus.DRAFT


class AgendaCategory(models.TextChoices):
    IMPORTANT = "important", _("Important matter")
    PERSONNEL = "personnel", _("Cadre / personnel matter")
    LARGE_FUNDS = "large_funds", _("Large-sum spending")
    MAJOR_CONSTRUCTION = "major_construction", _("Major construction project")
    DEMOLITION = "demolition", _("Demolition")
    RESETTLEMENT = "resettlement", _("Resettlement")
    EMERGENCY = "emergency", _("Emergency handling")
    REPORT = "report", _("Report / briefing")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved by the principal leader")
    IN_DISCUSSION = "in_discussion", _("Taken up")
    DISCUSSED = "discussed", _("Discussion closed")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AgendaItem(NeverDeleted):
    """An agenda item (议题). Without a meeting it waits in the committee's pool (new or deferred)."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="agenda_items", verbose_name=_("committee"))
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=AgendaCategory.choices)
    proposed_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items_proposed",
        verbose_name=_("proposed by (member)"),
    )
    proposing_department = models.CharField(
        _("proposing department"), max_length=100, blank=True, help_text=_("When a department proposes the item.")
    )
    member_in_charge = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items_in_charge",
        verbose_name=_("member in charge"),
    )
    department_consent_at = models.DateTimeField(
        _("member in charge consented at"),
        null=True,
        blank=True,
        help_text=_("A department's item needs the consent of the member in charge (M-N2)."),
    )
    is_confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Personnel items are confidential by default.")
    )
    needs_alternatives = models.BooleanField(
        _("needs alternative proposals"), default=False, help_text=_("Two or more alternatives are attached (M-N5).")
    )
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PROPOSED)
    approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    is_on_notified_agenda = models.BooleanField(
        _("on the notified agenda"),
        default=False,
        help_text=_("Notified in time under M-N1, by the notice or a notified amendment (M-N3)."),
    )
    member_in_charge_absence_reason = models.TextField(
        _("special reason for the absence of the member in charge"), blank=True, help_text="M-Q3"
    )
    taken_up_at = models.DateTimeField(_("taken up at"), null=True, blank=True)
    taken_up_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("taken up by")
    )
    quorum_due = models.PositiveSmallIntegerField(_("members due"), null=True, blank=True)
    quorum_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    quorum_needed = models.PositiveSmallIntegerField(_("members needed"), null=True, blank=True)
    quorum_rule_id = models.CharField(_("quorum rule"), max_length=10, blank=True)
    quorum_present_ids = models.JSONField(_("members counted present"), default=list, blank=True)
    discussed_at = models.DateTimeField(_("discussion closed at"), null=True, blank=True)
    emergency = models.ForeignKey(
        "EmergencyHandling",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="report_items",
        verbose_name=_("emergency reported"),
        help_text=_("The after-report of an emergency handled without a meeting (M-E1)."),
    )
    deferred_count = models.PositiveSmallIntegerField(_("times deferred"), default=0)
    deferred_reason = models.CharField(
        _("reason for deferral"), max_length=200, blank=True, help_text=_("Why it was last deferred (缓议).")
    )
    redeliberates = models.ForeignKey(
        "Decision",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="redeliberation_items",
        verbose_name=_("re-deliberates"),
        help_text=_("Re-deliberation (复议) of an earlier decision by the same body (M-V9)."),
    )
    created_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("collected by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        indexes = [models.Index(fields=["committee", "status"], name="agenda_item_committee_status")]
        constraints = [
            # M-N2: proposed by a member, or by a department with the consent of the member in charge.
            models.CheckConstraint(
                condition=Q(proposed_by__isnull=False)
                | (
                    ~Q(proposing_department="")
                    & Q(member_in_charge__isnull=False)
                    & Q(department_consent_at__isnull=False)
                ),
                name="agenda_item_has_proposer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "in_discussion", "discussed"]) | Q(approved_at__isnull=False),
                name="agenda_item_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_discussion", "discussed"])
                | Q(taken_up_at__isnull=False, meeting__isnull=False),
                name="agenda_item_taken_up_at_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_taken_up(self) -> bool:
        return self.status in (ItemStatus.IN_DISCUSSION, ItemStatus.DISCUSSED)

    @property
    def proposer_display(self) -> str:
        if self.proposed_by_id:
            return str(self.proposed_by)
        return self.proposing_department


class AttachmentKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation report")
    ARGUMENTATION = "argumentation", _("Expert argumentation")
    ASSESSMENT = "assessment", _("Assessment report")
    ALTERNATIVE = "alternative", _("Alternative proposal")
    MATERIAL = "material", _("Other material")


class AgendaAttachment(NeverDeleted):
    """M-N5: the item's investigation, argumentation, assessment and alternatives; materials (M-N1)."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="attachments", verbose_name=_("agenda item"))
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="meetings/%Y/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "kind", "pk"]

    def __str__(self) -> str:
        return self.name


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Meeting notice")
    AMENDMENT = "amendment", _("Agenda amendment")


class Notice(RuleVersioned, NeverDeleted):
    """The notice of a meeting (agenda + materials), or a notified amendment of its agenda (M-N1)."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="notices", verbose_name=_("meeting"))
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    deadline = models.DateField(
        _("latest day to send"), help_text=_("The N-th working day before the meeting's date (M-N1).")
    )
    is_in_time = models.BooleanField(_("in time"))
    text = models.TextField(
        _("text"), blank=True, help_text=_("The text as sent, in the committee's language (the record).")
    )
    words = models.JSONField(
        _("words"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The same text as a stored phrase, worded in each reader's language."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["meeting", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting"], condition=Q(kind="notice"), name="one_notice_per_meeting"),
            # M-N1 blocks a late notice; only amendments may go out late (their items fall under M-N3).
            models.CheckConstraint(condition=Q(kind="amendment") | Q(is_in_time=True), name="notice_is_in_time"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()}"

    @property
    def text_shown(self) -> str:
        """The text in the reader's language (a notice sent before issue 14: as it was sent)."""
        return self.text if self.words is None else render(self.words)


class NoticeRecipient(models.Model):
    """A person the notice reached: seen in the app, e-mailed, acknowledged."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="recipients", verbose_name=_("notice"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="meeting_notices", verbose_name=_("recipient"))
    is_observer = models.BooleanField(_("observer"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        ordering = ["notice", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "person"], name="one_notice_per_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.person}"


class AmendmentKind(models.TextChoices):
    ADDED = "added", _("Item added")
    CHANGED = "changed", _("Item changed")
    REMOVED = "removed", _("Item removed or deferred")
    REORDERED = "reordered", _("Order changed")


class AgendaAmendment(models.Model):
    """A change of an agenda after its notice was sent: recorded, then notified itself."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="amendments", verbose_name=_("meeting"))
    item = models.ForeignKey(
        AgendaItem, models.PROTECT, null=True, blank=True, related_name="amendments", verbose_name=_("agenda item")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AmendmentKind.choices)
    description = models.CharField(
        _("change"), max_length=300, help_text=_("In the committee's language (the record).")
    )
    words = models.JSONField(
        _("words"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The same change as a stored phrase, worded in each reader's language."),
    )
    made_at = models.DateTimeField(_("made at"))
    made_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("made by")
    )
    notice = models.ForeignKey(
        Notice, models.PROTECT, null=True, blank=True, related_name="amendments", verbose_name=_("notified by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda amendment")
        verbose_name_plural = _("agenda amendments")
        ordering = ["meeting", "made_at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def description_text(self) -> str:
        """The change in the reader's language (one made before issue 14: as it was recorded)."""
        return self.description if self.words is None else render(self.words)


class AttendanceRole(models.TextChoices):
    MEMBER = "member", _("Member due to attend")
    OBSERVER = "observer", _("Observer (without a vote)")


class ObserverKind(models.TextChoices):
    DELEGATE = "delegate", _("Party congress delegate")
    INVITED = "invited", _("Invited leader")
    STAFF = "staff", _("Staff")


class AttendanceStatus(models.TextChoices):
    UNRECORDED = "unrecorded", _("Not yet recorded")
    PRESENT = "present", _("Present")
    LEAVE = "absent_with_leave", _("Absent with leave")
    ABSENT = "absent_without_leave", _("Absent without leave")


class Attendance(models.Model):
    """One person at one meeting: a member due to attend (counted for quorum) or an observer
    (列席, O-5), who never counts."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attendances", verbose_name=_("meeting"))
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="meeting_attendances", verbose_name=_("person")
    )
    name = models.CharField(
        pgettext_lazy("person", "name"), max_length=100, blank=True, help_text=_("An observer without a record.")
    )
    role = models.CharField(_("role"), max_length=10, choices=AttendanceRole.choices, default=AttendanceRole.MEMBER)
    observer_kind = models.CharField(_("observer kind"), max_length=10, choices=ObserverKind.choices, blank=True)
    status = models.CharField(
        _("attendance"), max_length=25, choices=AttendanceStatus.choices, default=AttendanceStatus.UNRECORDED
    )
    leave_reason = models.TextField(_("reason for leave"), blank=True)
    leave_requested_at = models.DateTimeField(_("leave requested at"), null=True, blank=True)
    leave_approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("leave approved by")
    )
    leave_approved_at = models.DateTimeField(_("leave approved at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="one_attendance_per_person"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | (Q(role="observer") & ~Q(name="")),
                name="attendance_names_someone",
            ),
            # M-N4: leave has a reason and an approver.
            models.CheckConstraint(
                condition=~Q(status="absent_with_leave") | (~Q(leave_reason="") & Q(leave_approved_by__isnull=False)),
                name="attendance_leave_is_approved",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(arrived_at__isnull=True) | Q(left_at__gte=F("arrived_at")),
                name="attendance_leaves_after_arriving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.name

    @property
    def is_member(self) -> bool:
        return self.role == AttendanceRole.MEMBER


class StanceChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    DEFER = "defer", _("Defer")


class Stance(RecordedBy):
    """M-D1: a present member's clear stance on an item, with the reason."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="stances", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="stances", verbose_name=_("member"))
    stance = models.CharField(_("stance"), max_length=10, choices=StanceChoice.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["item", "recorded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="one_stance_per_member_and_item")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stance_display()}"


class RecusalReason(models.TextChoices):
    SELF = "self", _("Concerns the member personally")
    RELATIVE = "relative", _("Concerns a relative")
    CONFLICT = "conflict", _("Declared conflict of interest")


class Recusal(RecordedBy):
    """M-D4: a member related to the matter withdraws from its discussion and vote."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="recusals", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="recusals", verbose_name=_("member"))
    reason = models.CharField(_("reason"), max_length=10, choices=RecusalReason.choices)
    details = models.TextField(_("details"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="one_recusal_per_member_and_item")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_reason_display()}"


class WrittenOpinion(NeverDeleted, RecordedBy):
    """M-D3: an absent member's written opinion, submitted before the meeting. Never a vote."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="written_opinions", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="written_opinions", verbose_name=_("member"))
    text = models.TextField(_("opinion"), blank=True)
    position = models.CharField(
        _("position"),
        max_length=10,
        choices=StanceChoice.choices,
        blank=True,
        help_text=_("Counts when judging whether opinions are close (M-V5), never as a vote (M-D3)."),
    )
    file = models.FileField(_("file"), upload_to="meetings/opinions/%Y/", max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written opinion")
        verbose_name_plural = _("written opinions")
        ordering = ["item", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="one_written_opinion_per_member_and_item"),
            models.CheckConstraint(condition=~Q(text="") | ~Q(file=""), name="written_opinion_has_content"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.item}"


class EmergencyHandling(RuleVersioned, RecordedBy):
    """M-E1: a major emergency handled without a meeting, after consulting the principal leader.
    It must be reported to the team afterwards, at the next meeting."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="emergency_handlings", verbose_name=_("committee")
    )
    title = models.CharField(_("emergency"), max_length=200)
    handled_by = models.ForeignKey(
        Person, models.PROTECT, related_name="emergencies_handled", verbose_name=_("handled by")
    )
    principal_consulted = models.ForeignKey(
        Person, models.PROTECT, related_name="emergencies_consulted", verbose_name=_("principal leader consulted")
    )
    consulted_at = models.DateTimeField(_("consulted at"))
    handled_at = models.DateTimeField(_("handled at"))
    actions = models.TextField(_("what was done"))
    report_due_at = models.DateTimeField(
        _("after-report due at"), help_text=_("At the latest by the next regular meeting (M-E1, M-C1).")
    )
    reported_item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by agenda item"),
    )
    reported_at = models.DateTimeField(_("reported to the team at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency handled without a meeting")
        verbose_name_plural = _("emergencies handled without a meeting")
        ordering = ["-handled_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(actions=""), name="emergency_handling_has_actions"),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(reported_item__isnull=False),
                name="emergency_handling_reported_by_item",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None


# =========================================================================== votes, decisions, minutes
# DOMAIN.md M-V1..M-V10, M-M1..M-M7. Arithmetic in ``rules.py``; workflows in ``services.py``.


class VoteMethod(models.TextChoices):
    ORAL = "oral", _("Oral vote")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")
    NAMED = "named", _("Named ballot")
    SECRET = "secret", _("Secret ballot")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VoteOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    DEFERRED = "deferred", _("Deferred: support and opposition are close")


class Vote(RuleVersioned, NeverDeleted):
    """The vote on one agenda item (M-V1). Counts are stored only when it closes; before that no
    count of a secret ballot exists anywhere but in the anonymous ballot rows (M-V6)."""

    item = models.OneToOneField(AgendaItem, models.PROTECT, related_name="vote", verbose_name=_("agenda item"))
    method = models.CharField(_("method"), max_length=20, choices=VoteMethod.choices)
    default_method = models.CharField(_("default method"), max_length=20, choices=VoteMethod.choices)
    method_reason = models.TextField(_("reason for a stricter method"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    is_emergency = models.BooleanField(_("emergency"), default=False, help_text="M-V5")
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )
    due = models.PositiveSmallIntegerField(_("members due"))
    present_ids = models.JSONField(_("members present"), default=list)
    recused_ids = models.JSONField(_("members recused"), default=list)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    yes = models.PositiveSmallIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveSmallIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    not_voted = models.PositiveSmallIntegerField(_("did not vote"), null=True, blank=True)
    written_for = models.PositiveSmallIntegerField(_("written opinions for"), null=True, blank=True)
    written_against = models.PositiveSmallIntegerField(_("written opinions against"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=VoteOutcome.choices, blank=True)
    rule_id = models.CharField(_("rule"), max_length=10, blank=True)
    #: A stored phrase worded in the reader's language (``arithmetic_text``); a plain string in
    #: votes closed before issue 14.
    arithmetic = models.JSONField(_("arithmetic"), default=str, blank=True)
    referred_upward = models.BooleanField(_("referred to the higher level"), default=False)
    referral_note = models.TextField(_("referral note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["item__meeting", "item__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_at__isnull=False) & ~Q(outcome="")),
                name="vote_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(yes__isnull=True, no__isnull=True, abstain__isnull=True),
                name="vote_no_counts_while_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_method_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN

    @property
    def is_secret(self) -> bool:
        return self.method == VoteMethod.SECRET

    @property
    def absent(self) -> int:
        return self.due - len(self.present_ids)

    @property
    def recused(self) -> int:
        return len(self.recused_ids)

    @property
    def arithmetic_text(self) -> str:
        """The arithmetic (M-V4, M-V5) in the language active now – the reader's."""
        return render(self.arithmetic)


class Ballot(NeverDeleted, RecordedBy):
    """A ballot of an oral, show-of-hands or named vote: the member's choice, by name."""

    vote = models.ForeignKey(Vote, models.PROTECT, related_name="ballots", verbose_name=_("vote"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="ballots", verbose_name=_("member"))
    choice = models.CharField(_("choice"), max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(_("cast at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="one_ballot_per_member_and_vote")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_choice_display()}"


class SecretBallotCast(NeverDeleted):
    """M-V6: *that* a member voted in a secret ballot – never what. No history, no timestamp.

    Threat model: see ``services.cast_ballot``."""

    vote = models.ForeignKey(Vote, models.PROTECT, related_name="secret_casts", verbose_name=_("vote"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("member"))

    class Meta:
        verbose_name = _("secret ballot cast")
        verbose_name_plural = _("secret ballots cast")
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="one_secret_cast_per_member_and_vote")]

    def __str__(self) -> str:
        return f"{self.vote} · {self.person}"


class SecretBallot(NeverDeleted):
    """M-V6: an anonymous ballot – a random key, the vote and the choice; no voter, no time, no
    history. While the vote is open only ``sealed_choice`` is set (encrypted under a key the
    database never holds, every one of the same length: ``ballot_seal``); closing unseals, tallies
    and rewrites the vote's ballots with the plain ``choice``. Read only aggregated, and only once
    the vote is closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, models.PROTECT, related_name="secret_ballots", verbose_name=_("vote"))
    choice = models.CharField(_("choice"), max_length=10, choices=VoteChoice.choices, blank=True)
    sealed_choice = models.BinaryField(_("sealed choice"), null=True, editable=False)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(choice="", sealed_choice__isnull=False) & Exact(Length("sealed_choice"), ballot_seal.SEALED_BYTES)
                )
                | (~Q(choice="") & Q(sealed_choice__isnull=True)),
                name="secret_ballot_sealed_until_counted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.vote)


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded by re-deliberation")
    INVALID = "invalid", _("Invalid")


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Binding decision")
    RECOMMENDATION = "recommendation", _("Consensus / recommendation (not a decision body)")


class Decision(RuleVersioned, NeverDeleted):
    """A resolution of a decision body (M-V8), or the recommendation of a body that is not one
    (M-V7). Changed only by re-deliberation of the same body (M-V9); marked invalid with a reason
    (M-V10). Supervision items link to it."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="decisions", verbose_name=_("committee"))
    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="decisions", verbose_name=_("agenda item"))
    vote = models.OneToOneField(
        Vote, models.PROTECT, null=True, blank=True, related_name="decision", verbose_name=_("vote")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.DECISION)
    category = models.CharField(_("category"), max_length=20, choices=AgendaCategory.choices)
    resolution = models.TextField(_("resolution"))
    basis = models.TextField(_("basis and reasons"), blank=True)
    responsible = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("responsible"))
    supervision = models.TextField(_("how it is supervised"), blank=True)
    is_confidential = models.BooleanField(_("confidential"), default=False)
    decided_at = models.DateTimeField(_("decided at"))
    status = models.CharField(_("status"), max_length=12, choices=DecisionStatus.choices, default="in_force")
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by", verbose_name=_("supersedes")
    )
    is_emergency_majority = models.BooleanField(
        _("majority opinion executed in an emergency"), default=False, help_text="M-V5"
    )
    invalid_reason = models.TextField(_("why it is invalid"), blank=True)
    invalidated_at = models.DateTimeField(_("marked invalid at"), null=True, blank=True)
    needs_accountability_review = models.BooleanField(_("accountability ground open"), default=False)
    forwarded_item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to the standing committee as"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, help_text="M-M6")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "decided_at"], name="decision_committee_date"),
            models.Index(fields=["-decided_at", "-id"], name="decision_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="invalid") | (~Q(invalid_reason="") & Q(invalidated_at__isnull=False)),
                name="decision_invalid_has_reason",
            ),
            models.CheckConstraint(condition=~Q(resolution=""), name="decision_has_resolution"),
        ]

    def __str__(self) -> str:
        return self.resolution[:80]

    @property
    def is_binding(self) -> bool:
        return self.kind == DecisionKind.DECISION

    def chain(self) -> list[Decision]:
        """M-V9: the re-deliberation chain, oldest first."""
        first = self
        while first.supersedes_id:
            first = first.supersedes
        chain = [first]
        while True:
            try:
                chain.append(chain[-1].superseded_by)
            except Decision.DoesNotExist:
                return chain


class Reservation(models.Model):
    """M-V8: dissent recorded as a reservation; it may be reported upward; it suspends nothing."""

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="reservations", verbose_name=_("decision"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("member"))
    text = models.TextField(_("reservation"))
    is_reported_upward = models.BooleanField(_("reported to the higher level"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="one_reservation_per_member")]

    def __str__(self) -> str:
        return f"{self.person} · {self.decision}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class MinutesCounter(models.Model):
    """M-M2: the last number given to minutes of a committee in a year; locked with
    SELECT … FOR UPDATE while a number is allocated, so the sequence is gapless."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("minutes counter")
        verbose_name_plural = _("minutes counters")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_minutes_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}: {self.last_number}"


class Minutes(RuleVersioned, NeverDeleted):
    """会议纪要 (M-M1..M-M7): drafted from the records when the meeting closes, edited by the
    recorder, approved by the chair, then numbered and locked. A correction is a new version."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="minutes", verbose_name=_("committee"))
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="minutes", verbose_name=_("meeting"))
    corrects = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="corrected_by", verbose_name=_("corrects")
    )
    status = models.CharField(_("status"), max_length=12, choices=MinutesStatus.choices, default="draft")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("recorder's summary"), blank=True)
    content = models.JSONField(_("content"), default=dict, help_text=_("Generated from the records."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    fingerprint = models.CharField(_("SHA-256 of the approved content"), max_length=64, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    search_text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-year", "-number", "-pk"]
        indexes = [models.Index(fields=["-year", "-number", "-id"], name="minutes_list_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], condition=Q(number__isnull=False), name="minutes_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(number__isnull=False, year__isnull=False, approved_at__isnull=False) & ~Q(fingerprint="")),
                name="minutes_approved_is_numbered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number_display}"

    @property
    def number_display(self) -> str:
        """M-M2: 〔2026〕第7号."""
        if self.number is None:
            return ""
        return f"〔{self.year}〕第{self.number}号"

    @property
    def is_locked(self) -> bool:
        return self.status != MinutesStatus.DRAFT


class RecipientKind(models.TextChoices):
    MEMBER = "member", _("Member")
    DEPARTMENT = "department", _("Department concerned")
    HIGHER_LEADER = "higher_leader", _("Leader in charge at the higher level")


class MinutesRecipient(models.Model):
    """M-M4: the distribution list, with each recipient's acknowledgement of reading."""

    minutes = models.ForeignKey(Minutes, models.PROTECT, related_name="recipients", verbose_name=_("minutes"))
    kind = models.CharField(_("kind"), max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes recipient")
        verbose_name_plural = _("minutes recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"], condition=Q(person__isnull=False), name="one_minutes_copy_per_person"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(department=""), name="minutes_recipient_names_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} → {self.person or self.department}"


class ConfidentialRead(models.Model):
    """M-M7: every read of confidential records is logged – the full version of minutes with
    confidential items, and a confidential agenda item's page, API answer or attachment."""

    minutes = models.ForeignKey(
        Minutes,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="confidential_reads",
        verbose_name=_("minutes"),
    )
    item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="confidential_reads",
        verbose_name=_("agenda item"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    what = models.CharField(_("what"), max_length=20)

    class Meta:
        verbose_name = _("confidential read")
        verbose_name_plural = _("confidential reads")
        ordering = ["-read_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__isnull=False, item__isnull=True)
                | models.Q(minutes__isnull=True, item__isnull=False),
                name="confidential_read_of_minutes_or_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} · {self.user} · {self.read_at:%Y-%m-%d %H:%M}"
