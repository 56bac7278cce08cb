"""Filters of the petition list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import MonthFilter, TextSearchFilter, month_bounds
from committees.models import Committee
from committees.selectors import visible_committees

from .models import PetitionState, ReceptionType


def _visible_committee_choices(request):
    return visible_committees(request.user) if request else Committee.objects.none()


class PetitionFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=_visible_committee_choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=PetitionState.choices)
    reception_type = django_filters.ChoiceFilter(label=_("Reception type"), choices=ReceptionType.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Overdue")), ("false", _("Not overdue"))]),
    )
    month = MonthFilter(label=_("Received in month"), method="filter_month")
    q = TextSearchFilter(label=_("Search the content"), field_name="content")

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.overdue(timezone.now()) if value else queryset.on_time(timezone.now())

    def filter_month(self, queryset, name, value):
        if value is None:
            return queryset
        start, end = month_bounds(value)
        return queryset.filter(received_at__gte=start, received_at__lt=end)
