"""Filters of the supervision item list."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import TextSearchFilter
from committees.models import Committee
from committees.selectors import visible_committees

from .models import AccountabilityGround, InspectionResult, ItemState, SourceKind


def _visible_committee_choices(request):
    return visible_committees(request.user) if request else Committee.objects.none()


class ItemFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=_visible_committee_choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=ItemState.choices)
    source_kind = django_filters.ChoiceFilter(label=_("Source"), choices=SourceKind.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Overdue")), ("false", _("Not overdue"))]),
    )
    q = TextSearchFilter(label=_("Search the matter"), field_name="matter")

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.filter(
            state__in=[ItemState.ASSIGNED, ItemState.IN_PROGRESS], feedback_deadline__lt=timezone.localdate()
        )
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class InspectionFilter(ListFilterSet):
    committee = CommitteeFilter(label=_("Committee"), queryset=_visible_committee_choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    q = TextSearchFilter(label=_("Search the unit"), field_name="unit_name")


class CaseFilter(ListFilterSet):
    """A-2: the accountability register, by committee, ground and decision."""

    committee = CommitteeFilter(label=_("Committee"), queryset=_visible_committee_choices)
    ground = django_filters.ChoiceFilter(label=_("Ground"), choices=AccountabilityGround.choices)
    decided = django_filters.BooleanFilter(
        label=_("Decided"), field_name="decided_on", lookup_expr="isnull", exclude=True
    )
    #: Issue 14: the site search's "more" link; through the grams index (supervision 0007).
    q = TextSearchFilter(label=_("Search the facts"), field_name="facts")
