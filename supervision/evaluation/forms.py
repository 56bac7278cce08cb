"""Forms of talks, evaluations and year-end reports (thin: the services check the rules)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.models import Committee, Person

from .models import INVALID, PersonRating, TalkKind, TeamRating

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EvaluationOpenForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class BallotForm(forms.Form):
    """A-8: one line per person rated and one for the team; a line left empty is a blank entry."""

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            grades = TeamRating.choices if subject.is_team else PersonRating.choices
            self.fields[f"s{subject.pk}"] = forms.ChoiceField(
                label=str(subject.person) if subject.person_id else _("The leadership team"),
                choices=[*grades, (INVALID, pgettext_lazy("evaluation", "Blank"))],
                widget=forms.RadioSelect,
                required=False,
            )

    def ratings(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"s{s.pk}") or INVALID for s in self.subjects}


class ProblemsForm(forms.Form):
    problems = forms.CharField(label=_("problems fed back"), widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label=_("to be corrected by"), widget=DATE)


class CorrectionForm(forms.Form):
    report = forms.CharField(label=_("rectification report"), widget=forms.Textarea(attrs={"rows": 3}))


class TalkForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person talked to"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=TalkKind.choices)
    is_collective = forms.BooleanField(label=_("collective talk with the team"), required=False)
    problem = forms.CharField(label=_("problem"), widget=forms.Textarea(attrs={"rows": 3}))
    talked_by = forms.ModelMultipleChoiceField(label=_("talked by"), queryset=Person.objects.none())
    talked_at = forms.DateTimeField(label=_("talked at"), widget=DATETIME)
    content = forms.CharField(label=_("what was said"), widget=forms.Textarea(attrs={"rows": 4}))
    commitments = forms.CharField(
        label=_("what was committed"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up_due_on = forms.DateField(label=_("to be corrected by"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["talked_by"].queryset = people


class TalkOutcomeForm(forms.Form):
    is_corrected = forms.TypedChoiceField(
        label=_("follow-up result"),
        choices=[("yes", _("Corrected – close the talk")), ("no", _("Not corrected – criticism and handling"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("follow-up findings"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    report = forms.CharField(label=_("report on ethics, duty and integrity"), widget=forms.Textarea(attrs={"rows": 10}))


class RequireReportsForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    due_on = forms.DateField(label=_("due on"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class TownAssessmentForm(forms.Form):
    """A-10: the year's assessment of a town – which village teams are weak and lax, and its rank."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    weak_villages = forms.ModelMultipleChoiceField(
        label=_("weak and lax village teams"),
        queryset=Committee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every village team under the town is recorded for the year; tick the weak and lax ones."),
    )
    rank = forms.IntegerField(label=_("rank"), min_value=1, required=False)
    out_of = forms.IntegerField(label=_("towns assessed"), min_value=1, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weak_villages"].queryset = villages
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if (data.get("rank") is None) != (data.get("out_of") is None):
            raise forms.ValidationError(_("Give both the rank and the number of towns assessed, or neither."))
        return data
