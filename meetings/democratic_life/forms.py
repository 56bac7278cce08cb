from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import YearFilter
from committees.models import Committee, Person
from committees.uploads import validate_document
from meetings.forms import DateInput, DateTimeInput

from .models import DecidedAs, DemocraticLifeRecord, OpinionSource


class RecordFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none())
    year = YearFilter(label=_("Year"))

    class Meta:
        model = DemocraticLifeRecord
        fields = ["committee", "year"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees


class RecordForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    planned_date = forms.DateField(label=_("Planned date"), required=False, widget=DateInput())

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["year"].initial = timezone.localdate().year


class PlanForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    planned_date = forms.DateField(
        label=_("Planned date"),
        required=False,
        widget=DateInput(),
        help_text=_("A later date is a postponement: ask the higher-level committee (DL-2)."),
    )


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    start_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    end_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class OpinionForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=OpinionSource.choices)
    source_detail = forms.CharField(label=_("From whom"), max_length=100, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    collected_on = forms.DateField(label=_("Collected on"), widget=DateInput())
    concerns = forms.ModelChoiceField(
        label=_("Concerns"), queryset=Person.objects.none(), required=False, empty_label=_("The team as a whole")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = members


class TalkForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    other = forms.ModelChoiceField(label=_("Talked with"), queryset=Person.objects.none())
    talked_on = forms.DateField(label=_("Talked on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["other"].queryset = members


class MaterialForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    file = forms.FileField(label=_("File"), required=False, validators=[validate_document])

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class PostponementForm(forms.Form):
    to_date = forms.DateField(label=_("Postpone to"), widget=DateInput())
    reason = forms.CharField(label=_("Special circumstances"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Agree to the postponement")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    decided_as = forms.ChoiceField(label=_("Decided"), choices=DecidedAs.choices)
    note = forms.CharField(
        label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("Required to refuse.")
    )


class MeasureForm(forms.Form):
    problem = forms.CharField(label=_("Problem found"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("Rectification measure"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=Person.objects.none())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("How it was rectified"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Written report"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False, validators=[validate_document])
