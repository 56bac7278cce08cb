from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput

from .models import PairKind, Trigger


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TalkForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    counterpart = PersonChoice(label=_("Talked with"), queryset=None)
    held_on = forms.DateField(label=_("Date of the talk"), widget=DateInput())
    trigger = forms.ChoiceField(
        label=_("Occasion"),
        choices=[("", _("A planned talk")), *Trigger.choices],
        required=False,
        help_text=_("One of the seven must-talk occasions (七必谈), if it was one."),
    )
    record = forms.CharField(
        label=_("Record"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("Seen by the two of you and the organisation department only."),
    )

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].initial = committees.first()
        self.fields["counterpart"].queryset = people


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in PairKind.choices if c[0] != PairKind.PRINCIPAL_TEAM])
    leader = PersonChoice(label=_("Leader"), queryset=None)
    counterpart = PersonChoice(label=_("Talks with"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people
        self.fields["counterpart"].queryset = people


class OccasionForm(forms.Form):
    person = PersonChoice(label=_("Talk with"), queryset=None)
    trigger = forms.ChoiceField(label=_("Occasion"), choices=Trigger.choices)
    reason = forms.CharField(label=_("What happened"), max_length=200)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
