from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.filters import ListFilterSet
from committees.forms import DateInput
from committees.models import Person

from .models import LeaveKind, LeaveState


class LeaveRequestForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.CharField(label=_("Destination"), max_length=200)
    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    starts_afternoon = forms.BooleanField(label=_("From the afternoon"), required=False)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())
    ends_morning = forms.BooleanField(label=_("Until noon"), required=False)
    covered_by = forms.ModelChoiceField(label=_("Duties covered by"), queryset=Person.objects.none(), required=False)
    contact = forms.CharField(label=_("Contact while away"), max_length=100)
    urgency_reason = forms.CharField(
        label=_("Urgency reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for trips reported less than 3 days ahead (L-2)."),
    )

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["covered_by"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data


class EditForm(forms.Form):
    """Dates (and, for a returned request, the rest) of an existing request."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.CharField(label=_("Destination"), max_length=200)
    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    starts_afternoon = forms.BooleanField(label=_("From the afternoon"), required=False)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())
    ends_morning = forms.BooleanField(label=_("Until noon"), required=False)
    contact = forms.CharField(label=_("Contact while away"), max_length=100)
    urgency_reason = forms.CharField(
        label=_("Urgency reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, dates_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if dates_only:
            for name in ("reason", "destination", "contact", "urgency_reason"):
                del self.fields[name]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("return", _("Return for changes")),
            ("acknowledge", _("Acknowledge")),
        ],
    )
    annotation = forms.CharField(label=_("Annotation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportBackForm(forms.Form):
    briefing = forms.CharField(label=_("Briefing"), widget=forms.Textarea(attrs={"rows": 3}))


class LeaveFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=LeaveState.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LeaveKind.choices)
    start_after = django_filters.DateFilter(
        label=_("Starting from"), field_name="start_date", lookup_expr="gte", widget=DateInput()
    )


class StepFilter(ListFilterSet):
    request__kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LeaveKind.choices)


class DutyForm(forms.Form):
    """L-9: who is on duty on one holiday day."""

    date = forms.DateField(label=_("Holiday day"), widget=DateInput())
    people = forms.ModelMultipleChoiceField(label=_("On duty"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
