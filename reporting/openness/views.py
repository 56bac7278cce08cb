"""Openness assessment pages (X-2): the checks one sees, a committee's year unit by unit with the
form to record a check, one check's score sheet, and the year's results printed as a 通报."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import documents
from committees.errors import refusals_in_messages, refusals_on
from committees.forms import year_asked
from committees.paging import page_of
from committees.selectors import committees_where_holding, current_rules, visible_committees

from . import printing, rules, selectors, services
from .forms import CheckForm
from .models import Part


@login_required
@require_GET
def index(request):
    """X-2: the committees whose units the user's office or organisation department checks, the
    other committees above units the user sees, and the checks the user sees (newest first)."""
    year = year_asked(request)
    visible = visible_committees(request.user)
    keeps = committees_where_holding(request.user, services.RECORDING_ROLES).filter(children__isnull=False)
    boards = visible.filter(children__isnull=False).distinct().order_by("name")
    checks = selectors.visible_checks(request.user).filter(year=year)
    return render(
        request,
        "reporting/openness/index.html",
        {
            "boards": boards,
            "keeps": set(keeps.values_list("pk", flat=True)),
            "page": page_of(request, checks),
            "year": year,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_board(request, pk: int):
    """X-2: the units under a committee in a year – routine, focused and year-end checks, what is
    missing, the year-end grade and its effect on the annual assessment – and, for the office and
    the organisation department, the form to record a check."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    today = timezone.localdate()
    year = year_asked(request)
    version = current_rules(committee)
    can_record = services.may_record(request.user, committee, today)
    units = committee.children.order_by("name")
    form = CheckForm(request.POST or None, units=units, version=version, initial={"held_on": today})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            with refusals_on(form):
                check = services.record_check(
                    committee=committee,
                    unit=data["unit"],
                    kind=data["kind"],
                    held_on=data["held_on"],
                    year=data.get("year"),
                    scores=form.scores(),
                    findings=data["findings"],
                    assessors=data["assessors"],
                    acting_user=request.user,
                )
                messages.success(
                    request,
                    _("The check is recorded: %(total)s points, %(grade)s.")
                    % {"total": check.total, "grade": check.get_grade_display()},
                )
                return redirect(f"{request.path}?year={check.year}")
    return render(
        request,
        "reporting/openness/committee.html",
        {
            "committee": committee,
            "rows": selectors.board(committee, year, version),
            "version": version,
            "form": form,
            "can_record": can_record,
            "year": year,
            "year_text": str(year),
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


def _visible_check(user, pk: int):
    return get_object_or_404(selectors.visible_checks(user).select_related("rule_set_version"), pk=pk)


@login_required
@require_GET
def check_detail(request, pk: int):
    """X-2: one check's score sheet – each part against its points – with the grade and, for a
    year-end check, its effect on the unit's annual assessment."""
    check = _visible_check(request.user, pk)
    version = check.rule_set_version
    sheet = rules.sheet(version)
    return render(
        request,
        "reporting/openness/check.html",
        {
            "check": check,
            "parts": [(part.label, check.scores[part.value], sheet[part.value]) for part in Part],
            "effect": rules.effect_percent(check.grade, version),
            "can_remove": services.may_record(request.user, check.committee),
        },
    )


@login_required
@require_POST
def check_remove(request, pk: int):
    check = _visible_check(request.user, pk)
    committee_pk, year = check.committee_id, check.year
    with refusals_in_messages(request):
        services.remove_check(check, acting_user=request.user)
        messages.success(request, _("The check is removed."))
        return redirect(f"{redirect('openness_committee', pk=committee_pk).url}?year={year}")
    return redirect("openness_check", pk=pk)


@login_required
@require_GET
def committee_document(request, pk: int):
    """X-2 (第十三条 五): the year's results of the units, as the committee's 通报 – PDF, or .docx
    with ``format=docx``."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    year = year_asked(request)
    document = printing.year_document(committee, year)
    where = f"openness {committee.pk} {year}"
    return documents.download(document, request.GET.get("format", "pdf"), f"openness-{committee.pk}-{year}", where)
