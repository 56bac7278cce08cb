import django_filters
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeFilter, ListFilterSet
from committees.models import Committee
from committees.selectors import visible_committees

from .models import Deadline, DeadlineState


def _committees(request):
    return visible_committees(request.user) if request else Committee.objects.none()


class DeadlineFilter(ListFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=DeadlineState.choices, label=_("State"))
    rule_id = django_filters.CharFilter(label=_("Rule"), lookup_expr="iexact")
    committee = CommitteeFilter(queryset=_committees, label=_("Committee"))
    due_before = django_filters.DateFilter(field_name="due_at", lookup_expr="date__lte", label=_("Due on or before"))

    class Meta:
        model = Deadline
        fields = ["state", "rule_id", "committee"]
