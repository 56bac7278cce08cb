"""Organisations, people, roles with history, rule sets and the working-day calendar.

DOMAIN.md section 1 (O-1..O-5) and the configurable rulebook (规则配置).
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    CITY = "city", _("City / prefecture committee")
    COUNTY = "county", _("County / district committee")
    TOWN = "town", _("Town committee")
    STREET = "street", _("Street (sub-district) committee")
    BRANCH = "branch", _("Party branch")


#: O-1: city → county/district → town/street → branch.
LEVEL_RANK = {Level.CITY: 0, Level.COUNTY: 1, Level.TOWN: 2, Level.STREET: 2, Level.BRANCH: 3}


class BodyKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    STANDING = "standing", _("Standing committee / leadership team")
    SECRETARY_OFFICE = "secretary_office", _("Secretary office meeting")
    FIVE_PERSON = "five_person", _("Five-person group")
    DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline commission")
    ORGANIZATION_OFFICE = "organization_office", _("Organisation office")
    PARTY_OFFICE = "party_office", _("Party office")
    PETITION_OFFICE = "petition_office", _("Petition office")


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (principal leader)")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    ORGANIZATION_MEMBER = "organization_member", _("Organisation member")
    DISCIPLINE_SECRETARY = "discipline_secretary", _("Discipline secretary")
    MEMBER = "member", _("Standing member / team member")
    OFFICE_STAFF = "office_staff", _("Party office staff")
    DISCIPLINE_INSPECTOR = "discipline_inspector", _("Discipline inspector")
    ORGANIZATION_STAFF = "organization_staff", _("Organisation department staff")
    PETITION_STAFF = "petition_staff", _("Petition office staff")
    DELEGATE = "delegate", _("Party congress delegate")


#: Roles that make a person a member of the leadership team (班子成员).
TEAM_ROLES = frozenset(
    {Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER, Role.DISCIPLINE_SECRETARY, Role.MEMBER}
)
#: O-4: the five-person group is derived from these roles.
FIVE_PERSON_ROLES = frozenset(
    {Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER, Role.DISCIPLINE_SECRETARY}
)
#: Roles ordered for display: principal leader first.
ROLE_ORDER = {role: index for index, role in enumerate(Role)}


class PortfolioArea(models.TextChoices):
    OVERALL = "overall", _("Overall work")
    PARTY_BUILDING = "party_building", _("Party building")
    ORGANIZATION = "organization", _("Organisation and personnel")
    DISCIPLINE = "discipline", _("Discipline inspection")
    PROPAGANDA = "propaganda", _("Propaganda and ideology")
    UNITED_FRONT = "united_front", _("United front")
    POLITICAL_LEGAL = "political_legal", _("Political and legal affairs, stability")
    PETITIONS = "petitions", _("Petitions")
    ECONOMY = "economy", _("Economy")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    CONSTRUCTION = "construction", _("Urban and rural construction")
    FINANCE = "finance", _("Finance")
    SAFETY = "safety", _("Work safety and emergencies")
    ENVIRONMENT = "environment", _("Ecology and environment")
    SOCIAL = "social", _("Education, health and social affairs")
    ARMED_FORCES = "armed_forces", _("People's armed forces")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


# --------------------------------------------------------------------------- rule sets


class RuleSet(models.Model):
    """A named, versioned configuration of the rulebook that committees adopt."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(
        _("default rule set"), default=False, help_text=_("Used by committees that neither have nor inherit one.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_rule_set")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> RuleSetVersion | None:
        return self.versions.order_by("-number").first()


PEOPLE = pgettext_lazy("unit", "people")
TERMS = pgettext_lazy("unit", "terms")


def rule_number(rule_id: str, default: int, verbose_name, unit=""):
    """A rule-set number: its DOMAIN.md rule id lives in help_text and on the field."""
    field = models.PositiveSmallIntegerField(verbose_name, default=default, help_text=rule_id)
    field.rule_id = rule_id
    field.unit = unit
    return field


def rule_flag(rule_id: str, default: bool, verbose_name):
    field = models.BooleanField(verbose_name, default=default, help_text=rule_id)
    field.rule_id = rule_id
    field.unit = ""
    return field


class FractionRule:
    """Describes a fraction stored as numerator/denominator/strict fields (never floats)."""

    def __init__(self, prefix: str, rule_id: str, label):
        self.prefix, self.rule_id, self.label = prefix, rule_id, label


