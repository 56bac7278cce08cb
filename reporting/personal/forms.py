"""Forms and list filters of personal-matter reports (R-2) and family-event declarations (R-3)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import DateInput, MonthFilter, month_bounds
from committees.models import Committee, Person

from . import selectors
from .models import (
    PROHIBITIONS,
    RELATIVES_ONLY,
    FamilyEventDeclaration,
    FamilyEventKind,
    MatterKind,
    Occasion,
    PersonalMatterReport,
    Relation,
    ReportForm,
    ReviewOutcome,
)
from .services import REPLY_RESPONSE_DAYS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ActionForm(forms.Form):
    """One of several forms on a detail page: distinct HTML ids, same field names."""

    id_prefix = "action"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------------------


class ReportEventForm(forms.Form):
    """Record an event of 第三条/第四条 and file its report now, or only record it and file later."""

    FILE_NOW = "file"
    RECORD_ONLY = "record"

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    kind = forms.ChoiceField(label=_("Kind of matter"), choices=[("", "---------"), *MatterKind.choices])
    event_date = forms.DateField(label=_("Event date"), widget=DateInput())
    description = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What changed: names, dates, places, amounts. Needed when you file now."),
    )
    late_reason = forms.CharField(
        label=_("Special reason for the late report"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only for a report filed more than 30 days after the event (R-2, 第五条)."),
    )
    reason_ended_on = forms.DateField(label=_("Special reason ended on"), widget=DateInput(), required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()

    def clean(self):
        data = super().clean()
        if self.data.get("action") != self.RECORD_ONLY and not data.get("description", "").strip():
            self.add_error("description", _("Describe the matter you report."))
        return data


class FileReportForm(ActionForm):
    id_prefix = "file"

    description = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))
    late_reason = forms.CharField(
        label=_("Special reason for the late report"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason_ended_on = forms.DateField(label=_("Special reason ended on"), widget=DateInput(), required=False)


class ReplyForm(ActionForm):
    id_prefix = "reply"

    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))
    response_days = forms.IntegerField(
        label=_("The cadre acts on it within (days)"), min_value=1, max_value=365, initial=REPLY_RESPONSE_DAYS
    )


class RespondForm(ActionForm):
    id_prefix = "respond"

    response = forms.CharField(label=_("How I acted on the reply"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyOutcomeForm(ActionForm):
    id_prefix = "outcome"

    followed = forms.TypedChoiceField(
        label=_("Did the cadre follow the reply?"),
        choices=[("yes", _("Yes, followed")), ("no", _("No, not followed"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MarkForm(ActionForm):
    id_prefix = "mark"

    is_untruthful = forms.BooleanField(label=_("Untruthful report"), required=False)
    is_concealed = forms.BooleanField(label=_("Matter concealed"), required=False)
    note = forms.CharField(label=_("Note on the finding"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ResignationForm(forms.Form):
    """The organisation department records a resignation: the report is due at once (第六条)."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    person = forms.ModelChoiceField(label=_("Cadre"), queryset=Person.objects.none())
    applied_at = forms.DateTimeField(
        label=_("Resignation applied for at"), widget=DateTimeInput(), initial=timezone.localtime
    )

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        person, committee = data.get("person"), data.get("committee")
        if person and committee and not selectors.team_committees(person).filter(pk=committee.pk).exists():
            self.add_error("person", _("This person is not a member of the committee's leadership team."))
        if data.get("applied_at") and data["applied_at"] > timezone.now():
            self.add_error("applied_at", _("The application cannot be in the future."))
        return data


class ReportStatus:
    PENDING = "pending"
    FILED = "filed"
    OVERDUE = "overdue"
    LATE = "late"
    UNTRUTHFUL = "untruthful"
    CONCEALED = "concealed"
    REPLY_IGNORED = "reply_ignored"
    ACCOUNTABILITY = "accountability"

    choices = [
        (PENDING, _("Not yet filed")),
        (FILED, _("Filed")),
        (OVERDUE, _("Overdue (not filed)")),
        (LATE, _("Filed late")),
        (UNTRUTHFUL, _("Untruthful")),
        (CONCEALED, _("Concealed")),
        (REPLY_IGNORED, _("Reply ignored")),
        (ACCOUNTABILITY, _("Any ground for handling")),
    ]


