from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, MonthField

from .models import Adoption, OpinionChannel, OpinionEntry, OpinionState, OpinionTopic, ReporterKind


def _text(label, rows=3, max_length=5000, **kwargs):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=max_length, **kwargs)


class CollectForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Collected by"), queryset=None)
    source_detail = forms.CharField(
        label=_("Department or contact"),
        required=False,
        max_length=OpinionEntry._meta.get_field("source_detail").max_length,
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=OpinionChannel.choices)
    reporter_kind = forms.ChoiceField(label=_("Reflected by"), choices=ReporterKind.choices)
    reporter = forms.CharField(
        label=_("Name of who reflected it"),
        required=False,
        max_length=OpinionEntry._meta.get_field("reporter").max_length,
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=OpinionTopic.choices)
    title = forms.CharField(label=_("Title"), max_length=OpinionEntry._meta.get_field("title").max_length)
    content = _text(_("Content"), rows=5, max_length=20000, help_text=_("As it was said (第十四条: 原汁原味)."))

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].initial = sources.first()


class SubmitForm(forms.Form):
    verification = _text(_("How it was verified"), help_text=_("Who checked it, how, and what was found."))


class ScreenOutForm(forms.Form):
    reason = _text(_("Why it is not sent"))


class AnalyseForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=OpinionTopic.choices)
    analysis = _text(_("Analysis"), rows=4)
    proposal = _text(_("Proposal"), required=False)


class DecideForm(forms.Form):
    adoption = forms.ChoiceField(label=_("Adoption"), choices=Adoption.choices)
    note = _text(_("How it is adopted, or why not"))


class AnswerForm(forms.Form):
    feedback = _text(_("Feedback to the source"))


class ListForm(forms.Form):
    month = MonthField(label=_("Month received"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", "—"), *OpinionState.choices], required=False)


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
