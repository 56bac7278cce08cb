"""Meetings of a committee's bodies: notices, agenda, attendance, quorum, stances, recusal and
emergencies handled without a meeting.

DOMAIN.md section 2: M-N1..M-N5, M-Q1..M-Q6, M-D1..M-D4, M-E1, M-C1..M-C3, M-M1; O-4, O-5.
Workflows live in ``services.py``; the rule arithmetic in ``rules.py``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Body, Committee, Person, RuleVersioned


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


class Meeting(RuleVersioned):
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

    @property
    def duration_hours(self) -> float:
        return (self.end_at - self.start_at).total_seconds() / 3600


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


class AgendaItem(models.Model):
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


class AgendaAttachment(models.Model):
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


class Notice(RuleVersioned):
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
    text = models.TextField(_("text"), blank=True)
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
    description = models.CharField(_("change"), max_length=300)
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
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("An observer without a record."))
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


class Stance(models.Model):
    """M-D1: a present member's clear stance on an item, with the reason."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="stances", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="stances", verbose_name=_("member"))
    stance = models.CharField(_("stance"), max_length=10, choices=StanceChoice.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
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


class Recusal(models.Model):
    """M-D4: a member related to the matter withdraws from its discussion and vote."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="recusals", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="recusals", verbose_name=_("member"))
    reason = models.CharField(_("reason"), max_length=10, choices=RecusalReason.choices)
    details = models.TextField(_("details"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="one_recusal_per_member_and_item")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_reason_display()}"


class WrittenOpinion(models.Model):
    """M-D3: an absent member's written opinion, submitted before the meeting. Never a vote."""

    item = models.ForeignKey(AgendaItem, models.PROTECT, related_name="written_opinions", verbose_name=_("agenda item"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="written_opinions", verbose_name=_("member"))
    text = models.TextField(_("opinion"), blank=True)
    file = models.FileField(_("file"), upload_to="meetings/opinions/%Y/", max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    recorded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
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


class EmergencyHandling(RuleVersioned):
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
    recorded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
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
