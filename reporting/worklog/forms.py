from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput

#: Lines of the unfinished-items box: "item | reason | YYYY-MM-DD".
CARRIED_HELP = _("One unfinished item a line: the item | the reason | the new date (YYYY-MM-DD).")


class WorkLogForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    summary = forms.CharField(label=_("Summary of the day"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    plan = forms.CharField(
        label=_("Plan for the next working day"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    carried = forms.CharField(
        label=_("Unfinished items carried over"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=CARRIED_HELP,
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].initial = committees.first()

    def clean_carried(self):
        """``[(item, reason, date), …]``; a line that is not "item | reason | date" is an error."""
        items = []
        for number, line in enumerate(self.cleaned_data["carried"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            field = forms.DateField()
            try:
                if len(parts) != 3 or not parts[0] or not parts[1]:
                    raise forms.ValidationError("")
                items.append((parts[0], parts[1], field.clean(parts[2])))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s: write the item | the reason | the new date (YYYY-MM-DD)."),
                    params={"number": number},
                ) from None
        return items
