from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, YearField

from . import rules
from .models import CheckKind, OpennessCheck, Part


class CheckForm(forms.Form):
    """X-2: one check of a unit, its points part by part (each part's maximum from the rule set)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of check"), choices=CheckKind.choices)
    held_on = forms.DateField(label=_("Date of the check"), widget=DateInput())
    year = YearField(
        label=_("Year assessed"),
        required=False,
        help_text=_(
            "Leave empty for the year it is held in; a year-end check held in January assesses the year before."
        ),
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("What was seen, visited, heard and checked; the problems to rectify."),
    )
    assessors = forms.CharField(
        label=_("Assessors"), required=False, max_length=OpennessCheck._meta.get_field("assessors").max_length
    )

    def __init__(self, *args, units, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        sheet = rules.sheet(version) if version else dict.fromkeys(Part.values, 100)
        for part in Part:
            self.fields[f"score_{part.value}"] = forms.IntegerField(
                label=part.label,
                min_value=0,
                max_value=sheet[part.value],
                help_text=_("out of %(points)s") % {"points": sheet[part.value]},
            )
        self.order_fields(["unit", "kind", "held_on", "year", *(f"score_{part}" for part in Part.values)])

    def scores(self) -> dict[str, int | None]:
        return {part: self.cleaned_data.get(f"score_{part}") for part in Part.values}