class ReportFilter(ListFilterSet):
    committee = CommitteeFilter(queryset=Committee.objects.none(), label=_("Committee"))
    kind = django_filters.ChoiceFilter(choices=MatterKind.choices, label=_("Kind of matter"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("Occasion"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, method="filter_status", label=_("Status"))
    month = MonthFilter(method="filter_month", label=_("Filed in month"))

    class Meta:
        model = PersonalMatterReport
        fields = ["committee", "kind", "occasion"]

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is None:
            del self.filters["committee"]
        else:
            self.filters["committee"].queryset = committees

    def filter_status(self, queryset, name, value):
        return selectors.with_status(queryset, value)

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)
        return queryset.filter(filed_at__gte=start, filed_at__lt=end)


# ---------------------------------------------------------------------------


def _checklist_fields() -> dict[str, forms.BooleanField]:
    """Checkboxes, not required by the form: the service refuses an unconfirmed list citing R-3."""
    fields = {name: forms.BooleanField(label=label, required=False) for name, label in PROHIBITIONS}
    fields[RELATIVES_ONLY[0]] = forms.BooleanField(
        label=RELATIVES_ONLY[1], required=False, help_text=_("Required for school, full-month and birthday banquets.")
    )
    return fields


CHECKLIST_NAMES = [name for name, _label in PROHIBITIONS] + [RELATIVES_ONLY[0]]


class WrittenDetailsForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    place = forms.CharField(label=_("Place"), max_length=200)
    guest_count = forms.IntegerField(label=_("Number of guests"), min_value=0, required=False)
    table_count = forms.IntegerField(label=_("Number of tables"), min_value=0, max_value=32767, required=False)
    spending_standard = forms.DecimalField(
        label=_("Standard (yuan per table)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_checklist_fields())

    def confirmations(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(name, False) for name in CHECKLIST_NAMES}

    def checklist_fields(self):
        return [self[name] for name in CHECKLIST_NAMES]

    def detail_fields(self):
        return [self[name] for name in self.fields if name not in CHECKLIST_NAMES]


class DeclareFamilyEventForm(WrittenDetailsForm):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    kind = forms.ChoiceField(label=_("Kind of event"), choices=FamilyEventKind.choices)
    relation = forms.ChoiceField(label=_("Whose event"), choices=Relation.choices, initial=Relation.SELF)
    report_form = forms.ChoiceField(label=_("Form of the report"), choices=ReportForm.choices)
    event_at = forms.DateTimeField(label=_("Time of the event"), widget=DateTimeInput())

    field_order = ["committee", "kind", "relation", "report_form", "event_at", "reason", "place"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first()
        self.order_fields([*self.field_order, "guest_count", "table_count", "spending_standard", *CHECKLIST_NAMES])


class ReviewForm(ActionForm):
    id_prefix = "review"

    outcome = forms.ChoiceField(label=_("Review outcome"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("Review note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DeclarationFilter(ListFilterSet):
    committee = CommitteeFilter(queryset=Committee.objects.none(), label=_("Committee"))
    kind = django_filters.ChoiceFilter(choices=FamilyEventKind.choices, label=_("Kind of event"))
    review_outcome = django_filters.ChoiceFilter(
        choices=[("none", _("Not reviewed")), *ReviewOutcome.choices],
        method="filter_review",
        label=_("Review outcome"),
    )
    awaiting_written = django_filters.BooleanFilter(
        method="filter_awaiting", label=_("Written form outstanding"), widget=forms.CheckboxInput()
    )
    month = MonthFilter(method="filter_month", label=_("Event month"))

    class Meta:
        model = FamilyEventDeclaration
        fields = ["committee", "kind"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees

    def filter_review(self, queryset, name, value):
        return queryset.filter(review_outcome="" if value == "none" else value)

    def filter_awaiting(self, queryset, name, value):
        return queryset.filter(selectors.awaiting_written_form_q()) if value else queryset

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)
        return queryset.filter(event_at__gte=start, event_at__lt=end)
