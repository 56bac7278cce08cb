import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .bounds import SEARCH_TERM_MAX_LENGTH, YEARS  # dates typed anywhere are bounded in committees/bounds.py
from .models import Person, Role, RoleAssignment, Term
from .search import containing


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A calendar month typed as ``YYYY-MM``; cleaned to the month's first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not match or int(match[1]) not in YEARS or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return value


@extend_schema_field(OpenApiTypes.STR)
class MonthFilter(django_filters.Filter):
    """A month as ``YYYY-MM`` in list filters (pages and API)."""

    field_class = MonthField


class YearField(forms.IntegerField):
    """A calendar year within ``bounds.YEARS`` (a year of 0 or 20 digits is an error, not a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEARS.start)
        kwargs.setdefault("max_value", YEARS.stop - 1)
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year in list filters (pages and API); ``lookup_expr="year"`` for a date column."""

    field_class = YearField


class TextSearchFilter(django_filters.CharFilter):
    """A search term in list filters (pages and API): ``icontains`` on ``field_name``, served by
    the grams index where the column has one (``committees.search``); at most
    ``SEARCH_TERM_MAX_LENGTH`` characters (a longer one is a form error, a 400 in the API)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_TERM_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return containing(qs, self.field_name, value)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month of ``month`` as [start, end) aware datetimes in Asia/Shanghai."""
    tz = timezone.get_default_timezone()
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(following, datetime.time.min), tz),
    )


class OnDateForm(forms.Form):
    on = forms.DateField(label=_("On date"), required=False, widget=DateInput())


class AssignRoleForm(forms.Form):
    """Appoint a person to a role. Either pick an existing person or type a new name."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    new_person_name = forms.CharField(label=_("…or a new person's name"), max_length=50, required=False)
    new_person_position = forms.CharField(label=_("Position"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), initial=timezone.localdate)
    end_date = forms.DateField(label=_("End date"), widget=DateInput(), required=False)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, committee, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["term"].queryset = committee.terms.all()

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("new_person_name", "").strip():
            raise forms.ValidationError(_("Choose a person or enter a new person's name."))
        if data.get("person") and data.get("new_person_name", "").strip():
            raise forms.ValidationError(_("Choose a person or enter a new name, not both."))
        end, start = data.get("end_date"), data.get("start_date")
        if end and start and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class EndRoleForm(forms.Form):
    end_date = forms.DateField(label=_("Last day in the role"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, assignment: RoleAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end < self.assignment.start_date:
            raise forms.ValidationError(_("The end date is before the start date."))
        return end


class _YearAsked(forms.Form):
    year = YearField(required=False)


def year_asked(request) -> int:
    """The year a page is asked for (``?year=``, within ``bounds.YEARS``), else this year."""
    form = _YearAsked(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return timezone.localdate().year