#: Fractions of the rule set: <prefix>_numerator, _denominator, _strict (True: ">", False: "≥").
FRACTION_RULES = [
    FractionRule("standing_quorum", "M-Q1", _("Quorum of the leadership team on important matters")),
    FractionRule("personnel_quorum", "M-Q2", _("Quorum on cadre / personnel matters")),
    FractionRule("secretary_office_quorum", "M-Q4", _("Quorum of the secretary office meeting")),
    FractionRule("pass_threshold", "M-V4", _("Yes votes needed, of the members due to attend")),
    FractionRule("evaluation_flag", "A-8", _("Share of 'incompetent'/'poor' votes that flags a cadre")),
]


#: X-2: the parts of the 100-point openness score sheet (003 党务公开 第八条 一–五), in order.
DISCLOSURE_SHEET_FIELDS = (
    "disclosure_content_points",
    "disclosure_system_points",
    "disclosure_publicity_points",
    "disclosure_supervision_points",
    "disclosure_other_points",
)
MSG_SHEET_NOT_100 = _("[X-2] The parts of the openness score sheet add up to %(points)s points, not 100.")
MSG_GRADES_DO_NOT_RISE = _("[X-2] The openness grades must rise: pass below good below excellent, at most 100 points.")


class RuleSetVersion(models.Model):
    """One immutable version of a rule set. Editing a rule set creates a new version.

    Every number of DOMAIN.md is a field here, with the DOMAIN.md default and the rule id
    (in ``help_text``). Objects record the version they were made under.
    """

    rule_set = models.ForeignKey(RuleSet, models.PROTECT, related_name="versions", verbose_name=_("rule set"))
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("change note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("created by")
    )

    # O-2 terms
    term_years = rule_number("O-2", 5, _("Length of a committee term"), _("years"))
    town_secretary_full_terms = rule_number("O-2", 2, _("Full terms a town secretary normally serves"), TERMS)
    # M-N notice
    notice_working_days = rule_number("M-N1", 1, _("Notice reaches members before the meeting"), _("working days"))
    major_materials_working_days = rule_number(
        "M-N1", 1, _("Materials of major matters reach members before the meeting"), _("working days")
    )
    # M-Q quorum (fractions below) and the five-person group
    standing_quorum_numerator = models.PositiveSmallIntegerField(_("numerator"), default=1, help_text="M-Q1")
    standing_quorum_denominator = models.PositiveSmallIntegerField(_("denominator"), default=2, help_text="M-Q1")
    standing_quorum_strict = models.BooleanField(_("strictly more than"), default=True, help_text="M-Q1")
    personnel_quorum_numerator = models.PositiveSmallIntegerField(_("numerator"), default=2, help_text="M-Q2")
    personnel_quorum_denominator = models.PositiveSmallIntegerField(_("denominator"), default=3, help_text="M-Q2")
    personnel_quorum_strict = models.BooleanField(_("strictly more than"), default=False, help_text="M-Q2")
    secretary_office_quorum_numerator = models.PositiveSmallIntegerField(_("numerator"), default=1, help_text="M-Q4")
    secretary_office_quorum_denominator = models.PositiveSmallIntegerField(
        _("denominator"), default=2, help_text="M-Q4"
    )
    secretary_office_quorum_strict = models.BooleanField(_("strictly more than"), default=True, help_text="M-Q4")
    five_person_min_present = rule_number("M-Q5", 4, _("Five-person group: members present at least"), PEOPLE)
    recused_count_as_present = rule_flag("M-Q6", False, _("Recused members count as present for the item's quorum"))
    # M-V voting
    pass_threshold_numerator = models.PositiveSmallIntegerField(_("numerator"), default=1, help_text="M-V4")
    pass_threshold_denominator = models.PositiveSmallIntegerField(_("denominator"), default=2, help_text="M-V4")
    pass_threshold_strict = models.BooleanField(_("strictly more than"), default=True, help_text="M-V4")
    close_vote_margin = rule_number("M-V5", 1, _("Support and opposition are 'close' within"), _("votes"))
    # M-C cadence
    standing_meeting_interval_months = rule_number(
        "M-C1", 1, _("Regular standing committee meeting every"), _("months")
    )
    briefing_interval_days = rule_number("M-C1", 15, _("Standing committee briefing every"), _("days"))
    town_briefing_interval_days = rule_number("M-C1", 7, _("Town briefing every"), _("days"))
    plenary_report_interval_months = rule_number(
        "M-C1", 6, _("Standing committee reports to the plenary every"), _("months")
    )
    central_study_per_quarter = rule_number("M-C2", 1, _("Central study sessions per quarter, at least"), _("times"))
    central_study_days_per_year = rule_number("M-C2", 12, _("Central study days per year, at least"), _("days"))
    town_study_hours_per_week = rule_number("M-C2", 4, _("Town committee study per week, at least"), _("hours"))
    democratic_life_per_year = rule_number("M-C3", 1, _("Democratic life meetings per year, at least"), _("times"))
    congress_sessions_per_year = rule_number("M-C4", 1, _("Party congress annual sessions per year"), _("times"))
    proposal_cosigners_min = rule_number(
        "M-C4", 1, _("Delegates co-signing a proposal besides its author, at least"), PEOPLE
    )
    branch_report_interval_months = rule_number("M-C5", 3, _("Branches report to the town every"), _("months"))
    member_report_interval_months = rule_number("M-C5", 2, _("Party members report every"), _("months"))
    away_member_threshold_months = rule_number(
        "M-C5", 3, _("Members away longer than this report quarterly in writing"), _("months")
    )
    # DL democratic life
    dl_rectification_months = rule_number(
        "DL-3", 1, _("Rectification after the democratic life meeting within"), _("months")
    )
    # L leave and travel
    trip_report_days_ahead = rule_number("L-2", 3, _("Trips reported to the principal leader ahead"), _("days"))
    leave_principal_max_days = rule_number("L-3", 3, _("Principal leader alone approves up to"), _("days"))
    leave_filing_max_days = rule_number(
        "L-3", 7, _("Principal leader approves and files with the parent up to"), _("days")
    )
    town_trip_report_over_days = rule_number(
        "L-6", 1, _("Town: trips longer than this are reported and reported back"), _("days")
    )
    leave_summary_interval_months = rule_number("L-8", 6, _("Leave summary to the parent every"), _("months"))
    town_days_present_per_month = rule_number("L-9", 22, _("Town cadres stay in town per month, at least"), _("days"))
    # S supervision
    rectification_report_days = rule_number("S-3", 7, _("Rectification report after problems found within"), _("days"))
    failed_inspections_award_loss = rule_number(
        "S-4", 2, _("Consecutive failed inspections that cost the year's awards"), _("times")
    )
    # A accountability
    letter_inquiry_reply_days = rule_number("A-7", 15, _("Reply to a written inquiry within"), _("days"))
    evaluation_flag_numerator = models.PositiveSmallIntegerField(_("numerator"), default=1, help_text="A-8")
    evaluation_flag_denominator = models.PositiveSmallIntegerField(_("denominator"), default=3, help_text="A-8")
    evaluation_flag_strict = models.BooleanField(_("strictly more than"), default=True, help_text="A-8")
    weak_village_criticism_percent = rule_number(
        "A-10", 10, _("Weak village teams from this share: the town team is criticised"), "%"
    )
    weak_village_adjustment_percent = rule_number(
        "A-10", 20, _("Weak village teams over this share: adjustment or demotion"), "%"
    )
    last_rank_admonishment_years = rule_number("A-10", 2, _("Ranked last this many years: admonishment"), _("years"))
    last_rank_adjustment_years = rule_number("A-10", 3, _("Ranked last this many years: adjustment"), _("years"))
    # R reports with deadlines
    emergency_report_minutes = rule_number(
        "R-1", 120, _("Emergency reported to the higher level within"), pgettext_lazy("unit", "minutes")
    )
    personal_matter_days = rule_number("R-2", 30, _("Personal matters reported within"), _("days"))
    family_event_days_before = rule_number("R-3", 10, _("Family events declared before the event"), _("days"))
    funeral_written_days_after = rule_number(
        "R-3", 10, _("Written form after an oral funeral report within"), _("days")
    )
    party_group_report_interval_months = rule_number("R-4", 3, _("Party groups report every"), _("months"))
    # P petitions
    petition_answer_days = rule_number("P-3", 60, _("Petitions completed and answered within"), _("days"))
    petition_extension_days = rule_number("P-3", 30, _("Complex petitions extended by at most"), _("days"))
    petition_max_extensions = rule_number("P-3", 1, _("Extensions allowed per petition"), _("times"))
    petition_representatives_max = rule_number("P-5", 5, _("Representatives of a group petition, at most"), PEOPLE)
    # X other work systems
    disclosure_checks_per_year = rule_number("X-2", 2, _("Routine openness checks per year, at least"), _("times"))
    principal_talks_per_year = rule_number(
        "X-3", 2, _("Principal leader talks with each team member per year, at least"), _("times")
    )
    city_grassroots_days_per_year = rule_number(
        "X-6", 90, _("City standing members' grassroots research per year, at least"), _("days")
    )
    district_village_days_per_year = rule_number(
        "X-6", 15, _("District standing members' days in villages per year, at least"), _("days")
    )
    town_secretary_village_days_per_year = rule_number(
        "X-6", 30, _("Town secretary's stay in a backward village per year, at least"), _("days")
    )
    town_secretary_branch_meetings_per_year = rule_number(
        "X-6", 6, _("Town secretary's branch or villager meetings per year, at least"), _("times")
    )
    research_topics_per_year = rule_number(
        "X-6", 1, _("Research topics and reports per standing member per year, at least"), _("times")
    )
    team_talks_per_year = rule_number(
        "X-3", 2, _("Team members talk with their department heads per year, at least"), _("times")
    )
    staff_talks_per_quarter = rule_number(
        "X-3", 1, _("Department heads talk with their staff per quarter, at least"), _("times")
    )
    interview_days_per_month = rule_number("X-4", 1, _("Requested-interview days per month, at least"), _("days"))
    must_talk_days = rule_number("X-3", 30, _("A must-talk talk held within"), _("days"))
    opinion_feedback_days = rule_number(
        "X-1", 30, _("Public opinion: the source told of the adoption decision within"), _("days")
    )
    disclosure_excellent_bonus_percent = rule_number(
        "X-2", 20, _("Openness rated excellent: added to the annual assessment"), "%"
    )
    disclosure_good_bonus_percent = rule_number(
        "X-2", 10, _("Openness rated good: added to the annual assessment"), "%"
    )
    disclosure_fail_penalty_percent = rule_number(
        "X-2", 20, _("Openness failed: deducted from the annual assessment"), "%"
    )
    disclosure_excellent_score = rule_number("X-2", 90, _("Openness rated excellent from"), _("points"))
    disclosure_good_score = rule_number("X-2", 80, _("Openness rated good from"), _("points"))
    disclosure_pass_score = rule_number("X-2", 60, _("Openness rated pass from"), _("points"))
    disclosure_annual_check_days = rule_number(
        "X-2", 31, _("Year-end openness check held by this day of the next year"), _("days")
    )
    # X-2 the 100-point score sheet (003 党务公开 第八条, its five parts): points of each part.
    disclosure_content_points = rule_number("X-2", 30, _("Score sheet: content complete and true"), _("points"))
    disclosure_system_points = rule_number("X-2", 30, _("Score sheet: leadership and procedures"), _("points"))
    disclosure_publicity_points = rule_number("X-2", 20, _("Score sheet: publicity, timeliness and form"), _("points"))
    disclosure_supervision_points = rule_number(
        "X-2", 15, _("Score sheet: supervision and people's satisfaction"), _("points")
    )
    disclosure_other_points = rule_number("X-2", 5, _("Score sheet: other items set by the office"), _("points"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")
        ordering = ["rule_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "number"], name="unique_rule_set_version_number"),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{f.prefix}_denominator__gt": 0})
                & Q(**{f"{f.prefix}_numerator__lte": models.F(f"{f.prefix}_denominator")}),
                name=f"{f.prefix}_is_proper_fraction",
            )
            for f in FRACTION_RULES
        ]

    def __str__(self) -> str:
        return _("%(rule_set)s, version %(number)s") % {"rule_set": self.rule_set, "number": self.number}

    def fraction(self, prefix: str) -> tuple[Fraction, bool]:
        """The fraction ``prefix`` as (exact Fraction, strict) – 2/3 of 9 is 6, exactly."""
        return (
            Fraction(getattr(self, f"{prefix}_numerator"), getattr(self, f"{prefix}_denominator")),
            getattr(self, f"{prefix}_strict"),
        )

    def clean(self) -> None:
        """X-2: the parts of the openness score sheet add up to 100 points, and the grades rise –
        pass below good below excellent, excellent at most 100."""
        errors = {}
        try:
            points = sum(getattr(self, name) for name in DISCLOSURE_SHEET_FIELDS)
            if points != 100:
                errors["disclosure_content_points"] = MSG_SHEET_NOT_100 % {"points": points}
            if not self.disclosure_pass_score < self.disclosure_good_score < self.disclosure_excellent_score <= 100:
                errors["disclosure_excellent_score"] = MSG_GRADES_DO_NOT_RISE
        except TypeError:  # a value missing: its field reports it
            return
        if errors:
            raise ValidationError(errors)

    @classmethod
    def rule_fields(cls) -> list[models.Field]:
        """The single-valued rule parameters (numbers and flags), in declaration order."""
        return [f for f in cls._meta.concrete_fields if hasattr(f, "rule_id")]


