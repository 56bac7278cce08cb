"""Petition pages (P-1..P-5): list, detail, register, transfer, extend, answer, monthly report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees import documents
from committees.errors import refusals_on
from committees.models import Committee
from committees.paging import searched_page
from committees.selectors import in_visible_committees, visible_committees
from reporting import deadlines

from . import selectors, services
from .exports import report_document, report_workbook
from .filters import PetitionFilter
from .forms import AnswerForm, ExtensionForm, PetitionForm, ReportForm, TransferForm, petitioner_formset
from .models import Petition

MAX_PETITIONER_ROWS = 50
#: Up to this many "register" buttons on the list page; more committees get a picker.
MAX_BUTTONS = 3


def _visible_petition(user, pk: int) -> Petition:
    try:
        return selectors.petition_detail(user, pk)
    except Petition.DoesNotExist:
        raise Http404


def _handled_petition(user, pk: int) -> Petition:
    """404 when the committee is hidden from the user, 403 when they may see but not act."""
    petition = _visible_petition(user, pk)
    if not selectors.can_handle(user, petition):
        raise PermissionDenied
    return petition


def _responsible_units(user, committee: Committee):
    """A case goes to the committee itself, one of its subordinate committees, or one the user sees."""
    return Committee.objects.filter(
        Q(pk=committee.pk) | Q(parent=committee) | in_visible_committees(user, "pk")
    ).order_by("level", "name")


@login_required
def petition_list(request):
    filterset = PetitionFilter(request.GET or None, queryset=selectors.petition_list(request.user), request=request)
    page = searched_page(request, filterset)
    today = timezone.localdate()
    return render(
        request,
        "reporting/petitions/petition_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(petition, selectors.countdown(petition, today)) for petition in page],
            "registrable": list(selectors.registrable_committees(request.user).order_by("name")),
            "max_buttons": MAX_BUTTONS,
        },
    )


@login_required
def petition_detail(request, pk: int):
    petition = _visible_petition(request.user, pk)
    return render(
        request,
        "reporting/petitions/petition_detail.html",
        {
            "petition": petition,
            "petitioners": petition.petitioners.all(),
            "extensions": selectors.extensions_of(petition),
            "deadlines": deadlines.for_subject(petition),
            "countdown": selectors.countdown(petition),
            "can_handle": selectors.can_handle(request.user, petition),
            "shows_identity": selectors.may_see_petitioner_identity(request.user, petition),
            "extensions_left": _extensions_left(petition),
        },
    )


def _extensions_left(petition: Petition) -> int:
    if petition.is_answered or petition.due_at is None:
        return 0
    return max(petition.rule_set_version.petition_max_extensions - petition.extensions.count(), 0)


@login_required
def petition_register_pick(request):
    """The list page's committee picker for users who register for many committees."""
    committee = get_object_or_404(visible_committees(request.user), pk=_int_or_404(request.GET.get("committee")))
    return redirect("petitions_register", committee_pk=committee.pk)


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def petition_register(request, committee_pk: int):
    committee = get_object_or_404(visible_committees(request.user), pk=committee_pk)
    if not selectors.can_register(request.user, committee):
        raise PermissionDenied
    try:
        rows = min(max(int(request.GET.get("rows", 8)), 1), MAX_PETITIONER_ROWS)
    except ValueError:
        rows = 8
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = PetitionForm(
        data,
        leaders=selectors.leaders_on(committee, today),
        units=_responsible_units(request.user, committee),
    )
    formset = petitioner_formset(data, rows=rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        cleaned = form.cleaned_data
        petitioners = [f.petitioner() for f in formset.forms if f.has_changed() and f.cleaned_data]
        with refusals_on(form):
            petition = services.register_petition(
                committee=committee,
                reception_type=cleaned["reception_type"],
                received_at=cleaned["received_at"],
                receiving_leader=cleaned["receiving_leader"],
                content=cleaned["content"],
                petitioners=petitioners,
                place=cleaned["place"],
                instruction=cleaned["instruction"],
                responsible_committee=cleaned["responsible_committee"],
                responsible_department=cleaned["responsible_department"],
                answer_at_once=cleaned["answer_at_once"],
                acting_user=request.user,
            )
            messages.success(request, _("The petition was registered."))
            return redirect("petitions_detail", pk=petition.pk)
    return render(
        request,
        "reporting/petitions/petition_register.html",
        {"committee": committee, "form": form, "formset": formset, "more_rows": min(rows + 5, MAX_PETITIONER_ROWS)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def petition_transfer(request, pk: int):
    petition = _handled_petition(request.user, pk)
    initial = {
        "instruction": petition.instruction,
        "responsible_committee": petition.responsible_committee,
        "responsible_department": petition.responsible_department,
    }
    form = TransferForm(
        request.POST or None, initial=initial, units=_responsible_units(request.user, petition.committee)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.transfer(
                petition,
                instruction=data["instruction"],
                responsible_committee=data["responsible_committee"],
                responsible_department=data["responsible_department"],
                acting_user=request.user,
            )
            messages.success(request, _("The petition was transferred."))
            return redirect("petitions_detail", pk=petition.pk)
    return _action_page(request, petition, form, _("Transfer with instruction"), _("Transfer"))


@login_required
@require_http_methods(["GET", "POST"])
def petition_extend(request, pk: int):
    petition = _handled_petition(request.user, pk)
    form = ExtensionForm(request.POST or None, initial={"days": petition.rule_set_version.petition_extension_days})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.extend(
                petition,
                days=data["days"],
                reason=data["reason"],
                petitioner_told_on=data["petitioner_told_on"],
                petitioner_told_how=data["petitioner_told_how"],
                acting_user=request.user,
            )
            messages.success(request, _("The time limit was extended."))
            return redirect("petitions_detail", pk=petition.pk)
    return _action_page(request, petition, form, _("Extend the time limit"), _("Extend"))


@login_required
@require_http_methods(["GET", "POST"])
def petition_answer(request, pk: int):
    petition = _handled_petition(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.answer(
                petition,
                answer=form.cleaned_data["answer"],
                answered_at=form.cleaned_data["answered_at"],
                acting_user=request.user,
            )
            messages.success(request, _("The answer was recorded and the petition closed."))
            return redirect("petitions_detail", pk=petition.pk)
    return _action_page(request, petition, form, _("Answer the petition"), _("Record the answer"))


def _action_page(request, petition, form, title, submit):
    return render(
        request,
        "reporting/petitions/petition_action.html",
        {"petition": petition, "form": form, "title": title, "submit": submit},
    )


def _report(request):
    """The report's committee (404 when hidden) and month (default: the current month)."""
    form = ReportForm(request.GET or None, committees=visible_committees(request.user).order_by("name"))
    if not form.is_bound:
        return form, None
    if not form.is_valid():
        if "committee" in form.errors and request.GET.get("committee"):
            raise Http404
        return form, None
    month = form.cleaned_data["month"] or timezone.localdate().replace(day=1)
    return form, selectors.monthly_report(form.cleaned_data["committee"], month)


@login_required
def petition_report(request):
    form, report = _report(request)
    return render(request, "reporting/petitions/petition_report.html", {"form": form, "report": report})


@login_required
def petition_report_xlsx(request):
    _form, report = _report(request)
    if report is None:
        raise Http404
    response = HttpResponse(
        report_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"petitions-{report.committee.pk}-{report.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def petition_report_document(request):
    """P-4: the monthly report as the document the committee hears, laid out to GB/T 9704 (issue
    15): PDF, or .docx with ``format=docx``."""
    _form, report = _report(request)
    if report is None:
        raise Http404
    filename = f"petitions-{report.committee.pk}-{report.month:%Y-%m}"
    where = f"petition report {report.committee.pk} {report.month:%Y-%m}"
    return documents.download(report_document(report), request.GET.get("format", "pdf"), filename, where)
