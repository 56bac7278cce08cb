from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import bounds
from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import TextSearchFilter, YearFilter
from committees.models import Committee, Person
from committees.uploads import validate_document, validate_pdf

from .models import (
    AgendaCategory,
    AttachmentKind,
    AttendanceStatus,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    ObserverKind,
    RecusalReason,
    StanceChoice,
    VoteChoice,
    VoteMethod,
)
from .selectors.access import titled
from .services.attendance import SheetRow, shown_row
from .services.votes import BallotEntry, CountedBallots


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class MeetingFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingStatus.choices)
    start_from = django_filters.DateFilter(
        label=_("From"), field_name="start_at", lookup_expr="date__gte", widget=DateInput()
    )
    start_to = django_filters.DateFilter(
        label=_("To"), field_name="start_at", lookup_expr="date__lte", widget=DateInput()
    )
    #: Issue 14: the meeting's title or an agenda item's, through their grams indexes
    #: (``committees.search``, meetings 0010).
    q = TextSearchFilter(label=_("Title or agenda item"), method="title_or_item")

    class Meta:
        model = Meeting
        fields = ["committee", "kind", "status", "start_from", "start_to", "q"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees

    def title_or_item(self, queryset, name, value):
        return titled(queryset, value)


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    start_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    end_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = forms.ModelChoiceField(
        label=_("Chair"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Leave empty: the secretary chairs and states their stance last (M-D2)."),
    )
    recorder = forms.ModelChoiceField(
        label=_("Recorder"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "Leave empty: the deputy secretary records secretary office meetings, the organisation member "
            "the five-person group (M-M1)."
        ),
    )

    def __init__(self, *args, committees, people, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["chair"].queryset = people
        self.fields["recorder"].queryset = people
        if meeting is not None:
            for name in ("committee", "kind"):
                self.fields[name].disabled = True
            if meeting.is_notice_sent:
                for name in ("start_at", "end_at"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed by the notice.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_at"), data.get("end_at")
        if start and end and end < start:
            self.add_error("end_at", _("The meeting cannot end before it starts."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=AgendaCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposed_by = forms.ModelChoiceField(
        label=_("Proposed by (member)"), queryset=Person.objects.none(), required=False
    )
    proposing_department = forms.CharField(label=_("…or proposing department"), max_length=100, required=False)
    member_in_charge = forms.ModelChoiceField(
        label=_("Member in charge"), queryset=Person.objects.none(), required=False
    )
    department_consent = forms.BooleanField(
        label=_("The member in charge consents to the department's item"), required=False
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential"), required=False, help_text=_("Personnel items are always confidential by default.")
    )
    needs_alternatives = forms.BooleanField(label=_("Needs two or more alternative proposals (M-N5)"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = members
        self.fields["member_in_charge"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("proposed_by") and data.get("proposing_department", "").strip():
            raise forms.ValidationError(_("Choose a proposing member or a department, not both."))
        return data


class ItemEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=AgendaCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    member_in_charge = forms.ModelChoiceField(
        label=_("Member in charge"), queryset=Person.objects.none(), required=False
    )
    is_confidential = forms.BooleanField(label=_("Confidential"), required=False)
    needs_alternatives = forms.BooleanField(label=_("Needs two or more alternative proposals (M-N5)"), required=False)
    member_in_charge_absence_reason = forms.CharField(
        label=_("Special reason for the absence of the member in charge (M-Q3)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_in_charge"].queryset = members


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"), validators=[validate_document])


class StanceForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    stance = forms.ChoiceField(label=_("Stance"), choices=StanceChoice.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class RecusalForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=RecusalReason.choices)
    details = forms.CharField(label=_("Details"), required=False, max_length=2000)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class WrittenOpinionForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    text = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", "—"), *StanceChoice.choices],
        required=False,
        help_text=_("Counts when judging whether a vote is close (M-V5), never as a vote (M-D3)."),
    )
    file = forms.FileField(label=_("File"), required=False, validators=[validate_document])
    submitted_at = forms.DateTimeField(
        label=_("Submitted at"),
        widget=DateTimeInput(),
        initial=now_minute,
        help_text=_("Before the meeting starts (M-D3)."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        if len(members) == 1:
            self.fields["person"].initial = members[0]

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write the opinion or attach it."))
        return data


class DeferForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for leave"), max_length=500)
    approved_by = forms.ModelChoiceField(
        label=_("Approved by"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The secretary; for the five-person group the deputy secretary (M-N4). Empty: request only."),
    )

    def __init__(self, *args, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = approvers


class PresenceForm(forms.Form):
    arrived_at = forms.DateTimeField(
        label=_("Arrived at"), widget=DateTimeInput(), required=False, help_text=_("Empty: from the start.")
    )


class DepartureForm(forms.Form):
    left_at = forms.DateTimeField(label=_("Left at"), widget=DateTimeInput(), initial=now_minute)


class AttendanceRowForm(forms.Form):
    """One member's row of the attendance sheet (prefix ``row-<attendance id>``): the status, the
    times on the meeting's day (present from, left at) and the leave (reason, approver, M-N4)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Attendance"), required=False)
    arrived_at = forms.TimeField(label=_("Present from"), required=False, widget=TimeInput())
    left_at = forms.TimeField(label=_("Left at"), required=False, widget=TimeInput())
    reason = forms.CharField(label=_("Reason for leave"), max_length=500, required=False)
    approved_by = forms.ModelChoiceField(
        label=_("Approved by"), queryset=Person.objects.none(), required=False, empty_label=_("request only")
    )

    def __init__(self, *args, row, meeting, approvers, version, **kwargs):
        shown = shown_row(row, version)
        initial = {
            "version": version,
            "status": shown.status,
            "arrived_at": _local_time(shown.arrived_at),
            "left_at": _local_time(shown.left_at),
            "reason": shown.reason,
            "approved_by": shown.approved_by,
        }
        super().__init__(*args, prefix=f"row-{row.pk}", initial=initial, **kwargs)
        self.row, self.meeting = row, meeting
        in_session = meeting.status == MeetingStatus.IN_SESSION
        choices = [("", _("—"))]
        if in_session or shown.status == AttendanceStatus.PRESENT:
            choices.append((AttendanceStatus.PRESENT, _("Present")))
        choices.append((AttendanceStatus.LEAVE, _("Leave")))
        if in_session or shown.status == AttendanceStatus.ABSENT:
            choices.append((AttendanceStatus.ABSENT, _("Absent without leave")))
        self.fields["status"].choices = choices
        self.fields["approved_by"].queryset = approvers
        name = row.display_name
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{field.label} · {name}"
        self.fields["reason"].widget.attrs["placeholder"] = _("Reason for leave")

    def sheet_row(self):
        """The row as the service takes it, the times on the meeting's day in Beijing time."""
        data = self.cleaned_data
        return SheetRow(
            attendance_id=self.row.pk,
            version=data["version"],
            status=data["status"],
            arrived_at=_on_meeting_day(self.meeting, data["arrived_at"]),
            left_at=_on_meeting_day(self.meeting, data["left_at"]),
            reason=data["reason"],
            approved_by=data["approved_by"],
        )


def _local_time(moment):
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).time().replace(second=0, microsecond=0)


def _on_meeting_day(meeting, time):
    """A time of day on the meeting's date, in Beijing time (the site's time zone)."""
    if time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(meeting.date, time), timezone.get_default_timezone())


class ObserverForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(label=_("…or name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ObserverKind.choices, initial=ObserverKind.DELEGATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name", "").strip():
            raise forms.ValidationError(_("Choose a person or enter a name."))
        return data


class EmergencyHandlingForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    title = forms.CharField(label=_("Emergency"), max_length=200)
    handled_by = forms.ModelChoiceField(label=_("Handled by"), queryset=Person.objects.none())
    principal_consulted = forms.ModelChoiceField(label=_("Principal leader consulted"), queryset=Person.objects.none())
    consulted_at = forms.DateTimeField(label=_("Consulted at"), widget=DateTimeInput())
    handled_at = forms.DateTimeField(label=_("Handled at"), widget=DateTimeInput(), initial=now_minute)
    actions = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["handled_by"].queryset = people
        self.fields["principal_consulted"].queryset = people
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0]


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


# --------------------------------------------------------------------------- votes, decisions, minutes


class VoteOpenForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"), choices=[("", _("Default for the category (M-V2)")), *VoteMethod.choices], required=False
    )
    reason = forms.CharField(label=_("Reason for a stricter method"), max_length=500, required=False)
    is_emergency = forms.BooleanField(label=_("Emergency (not deferred when close, M-V5)"), required=False)


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect)


class RecordBallotForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    choice = forms.ChoiceField(label=_("Vote"), choices=VoteChoice.choices)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class VoteCloseForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    basis = forms.CharField(label=_("Basis and reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible for implementation"), queryset=Person.objects.none(), required=False
    )
    supervision = forms.CharField(label=_("How it is supervised"), max_length=2000, required=False)
    refer_upward = forms.BooleanField(label=_("Ask the higher level to rule"), required=False)
    referral_note = forms.CharField(label=_("Referral note"), max_length=2000, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members


class ConsensusForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution / recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("Basis and reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReservationForm(forms.Form):
    text = forms.CharField(label=_("Reservation"), widget=forms.Textarea(attrs={"rows": 2}))
    report_upward = forms.BooleanField(label=_("Report it to the higher level"), required=False)


class InvalidateForm(forms.Form):
    reason = forms.CharField(label=_("Why the decision is invalid"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none())
    year = YearFilter(label=_("Year"), field_name="decided_at", lookup_expr="year")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=AgendaCategory.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DecisionStatus.choices)
    q = TextSearchFilter(label=_("Text"), field_name="resolution")

    class Meta:
        model = Decision
        fields = ["committee", "year", "category", "status", "q"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees


class MinutesFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none())
    year = YearFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MinutesStatus.choices)
    q = TextSearchFilter(label=_("Text"), field_name="search_text")

    class Meta:
        model = Minutes
        fields = ["committee", "year", "status", "q"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees


class MinutesSummaryForm(forms.Form):
    summary = forms.CharField(label=_("Recorder's summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    regenerate = forms.BooleanField(label=_("Regenerate from the records"), required=False)


class DistributeForm(forms.Form):
    departments = forms.CharField(
        label=_("Departments concerned"),
        help_text=_("One a line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    higher_leaders = forms.ModelMultipleChoiceField(
        label=_("Leader in charge at the higher level"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["higher_leaders"].queryset = people


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("PDF of the minutes"), required=False, validators=[validate_pdf])
    text = forms.CharField(
        label=_("…or the fingerprint / text"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


# --------------------------------------------------------------------------- votes: grid, counts (issue 13)


class BallotGridForm(forms.Form):
    """The named-ballot grid (oral and named votes): one yes / no / abstain radio group per
    member who may vote, and the choice the page showed for each row (``seen_<id>``), so a row
    recorded meanwhile by someone else is refused, not overwritten."""

    def __init__(self, *args, rows, refused=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._rows = rows
        self.refused = refused or {}
        for person, ballot in rows:
            # Every row has its radio group, even one recorded since the page was shown: what the
            # page sent for it is then compared with what is recorded (a stale row is refused).
            self.fields[f"choice_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=VoteChoice.choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"seen_{person.pk}"] = forms.ChoiceField(
                choices=[("", ""), *VoteChoice.choices],
                initial=ballot.choice if ballot else "",
                widget=forms.HiddenInput,
                required=False,
            )

    def rows(self) -> list[dict]:
        """What each row of the grid shows: the member, the ballot already recorded, the radio
        group, and the row's refusal."""
        shown = []
        for person, ballot in self._rows:
            choice = self[f"choice_{person.pk}"] if ballot is None else None
            errors = list(choice.errors) if choice is not None else []
            if person.pk in self.refused:
                errors.append(self.refused[person.pk])
            shown.append(
                {
                    "person": person,
                    "ballot": ballot,
                    "choice": choice,
                    "seen": self[f"seen_{person.pk}"],
                    "errors": errors,
                }
            )
        return shown

    def entries(self):
        return [
            BallotEntry(
                person=person,
                choice=self.cleaned_data.get(f"choice_{person.pk}") or "",
                seen=self.cleaned_data.get(f"seen_{person.pk}") or "",
            )
            for person, _ballot in self._rows
        ]


class CountsForm(forms.Form):
    """A show of hands counted in the room, or the counted paper ballots of a secret ballot
    (M-V6: numbers only, no names)."""

    yes = forms.IntegerField(label=_("Yes"), min_value=0, required=False)
    no = forms.IntegerField(label=_("No"), min_value=0, required=False)
    abstain = forms.IntegerField(label=_("Abstain"), min_value=0, required=False)
    invalid = forms.IntegerField(label=_("Invalid paper ballots"), min_value=0, required=False)

    def __init__(self, *args, paper: bool = False, required: bool = False, **kwargs):
        kwargs.setdefault("prefix", "count")
        super().__init__(*args, **kwargs)
        self.is_paper, self.is_required = paper, required
        if not paper:
            del self.fields["invalid"]
        for field in self.fields.values():
            # A text box four digits wide with the phone's number pad (a number input ignores
            # ``size`` and would need CSS); the service checks the figures.
            field.widget = forms.TextInput(
                attrs={"inputmode": "numeric", "pattern": "[0-9]*", "size": 4, "class": "count-input"}
            )

    def clean(self):
        data = super().clean()
        if self.is_required and all(data.get(name) is None for name in self.fields):
            raise forms.ValidationError(_("Enter the counts of the show of hands."))
        return data

    def counted(self):
        """The counts entered, or None when every count was left blank."""
        values = {name: self.cleaned_data.get(name) for name in self.fields}
        if all(value is None for value in values.values()):
            return None
        return CountedBallots(**{name: value or 0 for name, value in values.items()})


# Issue 14 (calendar): what the meeting calendar shows, read from its query string.
MSG_CALENDAR_BAD_MONTH = _("“%(value)s” is not a month between %(first)s and %(last)s: write it as 2027-03.")
MSG_CALENDAR_BAD_WEEK = _("“%(value)s” is not a week between %(first)s and %(last)s: write it as 2027-W10.")


class CalendarForm(forms.Form):
    """``?month=2027-03`` (the default view) or ``?view=week&week=2027-W10`` (ISO weeks), and an
    optional visible committee. A value that cannot be read is reported and today's month or week
    is shown instead."""

    view = forms.ChoiceField(label=_("View"), choices=[("month", _("Month")), ("week", _("Week"))], required=False)
    month = forms.CharField(label=_("Month"), required=False, max_length=20)
    week = forms.CharField(label=_("Week"), required=False, max_length=20)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False, empty_label=_("All committees")
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            first = datetime.date(year, month, 1)
        except ValueError:
            first = None
        if first is None or year not in bounds.YEARS:
            raise forms.ValidationError(
                MSG_CALENDAR_BAD_MONTH % {"value": value, "first": bounds.YEARS.start, "last": bounds.YEARS.stop - 1}
            )
        return first

    def clean_week(self) -> datetime.date | None:
        value = self.cleaned_data["week"].strip()
        if not value:
            return None
        try:
            year, week = value.upper().split("-W")
            monday = datetime.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            monday = None
        sunday = monday and monday + datetime.timedelta(days=6)
        if monday is None or monday.year not in bounds.YEARS or sunday.year not in bounds.YEARS:
            raise forms.ValidationError(
                MSG_CALENDAR_BAD_WEEK % {"value": value, "first": bounds.YEARS.start, "last": bounds.YEARS.stop - 1}
            )
        return monday
