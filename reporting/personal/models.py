"""Personal-matter reports (R-2) and family-event declarations (R-3).

Seed 003《领导干部报告个人有关事项制度》 and 《领导干部婚丧嫁娶等事宜申报制度》. Personal-matter
reports are the most sensitive data we hold: only the cadre who owes the report and the
organisation department (of the committee and of its parent) may read them (see selectors).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, RuleVersioned


class MatterKind(models.TextChoices):
    """R-2: the 8 family matters of 第三条 and the 6 income and property matters of 第四条."""

    # 第三条
    MARRIAGE_CHANGE = "marriage_change", _("Change in own marriage")
    PRIVATE_PASSPORT = "private_passport", _("Holding of passports or permits for private travel abroad")
    PRIVATE_TRIP_ABROAD = "private_trip_abroad", _("Private trip abroad")
    CHILD_MARRIED_FOREIGNER = "child_married_foreigner", _("Child married to a foreigner or stateless person")
    CHILD_MARRIED_HK_MACAO_TAIWAN = (
        "child_married_hk_macao_taiwan",
        _("Child married to a resident of Hong Kong, Macao or Taiwan"),
    )
    FAMILY_EMIGRATED = "family_emigrated", _("Spouse or child emigrated abroad")
    FAMILY_EMPLOYMENT = "family_employment", _("Employment of spouse or children, including abroad")
    FAMILY_CRIMINAL_CASE = "family_criminal_case", _("Spouse or child under criminal investigation")
    # 第四条
    SALARY = "salary", _("Own wages, bonuses, allowances and subsidies")
    SERVICE_INCOME = (
        "service_income",
        _("Own income from lecturing, writing, consulting, reviewing, calligraphy, painting"),
    )
    REAL_ESTATE = "real_estate", _("Real estate of self, spouse and children living together")
    SECURITIES = (
        "securities",
        _("Securities, shares, futures, funds, investment insurance and other financial products"),
    )
    FAMILY_UNLISTED_INVESTMENT = (
        "family_unlisted_investment",
        _("Investments of spouse or children in unlisted companies"),
    )
    FAMILY_BUSINESS = (
        "family_business",
        _("Individual businesses, sole proprietorships or partnerships registered by spouse or children"),
    )


#: 第三条: the family matters reported within 30 days after the event (第五条).
FAMILY_MATTERS = frozenset(list(MatterKind)[:8])
#: 第四条: income, real estate and investments.
PROPERTY_MATTERS = frozenset(list(MatterKind)[8:])


class Occasion(models.TextChoices):
    """Why a report is owed (第五条, 第六条)."""

    EVENT = "event", _("A reportable event occurred")
    NEW_CADRE = "new_cadre", _("Newly subject to reporting (new cadre)")
    RESIGNATION = "resignation", _("Resignation from public office")


class PersonalMatterReport(RuleVersioned):
    """R-2: a cadre's report of a personal matter, from the moment it is owed until it is filed.

    A row exists as soon as the obligation does (an event recorded, a new cadre, a resignation);
    ``filed_at`` is set when the cadre files it. Private: see ``selectors.visible_reports``.
    """

    cadre = models.ForeignKey(Person, models.PROTECT, related_name="personal_matter_reports", verbose_name=_("cadre"))
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="personal_matter_reports", verbose_name=_("committee")
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices, default=Occasion.EVENT)
    kind = models.CharField(
        _("kind of matter"),
        max_length=40,
        choices=MatterKind.choices,
        blank=True,
        help_text=_("Required for an event; a new cadre's or a resignation report covers every kind."),
    )
    event_date = models.DateField(
        _("event date"), help_text=_("The day of the event, of becoming subject, or of the resignation.")
    )
    due_at = models.DateTimeField(_("due at"))
    description = models.TextField(_("report"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    late_reason = models.TextField(_("special reason for the late report"), blank=True)
    reason_ended_on = models.DateField(_("special reason ended on"), null=True, blank=True)
    # 第八条(四): the organisation department's reply, and whether the cadre acted on it.
    reply_text = models.TextField(_("organisation's reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("replied by")
    )
    reply_response_due_at = models.DateTimeField(_("cadre acts on the reply by"), null=True, blank=True)
    reply_response = models.TextField(_("cadre's action on the reply"), blank=True)
    reply_responded_at = models.DateTimeField(_("acted on the reply at"), null=True, blank=True)
    reply_followed = models.BooleanField(
        _("reply followed"), null=True, blank=True, help_text=_("Assessed by the organisation department.")
    )
    reply_outcome_note = models.TextField(_("note on the reply's outcome"), blank=True)
    # 第八条(二)(三)
    is_untruthful = models.BooleanField(_("untruthful"), default=False)
    is_concealed = models.BooleanField(_("concealed"), default=False)
    finding_note = models.TextField(_("note on the finding"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal-matter report")
        verbose_name_plural = _("personal-matter reports")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "filed_at"], name="personal_report_committee"),
            models.Index(fields=["cadre", "recorded_at"], name="personal_report_cadre"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(occasion="event") | ~Q(kind=""), name="personal_report_event_has_kind"),
            # R-2 第五条: a report filed after its due time carries the special reason and its end.
            models.CheckConstraint(
                condition=Q(filed_at__isnull=True)
                | Q(filed_at__lte=models.F("due_at"))
                | (~Q(late_reason="") & Q(reason_ended_on__isnull=False)),
                name="personal_report_late_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | Q(reply_response_due_at__isnull=False),
                name="personal_report_reply_has_due",
            ),
            models.CheckConstraint(
                condition=Q(is_untruthful=False, is_concealed=False) | ~Q(finding_note=""),
                name="personal_report_finding_has_note",
            ),
            models.UniqueConstraint(
                fields=["cadre", "committee", "occasion", "event_date"],
                condition=Q(occasion__in=["new_cadre", "resignation"]),
                name="one_personal_report_per_appointment_or_resignation",
            ),
        ]

    def __str__(self) -> str:
        what = self.get_kind_display() if self.kind else self.get_occasion_display()
        return f"{self.cadre} · {what} · {self.event_date:%Y-%m-%d}"

    @property
    def is_late(self) -> bool:
        """Filed after the due time, or still unfiled past it."""
        return (self.filed_at or timezone.now()) > self.due_at

    @property
    def is_overdue(self) -> bool:
        return self.filed_at is None and timezone.now() > self.due_at


class FamilyEventKind(models.TextChoices):
    """R-3: 婚丧嫁娶、生育祝寿、乔迁新居、升迁升学 of the cadre and immediate relatives."""

    WEDDING = "wedding", _("Wedding")
    FUNERAL = "funeral", _("Funeral")
    BIRTH = "birth", _("Birth (full-month banquet)")
    BIRTHDAY = "birthday", _("Birthday or longevity banquet")
    HOUSEWARMING = "housewarming", _("Moving into a new home")
    PROMOTION = "promotion", _("Promotion")
    SCHOOL = "school", _("Admission to higher school (school banquet)")
    OTHER = "other", _("Other event")


#: 升学宴、满月宴、生日宴: no guests other than relatives at all.
RELATIVES_ONLY_KINDS = frozenset({FamilyEventKind.BIRTH, FamilyEventKind.BIRTHDAY, FamilyEventKind.SCHOOL})


class Relation(models.TextChoices):
    SELF = "self", _("Self")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER_DIRECT = "other_direct", _("Other immediate relative")


class ReportForm(models.TextChoices):
    WRITTEN = "written", _("Written (report form)")
    ORAL = "oral", _("Oral (funerals only; written form follows)")


class ReviewOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    CORRECTION_REQUIRED = "correction_required", _("Correction required")
    VIOLATION = "violation", _("Violation found")


#: R-3 (seed 一): the prohibited circumstances a declarer confirms to avoid, as (field, label).
PROHIBITIONS = (
    ("confirms_no_lavishness", _("No lavish or wasteful celebration")),
    (
        "confirms_no_managed_guests",
        _(
            "No guests from the management or service objects of current or former work units, subordinate "
            "units and persons, or others related to the exercise of office"
        ),
    ),
    ("confirms_no_business_guests", _("No foreign businesspeople or private entrepreneurs invited")),
    ("confirms_no_gifts_from_non_relatives", _("No gifts or gift money accepted from anyone but relatives")),
    ("confirms_no_profiteering", _("No use of the occasion to amass money")),
    (
        "confirms_no_public_resources",
        _("No public funds, public cars or other public resources used"),
    ),
    ("confirms_local_standard", _("Not clearly above the local usual standard or scale")),
    ("confirms_no_motorcade", _("No luxury motorcade, no disturbance of residents")),
    (
        "confirms_no_split_banquets",
        _("No banquets split into batches, several places or smaller parts"),
    ),
)
#: For 升学宴、满月宴、生日宴 only.
RELATIVES_ONLY = ("confirms_relatives_only", _("Nobody but relatives invited (school, full-month, birthday banquets)"))


def _checklist_confirmed() -> Q:
    confirmed = Q(**{name: True for name, _label in PROHIBITIONS})
    relatives = ~Q(kind__in=sorted(str(k) for k in RELATIVES_ONLY_KINDS)) | Q(**{RELATIVES_ONLY[0]: True})
    return confirmed & relatives


class FamilyEventDeclaration(RuleVersioned):
    """R-3: a team member's declaration of a wedding, funeral or other family event.

    Written declarations come at least 10 days before the event; a funeral is reported orally or
    in writing before it, and an oral report is followed by the written form within 10 days after.
    """

    declarer = models.ForeignKey(
        Person, models.PROTECT, related_name="family_event_declarations", verbose_name=_("declarer")
    )
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="family_event_declarations", verbose_name=_("committee")
    )
    kind = models.CharField(_("kind of event"), max_length=20, choices=FamilyEventKind.choices)
    relation = models.CharField(_("whose event"), max_length=20, choices=Relation.choices, default=Relation.SELF)
    reason = models.TextField(_("reason"))
    event_at = models.DateTimeField(_("time of the event"))
    place = models.CharField(_("place"), max_length=200)
    guest_count = models.PositiveIntegerField(_("number of guests"), null=True, blank=True)
    table_count = models.PositiveSmallIntegerField(_("number of tables"), null=True, blank=True)
    spending_standard = models.DecimalField(
        _("standard (yuan per table)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    report_form = models.CharField(
        _("form of the report"), max_length=10, choices=ReportForm.choices, default=ReportForm.WRITTEN
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)
    written_at = models.DateTimeField(_("written form filed at"), null=True, blank=True)
    confirms_no_lavishness = models.BooleanField(PROHIBITIONS[0][1], default=False)
    confirms_no_managed_guests = models.BooleanField(PROHIBITIONS[1][1], default=False)
    confirms_no_business_guests = models.BooleanField(PROHIBITIONS[2][1], default=False)
    confirms_no_gifts_from_non_relatives = models.BooleanField(PROHIBITIONS[3][1], default=False)
    confirms_no_profiteering = models.BooleanField(PROHIBITIONS[4][1], default=False)
    confirms_no_public_resources = models.BooleanField(PROHIBITIONS[5][1], default=False)
    confirms_local_standard = models.BooleanField(PROHIBITIONS[6][1], default=False)
    confirms_no_motorcade = models.BooleanField(PROHIBITIONS[7][1], default=False)
    confirms_no_split_banquets = models.BooleanField(PROHIBITIONS[8][1], default=False)
    confirms_relatives_only = models.BooleanField(RELATIVES_ONLY[1], default=False)
    review_outcome = models.CharField(_("review outcome"), max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family-event declaration")
        verbose_name_plural = _("family-event declarations")
        ordering = ["-event_at", "-pk"]
        indexes = [models.Index(fields=["committee", "event_at"], name="family_event_committee")]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_form="written") | Q(kind="funeral"), name="family_event_oral_only_for_funerals"
            ),
            models.CheckConstraint(
                condition=Q(written_at__isnull=True) | _checklist_confirmed(),
                name="family_event_written_form_confirms_checklist",
            ),
            models.CheckConstraint(
                condition=~Q(report_form="written") | Q(written_at__isnull=False),
                name="family_event_written_has_written_at",
            ),
            models.CheckConstraint(
                condition=Q(review_outcome="") | Q(reviewed_at__isnull=False), name="family_event_review_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declarer} · {self.get_kind_display()} · {timezone.localtime(self.event_at):%Y-%m-%d}"

    @property
    def awaits_written_form(self) -> bool:
        return self.written_at is None

    @property
    def checklist(self) -> list[tuple[str, str, bool]]:
        """(field, label, confirmed) for the items that apply to this kind of event."""
        items = list(PROHIBITIONS)
        if self.kind in RELATIVES_ONLY_KINDS:
            items.append(RELATIVES_ONLY)
        return [(name, label, getattr(self, name)) for name, label in items]
