from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.forms import YearFilter
from committees.models import Committee
from committees.uploads import validate_document

from .models import PeriodicObligation, PeriodicReportKind
from .selectors import late, overdue
from .services import MSG_WRITE_OR_ATTACH


class SubmitForm(forms.Form):
    text = forms.CharField(label=_("Report"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    attachment = forms.FileField(label=_("Attachment"), required=False, validators=[validate_document])

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("attachment"):
            raise forms.ValidationError(MSG_WRITE_OR_ATTACH)
        return data


class ObligationState:
    PENDING = "pending"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    LATE = "late"
    CHOICES = [
        (PENDING, _("Not yet submitted")),
        (OVERDUE, _("Overdue")),
        (SUBMITTED, _("Submitted")),
        (LATE, _("Submitted late")),
    ]


def filter_state(queryset, value):
    today = timezone.localdate()
    if value == ObligationState.PENDING:
        return queryset.filter(submitted_at__isnull=True)
    if value == ObligationState.OVERDUE:
        return queryset.filter(overdue(today))
    if value == ObligationState.SUBMITTED:
        return queryset.filter(submitted_at__isnull=False)
    if value == ObligationState.LATE:
        return queryset.filter(late())
    return queryset


class ObligationFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Report"), choices=PeriodicReportKind.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=ObligationState.CHOICES, method="filter_state")
    committee = CommitteeFilter(label=_("Committee"), queryset=Committee.objects.none(), method="filter_committee")
    year = YearFilter(label=_("Year"), field_name="period_start", lookup_expr="year")

    class Meta:
        model = PeriodicObligation
        fields = ["committee", "kind", "state", "year"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["committee"].queryset = committees

    def filter_state(self, queryset, name, value):
        return filter_state(queryset, value)

    def filter_committee(self, queryset, name, value):
        """Reports owed by the committee or owed to it."""
        return queryset.filter(Q(reporting_committee=value) | Q(receiving_committee=value))


class RosterFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ObligationState.CHOICES, method="filter_state")

    class Meta:
        model = PeriodicObligation
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return filter_state(queryset, value)


class ReceivedFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Report"), choices=PeriodicReportKind.choices)
    year = YearFilter(label=_("Year"), field_name="period_start", lookup_expr="year")

    class Meta:
        model = PeriodicObligation
        fields = ["kind", "year"]
