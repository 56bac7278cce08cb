from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput

from .models import Proposal, Satisfaction


def _text(label, rows=3, required=True):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=10000, required=required
    )


class PersonChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.name


class SubmitForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Party congress of"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=Proposal._meta.get_field("title").max_length)
    reasons = _text(_("Reasons"), rows=4)
    suggestions = _text(_("Suggested measures"), rows=4)
    cosigners = PersonChoices(label=_("Co-signing delegates"), queryset=None, required=False)

    def __init__(self, *args, committees, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].initial = committees.first()
        self.fields["cosigners"].queryset = delegates


class AcceptForm(forms.Form):
    unit_committee = forms.ModelChoiceField(label=_("Undertaking committee"), queryset=None, required=False)
    unit_name = forms.CharField(label=_("Undertaking department"), max_length=200, required=False)
    feedback_deadline = forms.DateField(label=_("Feedback deadline"), widget=DateInput())
    leader_in_charge = forms.ModelChoiceField(label=_("Leader in charge"), queryset=None, required=False)
    note = _text(_("Decision note"), rows=2, required=False)

    def __init__(self, *args, units, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_committee"].queryset = units
        self.fields["leader_in_charge"].queryset = leaders


class ConvertForm(forms.Form):
    note = _text(_("Why it becomes a suggestion"), rows=2)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices)
    note = _text(_("Comment"), rows=2, required=False)
