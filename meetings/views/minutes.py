"""Minutes (M-M1..M-M7): the list, one minutes' page – edit, approve, correct, distribute,
acknowledge, each its own handler – the PDF, verifying a document against the approved
fingerprint, and the archive export of a committee's year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees import bounds
from committees.errors import refusals_in_messages
from committees.paging import searched_page
from committees.selectors import can_manage, visible_committees, visible_people
from meetings import archive, pdf
from meetings.forms import DistributeForm, MinutesFilter, MinutesSummaryForm, VerifyForm
from meetings.models import Minutes
from meetings.selectors import minutes as minutes_selectors
from meetings.selectors.access import person_of
from meetings.services import minutes as minutes_services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def minutes_list(request):
    committees = visible_committees(request.user).order_by("name")
    minutes = minutes_selectors.minutes_register(request.user).order_by("-year", "-number", "-pk")
    filterset = MinutesFilter(request.GET or None, queryset=minutes, committees=committees)
    page = searched_page(request, filterset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "meetings/minutes_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


def _minutes(request, pk: int) -> Minutes:
    return get_object_or_404(minutes_selectors.visible_minutes(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_detail(request, pk: int):
    """The minutes: the recorder edits the draft, the chair approves (numbered, locked), the
    office distributes, recipients acknowledge. Confidential items only in the full version,
    and every read of it is logged (M-M3, M-M7). A POST names its action (``form=``), which its
    own handler carries out; one it may not carry out is refused (403)."""
    minutes = _minutes(request, pk)
    people = visible_people(request.user).order_by("name")
    forms = {
        "summary": MinutesSummaryForm(initial={"summary": minutes.summary}),
        "distribute": DistributeForm(people=people),
    }
    if request.method == "POST":
        handler = MINUTES_ACTIONS.get(request.POST.get("form"))
        if handler is None:
            raise PermissionDenied
        with refusals_in_messages(request):
            response = handler(request, minutes, forms, people)
            if response is not None:
                return response
    me = person_of(request.user)
    full = minutes_selectors.read_minutes(request.user, minutes, full=request.GET.get("version") != "distributed")
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "minutes": minutes,
            "content": minutes_selectors.worded(minutes.content),
            "items": pdf.minutes_items(minutes, full=full),
            "full": full,
            "has_confidential": minutes_selectors.has_confidential_items(minutes),
            "may_edit": minutes_selectors.may_edit(me, minutes),
            "may_approve": minutes_selectors.may_approve(me, minutes),
            "can_manage": can_manage(request.user, minutes.committee),
            "summary_form": forms["summary"],
            "distribute_form": forms["distribute"],
            "recipients": minutes_selectors.recipients_of(minutes),
            "my_copy": minutes_selectors.copy_of(minutes, me),
        },
    )


def _acting_person(request):
    """The person acting on the minutes; a user who is no person acts on none."""
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _managing(request, minutes: Minutes) -> None:
    if not can_manage(request.user, minutes.committee):
        raise PermissionDenied


def _edit(request, minutes: Minutes, forms: dict, people):
    """M-M1: the recorder edits the summary of the draft (the service checks who)."""
    _acting_person(request)  # a user who is no person acts on no minutes (403)
    forms["summary"] = form = MinutesSummaryForm(request.POST)
    if form.is_valid():
        minutes_services.edit_minutes(minutes, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The draft minutes were saved."))
        return redirect("meetings_minutes", pk=minutes.pk)
    return None


def _approve(request, minutes: Minutes, forms: dict, people):
    """M-M2: the chair approves; the minutes get their number (the service checks who)."""
    _acting_person(request)  # a user who is no person acts on no minutes (403)
    minutes = minutes_services.approve_minutes(minutes, acting_user=request.user)
    messages.success(request, _("The minutes were approved: %(number)s.") % {"number": minutes.number_display})
    return redirect("meetings_minutes", pk=minutes.pk)


def _correct(request, minutes: Minutes, forms: dict, people):
    """M-M5: a correction is a new draft; the office opens it."""
    _acting_person(request)  # a user who is no person acts on no minutes (403)
    _managing(request, minutes)
    correction = minutes_services.correct_minutes(minutes, acting_user=request.user)
    messages.success(request, _("A correction was drafted; it is approved like any draft."))
    return redirect("meetings_minutes", pk=correction.pk)


def _distribute(request, minutes: Minutes, forms: dict, people):
    """M-M4: the office sends approved minutes to the members, departments and higher leaders."""
    _managing(request, minutes)
    forms["distribute"] = form = DistributeForm(request.POST, people=people)
    if form.is_valid():
        minutes_services.distribute_minutes(
            minutes,
            departments=form.cleaned_data["departments"].splitlines(),
            higher_leaders=form.cleaned_data["higher_leaders"],
            acting_user=request.user,
        )
        messages.success(request, _("The minutes were distributed."))
        return redirect("meetings_minutes", pk=minutes.pk)
    return None


def _acknowledge(request, minutes: Minutes, forms: dict, people):
    """M-M4: a recipient acknowledges reading their copy."""
    me = _acting_person(request)
    recipient = minutes_selectors.copy_of(minutes, me)
    if recipient is None:
        raise PermissionDenied
    minutes_services.acknowledge_minutes(recipient, person=me, acting_user=request.user)
    messages.success(request, _("Your reading of the minutes was recorded."))
    return redirect("meetings_minutes", pk=minutes.pk)


#: ``form`` of the POST → its handler: a response, or None to show the page again (a form's errors).
MINUTES_ACTIONS = {
    "edit": _edit,
    "approve": _approve,
    "correct": _correct,
    "distribute": _distribute,
    "acknowledge": _acknowledge,
}


@login_required
def minutes_pdf(request, pk: int):
    """The PDF (PDF/A-3b once approved); the full version only for those allowed, logged (M-M7)."""
    minutes = _minutes(request, pk)
    full = minutes_selectors.read_minutes(
        request.user, minutes, full=request.GET.get("version") != "distributed", what="pdf"
    )
    if minutes.is_locked and pdf.is_large(minutes):
        data = pdf.stored_pdf(minutes, full=full)
        if data is None:
            from meetings.tasks import render_minutes_pdf

            render_minutes_pdf.delay(minutes.pk, full)
            return render(request, "meetings/minutes_pdf_pending.html", {"minutes": minutes}, status=202)
    else:
        data = pdf.render_minutes_pdf(minutes, full=full)
    name = f"minutes-{minutes.year or 'draft'}-{minutes.number or minutes.pk}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def minutes_docx(request, pk: int):
    """The minutes as .docx, laid out like the PDF, for the office to edit in WPS or Word (issue 15);
    the same versions and the same logging of confidential reads as the PDF (M-M3, M-M7)."""
    minutes = _minutes(request, pk)
    full = minutes_selectors.read_minutes(
        request.user, minutes, full=request.GET.get("version") != "distributed", what="docx"
    )
    data = pdf.render_minutes_docx(minutes, full=full)
    name = f"minutes-{minutes.year or 'draft'}-{minutes.number or minutes.pk}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_verify(request, pk: int):
    """Does a given PDF (or text / fingerprint) match what was approved?"""
    minutes = _minutes(request, pk)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        upload = form.cleaned_data["file"]
        if upload is not None:
            text += pdf.pdf_text(upload.read())
        result = minutes_selectors.matches_approved(minutes, text)
    return render(request, "meetings/minutes_verify.html", {"minutes": minutes, "form": form, "result": result})


@login_required
def archive_export(request, pk: int, year: int):
    """One-click archive export of a committee's year (ZIP): those who manage its meetings."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    if not can_manage(request.user, committee):
        raise PermissionDenied
    if bounds.parse_year(year) is None:
        raise Http404
    data = archive.archive_zip(request.user, committee, year)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="archive-{committee.pk}-{year}.zip"'
    return response
