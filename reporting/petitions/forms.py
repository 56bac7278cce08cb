from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.forms import DateInput, MonthField
from committees.models import Committee

from .models import ReceptionType, ToldBy
from .services import MSG_COMMITTEE_OR_DEPARTMENT, MSG_NAME_THE_UNIT, PetitionerData


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class ReportForm(forms.Form):
    """P-4: which committee and month the report is for."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class PetitionForm(forms.Form):
    """Register a visit (P-1, P-2); optionally transfer it or answer it at once (P-3)."""

    reception_type = forms.ChoiceField(label=_("Reception type"), choices=ReceptionType.choices)
    received_at = forms.DateTimeField(label=_("Received at"), widget=DateTimeInput(), initial=_now_local)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    receiving_leader = forms.ModelChoiceField(label=_("Receiving leader"), queryset=None)
    content = forms.CharField(label=_("Content of the petition"), widget=forms.Textarea(attrs={"rows": 5}))
    instruction = forms.CharField(
        label=_("Leader's instruction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("With a responsible unit, the petition is transferred at once (P-2)."),
    )
    responsible_committee = forms.ModelChoiceField(
        label=_("Responsible committee"), queryset=Committee.objects.none(), required=False
    )
    responsible_department = forms.CharField(label=_("…or responsible department"), max_length=100, required=False)
    answer_at_once = forms.CharField(
        label=_("Answered at once"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("If the case was answered during the reception, write the answer: it closes with no deadline."),
    )

    def __init__(self, *args, leaders, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_leader"].queryset = leaders
        self.fields["responsible_committee"].queryset = units


class PetitionerForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    id_number = forms.CharField(
        label=_("ID card number"),
        max_length=18,
        required=False,
        validators=[RegexValidator(r"^\d{17}[\dXx]$", _("An ID card number has 17 digits and a digit or X."))],
    )
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def petitioner(self) -> PetitionerData:
        data = self.cleaned_data
        return PetitionerData(
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number"].upper(),
            is_representative=data["is_representative"],
        )


def petitioner_formset(data=None, rows: int = 8):
    """The inline petitioners of the register form (rows: how many blank rows to show)."""
    formset_class = forms.formset_factory(
        PetitionerForm, extra=max(rows - 1, 0), min_num=1, validate_min=True, max_num=200, absolute_max=200
    )
    return formset_class(data, prefix="petitioners")


class TransferForm(forms.Form):
    """P-2: the leader's instruction and the responsible unit."""

    instruction = forms.CharField(label=_("Leader's instruction"), widget=forms.Textarea(attrs={"rows": 4}))
    responsible_committee = forms.ModelChoiceField(
        label=_("Responsible committee"), queryset=Committee.objects.none(), required=False
    )
    responsible_department = forms.CharField(label=_("…or responsible department"), max_length=100, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_committee"].queryset = units

    def clean(self):
        data = super().clean()
        committee, department = data.get("responsible_committee"), data.get("responsible_department", "").strip()
        if committee and department:
            raise forms.ValidationError(MSG_COMMITTEE_OR_DEPARTMENT)
        if not committee and not department and "responsible_committee" not in self.errors:
            raise forms.ValidationError(MSG_NAME_THE_UNIT)
        return data


class ExtensionForm(forms.Form):
    """P-3: one extension of a complex case, the petitioner told why."""

    days = forms.IntegerField(label=_("Days added"), min_value=1)
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 4}))
    petitioner_told_on = forms.DateField(
        label=_("Petitioner told the reason on"), widget=DateInput(), initial=timezone.localdate
    )
    petitioner_told_how = forms.ChoiceField(label=_("Petitioner told"), choices=ToldBy.choices)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_at = forms.DateTimeField(
        label=_("Answered at"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Leave empty to use the current time."),
    )
