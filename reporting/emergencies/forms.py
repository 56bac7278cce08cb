from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import MonthFilter, month_bounds
from committees.models import Committee, Person
from committees.uploads import validate_document

from .models import Emergency, EmergencyKind
from .selectors import not_reported_in_time


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern of Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class EmergencyForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    title = forms.CharField(label=_("Incident"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EmergencyKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=DateTimeInput())
    known_at = forms.DateTimeField(
        label=_("Known at"),
        widget=DateTimeInput(),
        initial=now_minute,
        help_text=_("When the incident became known. The report is due within the rule set's limit from then (R-1)."),
    )
    known_by = forms.CharField(
        label=_("Known by"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who knows of the incident, and how."),
    )
    known_by_people = forms.ModelMultipleChoiceField(
        label=_("People who know"), queryset=Person.objects.none(), required=False
    )
    description = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["known_by_people"].queryset = people
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0]


class ReportForm(forms.Form):
    sent_at = forms.DateTimeField(label=_("Sent at"), widget=DateTimeInput(), initial=now_minute)
    recipient = forms.CharField(
        label=_("Sent to"),
        max_length=200,
        help_text=_("Office or person of the higher-level committee who received it, and how (phone, fax, system)."),
    )
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Attachments"), validators=[validate_document])


class FollowUpForm(forms.Form):
    at = forms.DateTimeField(label=_("Sent at"), widget=DateTimeInput(), initial=now_minute)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments"), validators=[validate_document])


class ReportState:
    REPORTED = "reported"
    UNREPORTED = "unreported"
    LATE = "late"
    CHOICES = [
        (REPORTED, _("Reported")),
        (UNREPORTED, _("Not yet reported")),
        (LATE, _("Not reported in time")),
    ]


class EmergencyFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none())
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReportState.CHOICES, method="filter_state")
    month = MonthFilter(label=_("Known in month"), method="filter_month")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EmergencyKind.choices)

    class Meta:
        model = Emergency
        fields = ["committee", "kind", "state", "month"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees

    def filter_state(self, queryset, name, value):
        if value == ReportState.REPORTED:
            return queryset.filter(report__isnull=False)
        if value == ReportState.UNREPORTED:
            return queryset.filter(report__isnull=True)
        return queryset.filter(not_reported_in_time(timezone.now()))

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value)  # in Asia/Shanghai
        return queryset.filter(known_at__gte=start, known_at__lt=end)
