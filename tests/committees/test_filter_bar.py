"""Issue 19: the filter bar's labels, inputs and selects are written in Python (``committees.filters``)
instead of through Django's form templates – the HTML must be the same as the templates write."""

import datetime

import django_filters
import pytest
from django import forms

from committees.filters import ListFilterSet, PlainInput, PlainLabelField
from committees.forms import DateInput
from committees.models import Committee
from meetings.forms import MeetingFilter
from meetings.models import Meeting
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


class EveryInput(ListFilterSet):
    title = django_filters.CharFilter(label="标题 <b>&", lookup_expr="icontains")
    number = django_filters.NumberFilter(label="Number?", field_name="id")
    day = django_filters.DateFilter(label="日期", field_name="start_at", lookup_expr="date", widget=DateInput())
    when = django_filters.IsoDateTimeFilter(label="At", field_name="start_at")
    kind = django_filters.ChoiceFilter(label="Kind", choices=[("a", "甲 & <乙>"), ("b", "丙")])

    class Meta:
        model = Meeting
        fields = ["title", "number", "day", "when", "kind"]


def stock(form: forms.Form) -> forms.Form:
    """The same form drawn by Django's own bound fields and widget templates."""
    form.bound_field_class = None
    form._bound_fields_cache.clear()
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, PlainInput):
            widget.__class__ = type(widget).__mro__[2]  # the widget class PlainInput was mixed into
    return form


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"title": "一\"二'三<script>", "number": "7", "day": "2026-12-07", "when": "2026-12-07T09:30", "kind": "a"},
        {"number": "not a number", "day": "2026-13-40"},
    ],
)
def test_the_filter_bar_written_in_python_is_the_html_of_django_s_templates(data):
    ours = EveryInput(data, queryset=Meeting.objects.all()).form
    theirs = stock(EveryInput(data, queryset=Meeting.objects.all()).form)
    assert isinstance(ours["title"], PlainLabelField)
    assert isinstance(ours.fields["title"].widget, PlainInput)
    assert not isinstance(theirs.fields["title"].widget, PlainInput)
    for name in ours.fields:
        assert ours[name].label_tag() == theirs[name].label_tag(), name
        assert str(ours[name]) == str(theirs[name]), name
        assert ours[name].label_tag(attrs={"class": "x"}, label_suffix=":") == theirs[name].label_tag(
            attrs={"class": "x"}, label_suffix=":"
        )


def test_the_meetings_filter_bar_draws_as_django_draws_it():
    committee = CommitteeFactory(name="临江<区委>")
    data = {"committee": str(committee.pk), "start_from": datetime.date(2026, 1, 1).isoformat(), "q": "会"}
    committees = Committee.objects.all()
    ours = MeetingFilter(data, queryset=Meeting.objects.all(), committees=committees).form
    theirs = stock(MeetingFilter(data, queryset=Meeting.objects.all(), committees=committees).form)
    for name in ours.fields:
        assert ours[name].label_tag() == theirs[name].label_tag(), name
        if name not in ("committee", "kind", "status"):  # selects: NamedSelect, tested by the pages
            assert str(ours[name]) == str(theirs[name]), name
    assert 'value="2026-01-01"' in str(ours["start_from"])
