"""Forms of the supervision pages; every action goes through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.forms import DateInput, YearField
from committees.models import Committee, Person
from committees.uploads import validate_document

from .models import (
    AccountabilityGround,
    InspectionResult,
    LeadershipPosition,
    Mitigation,
    ResponsibilityDegree,
    ReviewOutcome,
    SanctionKind,
    SourceKind,
)


class ItemForm(forms.Form):
    """S-2 立项登记."""

    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    matter = forms.CharField(label=_("Matter"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("Basis"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    requirements = forms.CharField(label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    unit_committee = forms.ModelChoiceField(
        label=_("Undertaking committee"), queryset=Committee.objects.none(), required=False
    )
    unit_name = forms.CharField(label=_("or undertaking department"), max_length=200, required=False)
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=Person.objects.none(), required=False
    )
    leader_in_charge = forms.ModelChoiceField(
        label=_("Leader in charge"), queryset=Person.objects.none(), required=False
    )
    feedback_deadline = forms.DateField(label=_("Feedback deadline"), widget=DateInput())

    def __init__(self, *args, committees, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_committee"].queryset = committees
        self.fields["responsible_person"].queryset = people
        self.fields["leader_in_charge"].queryset = people

    def clean(self):
        data = super().clean()
        if not data.get("unit_committee") and not (data.get("unit_name") or "").strip():
            raise forms.ValidationError(_("Name the undertaking unit: a committee or a department."))
        return data


class WaiverForm(forms.Form):
    """S-1: the reason why a decision is not supervised (on the decision's page)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class UrgeForm(forms.Form):
    contact = forms.CharField(label=_("Contact"), max_length=200)
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    content = forms.CharField(label=pgettext_lazy("urging", "Content"), widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackForm(forms.Form):
    content = forms.CharField(label=_("Written feedback"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False, validators=[validate_document])
    is_finished = forms.BooleanField(label=_("The work is finished"), required=False, initial=True)
    unfinished_reason = forms.CharField(
        label=_("If not finished: why"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_report_date = forms.DateField(label=_("If not finished: next report by"), widget=DateInput(), required=False)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    opinions = forms.CharField(label=_("Opinions"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    new_deadline = forms.DateField(label=_("New deadline (if rejected)"), widget=DateInput(), required=False)


class InstructionForm(forms.Form):
    text = forms.CharField(label=_("Principal leader's instruction"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    closing_report = forms.CharField(label=_("Closing report"), widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.Form):
    unit_committee = forms.ModelChoiceField(
        label=_("Inspected committee"), queryset=Committee.objects.none(), required=False
    )
    unit_name = forms.CharField(label=_("or inspected department"), max_length=200, required=False)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    inspected_on = forms.DateField(label=_("Inspected on"), widget=DateInput())
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    problems = forms.CharField(label=_("Problems found"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StepForm(forms.Form):
    """A step without fields (approve, assign, instruction handled): only carries the errors."""


class RectificationForm(forms.Form):
    report = forms.CharField(label=_("Rectification report"), widget=forms.Textarea(attrs={"rows": 3}))


class SanctionForm(forms.Form):
    """A-4: add one sanction to a case (repeat for combined sanctions)."""

    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseFromSourceForm(forms.Form):
    """A-2: open a case from what revealed it – against the team concerned or one person."""

    ground = forms.ChoiceField(label=_("Ground"), choices=AccountabilityGround.choices)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    subject_person = forms.ModelChoiceField(label=_("Person concerned"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args, ground: str, team, people: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["ground"].initial = ground
        self.fields["subject_person"].queryset = Person.objects.filter(pk__in=[person.pk for person in people])
        if team is None:
            self.fields["subject_person"].required = True
        else:
            self.fields["subject_person"].help_text = _("Leave empty for a case against the team: %(team)s.") % {
                "team": team
            }


class ResponsibilityForm(forms.Form):
    """A-3: one person's share of the responsibility."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=LeadershipPosition.choices)
    degree = forms.ChoiceField(label=_("Responsibility"), choices=ResponsibilityDegree.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MitigationForm(forms.Form):
    """A-5: self-found and corrected faults may be pursued more lightly, less or not at all."""

    is_self_corrected = forms.BooleanField(label=_("Found and corrected by oneself"), required=False)
    mitigation = forms.ChoiceField(label=_("Mitigation"), choices=Mitigation.choices)
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideCaseForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    refer_to_judicial = forms.BooleanField(label=_("Refer to judicial organs (criminal matter)"), required=False)


class InquiryForm(forms.Form):
    """A-7 函询: the letter to the cadre (or to the head, for a collective problem)."""

    person = forms.ModelChoiceField(label=_("Person inquired"), queryset=Person.objects.none())
    letter = forms.CharField(label=_("Letter"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ReplyForm(forms.Form):
    """A-7: the reply, and whether it explains the matter clearly."""

    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=[
            ("clear", _("Explained clearly")),
            ("unclear", _("Not clear – send a second inquiry")),
            ("refused", _("Reply refused – organisational handling")),
        ],
    )


class YearForm(forms.Form):
    year = YearField(label=_("Year"), required=False)