class RuleVersioned(models.Model):
    """Objects made under a rule-set version record it, so later edits never change them."""

    rule_set_version = models.ForeignKey(
        RuleSetVersion, models.PROTECT, related_name="+", verbose_name=_("rule set version")
    )

    class Meta:
        abstract = True


# --------------------------------------------------------------------------- organisation


#: O-1: a committee reports to a committee of a higher level, in a tree.
MSG_PARENT_OF_LOWER_LEVEL = _("A %(level)s cannot report to a %(parent_level)s.")
MSG_TREE_CYCLE = _("The committee tree cannot contain a cycle.")


class Committee(models.Model):
    """O-1: committees form a tree city → county/district → town/street → branch."""

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("higher-level committee")
    )
    rule_set = models.ForeignKey(
        RuleSet,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("rule set"),
        help_text=_("Leave empty to inherit the higher-level committee's rule set."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_committee_name_under_parent"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="committee_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """O-1: a committee's parent is of a higher level, and the tree has no cycles."""
        if self.parent_id is None:
            return
        parent = self.parent
        if LEVEL_RANK[parent.level] >= LEVEL_RANK[self.level]:
            raise ValidationError(
                {
                    "parent": MSG_PARENT_OF_LOWER_LEVEL
                    % {"level": self.get_level_display(), "parent_level": parent.get_level_display()}
                }
            )
        seen = {self.pk}
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": MSG_TREE_CYCLE})
            seen.add(parent.pk)
            parent = parent.parent

    @property
    def is_town_level(self) -> bool:
        return self.level in (Level.TOWN, Level.STREET)


class Body(models.Model):
    """A body of a committee: plenary, standing committee, secretary office, offices…"""

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="bodies", verbose_name=_("committee"))
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["committee", "kind"]
        constraints = [models.UniqueConstraint(fields=["committee", "kind"], name="unique_body_kind_per_committee")]

    def __str__(self) -> str:
        return f"{self.committee} · {self.name or self.get_kind_display()}"


class Term(models.Model):
    """O-2: a committee's term (届), e.g. the 14th committee from 2021 to 2026."""

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="terms", verbose_name=_("committee"))
    number = models.PositiveSmallIntegerField(_("term number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_term_number"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="term_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)s, term %(number)s") % {"committee": self.committee, "number": self.number}


class Person(models.Model):
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True, help_text=_("Official post, e.g. 县委书记"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login account"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Of the e-mails this person receives; empty: the default language (Simplified Chinese)."),
    )
    feed_generation = models.PositiveIntegerField(
        _("calendar feed generation"),
        default=0,
        editable=False,
        help_text=_("Part of the calendar feed address; raised to revoke the old address."),
    )
    history = HistoricalRecords(excluded_fields=["feed_generation"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class RecordedBy(models.Model):
    """Who entered a row on someone's behalf – the office recording a member's stance, the
    inspector recording a talk. The person shown on the page; the login account that acted is in
    the row's history (``history_user``, set by the service from ``acting_user``)."""

    recorded_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        abstract = True


class DatedQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """Rows in force on ``day`` (start and end dates inclusive)."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class RoleAssignmentQuerySet(DatedQuerySet):
    def team(self) -> RoleAssignmentQuerySet:
        return self.filter(role__in=TEAM_ROLES)


class RoleAssignment(models.Model):
    """O-2: a person holds a role on a committee from start_date to end_date (inclusive)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="roles", verbose_name=_("person"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="roles", verbose_name=_("committee"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Last day in the role."))
    term = models.ForeignKey(Term, models.SET_NULL, null=True, blank=True, related_name="roles", verbose_name=_("term"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["committee", "start_date", "pk"]
        indexes = [models.Index(fields=["committee", "role", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.committee} · {self.get_role_display()}"

    def is_held_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Portfolio(models.Model):
    """O-3: division of work (分工) – which member is in charge of which area, when."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="portfolios", verbose_name=_("person"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="portfolios", verbose_name=_("committee"))
    area = models.CharField(_("area"), max_length=30, choices=PortfolioArea.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["committee", "area", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="portfolio_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_area_display()}"


# --------------------------------------------------------------------------- calendar


class CalendarYear(models.Model):
    """A year whose official holiday schedule has been entered (from chinesecalendar or by hand)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    is_official = models.BooleanField(
        _("official schedule entered"),
        default=True,
        help_text=_("Untick while the State Council's schedule for the year is not yet complete."),
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class WorkdayOverride(models.Model):
    """A date that differs from the Monday–Friday week: a holiday, or an adjusted working weekend (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 国庆节"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_workday else _("holiday")
        return f"{self.date:%Y-%m-%d} {self.name} ({kind})"
