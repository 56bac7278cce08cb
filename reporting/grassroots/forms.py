from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput

from .models import EntryKind, GrassrootsEntry


class EntryForm(forms.Form):
    """X-6: what was done, where and when; the office chooses the person among ``people`` (on one's
    own page there is no choice: ``people=None``)."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    kind = forms.ChoiceField(label=_("What"), choices=EntryKind.choices)
    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Last day"), widget=DateInput(), required=False, help_text=_("For a stay of several days.")
    )
    place = forms.CharField(label=_("Place"), max_length=GrassrootsEntry._meta.get_field("place").max_length)
    is_village = forms.BooleanField(label=_("In a village"), required=False)
    is_backward_village = forms.BooleanField(label=_("In a backward village (后进村)"), required=False)
    topic = forms.CharField(
        label=_("Topic"),
        max_length=GrassrootsEntry._meta.get_field("topic").max_length,
        required=False,
        help_text=_("The research topic, or which meeting."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, people=None, committees, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people
        self.fields["committee"].queryset = committees
        self.fields["committee"].initial = committees.first()

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data
