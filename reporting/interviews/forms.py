from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, MonthField
from meetings.forms import DateTimeInput

from .models import Channel, HandlingCard, InterviewDay, InterviewRequest, Topic


class DayChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: InterviewDay) -> str:
        place = f" · {obj.place}" if obj.place else ""
        return f"{obj.day:%Y-%m-%d} · {obj.leader.name}{place}"


class RequestForm(forms.Form):
    """三: whom, how, about what, and – for a reception day – which."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=None)
    day = DayChoice(
        label=_("Reception day"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for the leader to set a time."),
    )
    channel = forms.ChoiceField(label=_("Asked"), choices=Channel.choices, initial=Channel.IN_PERSON)
    topic = forms.ChoiceField(label=_("About"), choices=Topic.choices)
    summary = forms.CharField(
        label=_("What it is about"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("The main points you wish to raise (三: 说明主要约谈内容)."),
    )
    is_urgent = forms.BooleanField(
        label=_("A serious matter: at once"),
        required=False,
        help_text=_("Serious problems or urgent work may be raised at any time, not only on a reception day."),
    )

    def __init__(self, *args, committees, leaders, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].initial = committees.first()
        self.fields["leader"].queryset = leaders
        self.fields["day"].queryset = days


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    leader = forms.ModelChoiceField(label=_("Receiving leader"), queryset=None)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=InterviewDay._meta.get_field("place").max_length,
        help_text=_("Usually the leader's office."),
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("Appointment"), widget=DateTimeInput())
    place = forms.CharField(
        label=_("Place"), required=False, max_length=InterviewRequest._meta.get_field("place").max_length
    )


class DeclineForm(forms.Form):
    explanation = forms.CharField(
        label=_("Explanation to the cadre"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RecordForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput())
    record = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class CardForm(forms.Form):
    matter = forms.CharField(label=_("Matter raised"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    instruction = forms.CharField(
        label=_("Leader's instruction"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    unit = forms.CharField(label=_("Handling unit"), max_length=HandlingCard._meta.get_field("unit").max_length)
    reply_due = forms.DateField(label=_("Reply due"), widget=DateInput())


class ReplyForm(forms.Form):
    outcome = forms.CharField(label=_("How it was handled"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    replied_on = forms.DateField(label=_("Replied on"), widget=DateInput())


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
