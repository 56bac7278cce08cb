"""Grassroots time pages (X-6): one's own year with its floors, a committee's board, removing an entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import documents
from committees.actors import person_of
from committees.errors import refusals_in_messages, refusals_on
from committees.forms import year_asked
from committees.models import TEAM_ROLES, Person, RoleAssignment
from committees.paging import page_of
from committees.redirects import redirect_next
from committees.selectors import committees_where_holding, visible_committees

from . import printing, rules, selectors, services
from .forms import EntryForm
from .models import GrassrootsEntry


def _progress(targets, today) -> list:
    """Each floor with the last day its rest still fits in the year, and whether it still does."""
    for target in targets:
        target.last_day = rules.last_day_to_start(target.year, target.measure, target.remaining)
        target.fits = rules.still_fits(today, target.year, target.measure, target.remaining)
    return targets


def _record(request, form, *, person=None):
    """Record the form's entry; True when it was saved (a refusal lands on the form)."""
    if request.method != "POST" or not form.is_valid():
        return False
    data = form.cleaned_data
    with refusals_on(form):
        services.record_entry(
            person=person or data["person"],
            committee=data["committee"],
            kind=data["kind"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            place=data["place"],
            is_village=data["is_village"],
            is_backward_village=data["is_backward_village"],
            topic=data["topic"],
            note=data["note"],
            acting_user=request.user,
        )
        messages.success(request, _("The grassroots time is recorded."))
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """X-6: my year – each floor with its progress and the last day the rest still fits – the
    form to record a stay, a meeting or a report, and what I recorded."""
    person = person_of(request.user)
    today = timezone.localdate()
    year = year_asked(request)
    committees = selectors.team_committees(person, today) if person else visible_committees(request.user).none()
    form = EntryForm(request.POST or None, committees=committees)
    if request.method == "POST" and person is None:
        raise PermissionDenied
    if _record(request, form, person=person):
        return redirect("grassroots_mine")
    entries = (
        selectors.visible_entries(request.user).filter(person=person, start_date__year=year)
        if person
        else GrassrootsEntry.objects.none()
    )
    return render(
        request,
        "reporting/grassroots/mine.html",
        {
            "form": form,
            "can_record": person is not None and committees.exists(),
            "targets": _progress(list(selectors.my_targets(person, year)), today) if person else [],
            "page": page_of(request, entries),
            "year": year,
            "today": today,
            # The teams whose board the user keeps or sits on: their office, organisation
            # department, or team.
            "boards": committees_where_holding(request.user, services.RECORDING_ROLES | TEAM_ROLES).order_by("name"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_board(request, pk: int):
    """X-6: a committee's team, person by person, against their floors of the year; the office and
    the organisation department record for a member here."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    today = timezone.localdate()
    year = year_asked(request)
    can_record = services.may_record_for_others(request.user, committee, today)
    team = RoleAssignment.objects.on(today).filter(committee=committee, role__in=TEAM_ROLES).values("person_id")
    form = EntryForm(
        request.POST or None,
        people=Person.objects.filter(pk__in=team).order_by("name"),
        committees=visible_committees(request.user).filter(pk=committee.pk),
    )
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    if _record(request, form):
        return redirect("grassroots_committee", pk=committee.pk)
    rows = [(person, _progress(targets, today)) for person, targets in selectors.board(committee, year)]
    entries = selectors.visible_entries(request.user).filter(committee=committee, start_date__year=year)
    return render(
        request,
        "reporting/grassroots/committee.html",
        {
            "committee": committee,
            "rows": rows,
            "form": form,
            "can_record": can_record,
            "page": page_of(request, entries),
            "year": year,
            "year_text": str(year),
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def entry_remove(request, pk: int):
    entry = get_object_or_404(selectors.visible_entries(request.user), pk=pk)
    with refusals_in_messages(request):
        services.remove_entry(entry, acting_user=request.user)
        messages.success(request, _("The entry is removed."))
    return redirect_next(request, "grassroots_mine")


@login_required
def committee_document(request, pk: int):
    """X-6: the year's board laid out to GB/T 9704 (issue 15) – PDF, or .docx with ``format=docx``."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    year = year_asked(request)
    document = printing.year_document(committee, year)
    where = f"grassroots {committee.pk} {year}"
    return documents.download(document, request.GET.get("format", "pdf"), f"grassroots-{committee.pk}-{year}", where)
