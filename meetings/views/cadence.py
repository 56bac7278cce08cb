"""M-C1..M-C4: how a committee meets its required cadences in a year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from committees.selectors import visible_committees
from meetings.forms import YearForm
from meetings.selectors import cadence as cadence_selectors
from meetings.selectors.attendance import absences_without_leave


@login_required
def cadence(request, pk: int):
    """M-C1..M-C3: how the committee meets its required cadences in a year."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    today = timezone.localdate()
    form = YearForm(request.GET or None)
    year = (form.is_valid() and form.cleaned_data["year"]) or today.year
    rows, hours = cadence_selectors.cadence(committee, year, today)
    return render(
        request,
        "meetings/cadence.html",
        {
            "committee": committee,
            "year": year,
            "form": form,
            "rows": rows,
            "hours": hours,
            "absences": absences_without_leave(committee, year),
        },
    )
