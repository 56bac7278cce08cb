"""Requested interviews (X-4): reception days, requests, and handling cards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RecordedBy, RuleVersioned


class Channel(models.TextChoices):
    """003 领导干部接受约谈制度 三: by telephone, e-mail, in writing or in person."""

    PHONE = "phone", _("By telephone")
    EMAIL = "email", _("By e-mail")
    WRITTEN = "written", _("In writing")
    IN_PERSON = "in_person", pgettext_lazy("interview channel", "In person")


class Topic(models.TextChoices):
    """003 领导干部接受约谈制度 一: what an interview may be about."""

    PERSONAL = "personal", _("One's work, life and thinking; difficulties and problems")
    LEADERSHIP = "leadership", _("Problems of the leadership team or a leader")
    SUGGESTION = "suggestion", _("Suggestions on the town's development or one's unit's work")
    OTHER = "other", _("Other matters to raise with a leader directly")


class InterviewState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    DECLINED = "declined", _("Explained and not held")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InterviewDay(RecordedBy):
    """A reception day of a committee's leader (003 三: 1–2 days a month, usually in the leader's
    office); set by the committee's office."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="interview_days", verbose_name=_("committee"))
    day = models.DateField(_("day"))
    leader = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("receiving leader"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interview day")
        verbose_name_plural = _("interview days")
        ordering = ["day", "leader__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "day", "leader"], name="one_interview_day_per_leader")
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.day} · {self.leader}"


class InterviewRequest(RuleVersioned):
    """A cadre's request for an interview with a leader, its appointment, and the record of it.
    Seen by the cadre, the leader and the committee's organisation department only (003 四.4)."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="interview_requests", verbose_name=_("committee")
    )
    requester = models.ForeignKey(
        Person, models.PROTECT, related_name="interview_requests", verbose_name=_("requested by")
    )
    leader = models.ForeignKey(Person, models.PROTECT, related_name="interviews_given", verbose_name=_("leader"))
    channel = models.CharField(_("requested"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    summary = models.TextField(_("what it is about"))
    is_urgent = models.BooleanField(_("serious matter: at once"), default=False)
    day = models.ForeignKey(
        InterviewDay, models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("reception day")
    )
    scheduled_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=InterviewState.choices, default=InterviewState.REQUESTED
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    record = models.TextField(_("record"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interview request")
        verbose_name_plural = _("interview requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(requester=models.F("leader")), name="interview_not_with_oneself"),
            models.CheckConstraint(
                condition=~Q(state="held") | (Q(held_at__isnull=False) & ~Q(record="")), name="held_interview_recorded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.leader} · {self.get_topic_display()}"


class CardState(models.TextChoices):
    OPEN = "open", _("Being handled")
    REPLIED = "replied", _("Replied")


class HandlingCard(RecordedBy):
    """约谈意见处理卡 (003 四.3): a request or problem raised in an interview, the leader's
    instruction, the unit that coordinates and carries it out, and the reply by its due day."""

    interview = models.ForeignKey(InterviewRequest, models.PROTECT, related_name="cards", verbose_name=_("interview"))
    matter = models.TextField(_("matter raised"))
    instruction = models.TextField(_("leader's instruction"))
    unit = models.CharField(_("handling unit"), max_length=100)
    reply_due = models.DateField(_("reply due"))
    state = models.CharField(_("state"), max_length=10, choices=CardState.choices, default=CardState.OPEN)
    outcome = models.TextField(_("how it was handled"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handling card")
        verbose_name_plural = _("handling cards")
        ordering = ["reply_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="replied") | (Q(replied_on__isnull=False) & ~Q(outcome="")),
                name="replied_card_says_how",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview} · {self.unit}"


class InterviewMonth(RuleVersioned):
    """A committee's month, owing the rule set's number of reception days (X-4), watched by the
    deadline engine; ``scheduled`` is kept by the services as days are set or removed."""

    committee = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("committee"))
    month = models.DateField(_("month"))  # its first day
    required = models.PositiveSmallIntegerField(_("at least"))
    scheduled = models.PositiveSmallIntegerField(_("scheduled"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interview month")
        verbose_name_plural = _("interview months")
        ordering = ["month", "committee__name"]
        constraints = [models.UniqueConstraint(fields=["committee", "month"], name="one_interview_month")]

    def __str__(self) -> str:
        return f"{self.committee} · {self.month:%Y-%m} {self.scheduled}/{self.required}"

    @property
    def is_met(self) -> bool:
        return self.scheduled >= self.required
