"""Delegates' proposal pages (M-C4): the proposals one sees, submitting one, a proposal with the
step its reader may take, and the report the annual session hears (on screen and printed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import documents
from committees.actors import person_of
from committees.errors import refusals_in_messages, refusals_on
from committees.forms import year_asked
from committees.models import TEAM_ROLES, Committee, Person, Role, RoleAssignment
from committees.paging import page_of
from committees.selectors import committees_where_holding, visible_committees

from . import printing, selectors, services
from .forms import AcceptForm, ConvertForm, RateForm, SubmitForm
from .models import ProposalState


@login_required
@require_GET
def proposal_list(request):
    year = year_asked(request)
    proposals = selectors.visible_proposals(request.user).filter(year=year).order_by("committee__name", "submitted_at")
    return render(
        request,
        "supervision/proposals/list.html",
        {
            "page": page_of(request, proposals),
            "year": year,
            "today": timezone.localdate(),
            "can_submit": committees_where_holding(request.user, {Role.DELEGATE}).exists(),
            "reports": visible_committees(request.user).filter(pk__in=proposals.values("committee_id")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request):
    """M-C4: a delegate's proposal with its co-signers (delegates of the same congress)."""
    committees = committees_where_holding(request.user, {Role.DELEGATE}).order_by("name")
    today = timezone.localdate()
    held = RoleAssignment.objects.on(today).filter(committee__in=committees, role=Role.DELEGATE)
    person = person_of(request.user)
    delegates = Person.objects.filter(pk__in=held.values("person_id")).order_by("name")
    if person is not None:
        delegates = delegates.exclude(pk=person.pk)
    form = SubmitForm(request.POST or None, committees=committees, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            proposal = services.submit(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Your proposal is submitted."))
            return redirect("proposal_detail", pk=proposal.pk)
    return render(
        request, "supervision/proposals/new.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def _accept_form(proposal, data=None):
    committee = proposal.committee
    leaders = RoleAssignment.objects.on(timezone.localdate()).filter(committee=committee, role__in=TEAM_ROLES)
    return AcceptForm(
        data,
        units=Committee.objects.filter(parent=committee).order_by("name"),
        leaders=Person.objects.filter(pk__in=leaders.values("person_id")).order_by("name"),
    )


def _detail(request, proposal, bound=None, status=200):
    person = person_of(request.user)
    is_author = person is not None and person.pk == proposal.author_id
    item = services.item_of(proposal)
    forms = {}
    if proposal.state == ProposalState.SUBMITTED and services.may_decide(request.user, proposal.committee):
        forms["accept"] = _accept_form(proposal)
        forms["convert"] = ConvertForm()
    if is_author and item is not None and item.state in services.REPORTED_STATES:
        forms["rate"] = RateForm(
            initial={"satisfaction": proposal.satisfaction or None, "note": proposal.satisfaction_note}
        )
    if bound is not None:
        forms[bound[0]] = bound[1]
    return render(
        request,
        "supervision/proposals/detail.html",
        {
            "proposal": proposal,
            "cosigners": proposal.cosigners.order_by("name"),
            "item": item,
            "forms": forms,
            "can_withdraw": is_author and proposal.state == ProposalState.SUBMITTED,
        },
        status=status,
    )


@login_required
@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, get_object_or_404(selectors.visible_proposals(request.user), pk=pk))


@login_required
@require_POST
def proposal_act(request, pk: int, action: str):
    proposal = get_object_or_404(selectors.visible_proposals(request.user), pk=pk)
    if action == "withdraw":
        with refusals_in_messages(request):
            services.withdraw(proposal, acting_user=request.user)
            messages.success(request, _("The proposal is withdrawn."))
        return redirect("proposal_detail", pk=pk)
    if action in ("accept", "convert"):
        if not services.may_decide(request.user, proposal.committee):
            raise PermissionDenied
        form = _accept_form(proposal, request.POST) if action == "accept" else ConvertForm(request.POST)
    elif action == "rate":
        person = person_of(request.user)
        if person is None or person.pk != proposal.author_id:
            raise PermissionDenied
        form = RateForm(request.POST)
    else:
        raise Http404
    if form.is_valid():
        with refusals_on(form):
            if action == "accept":
                item = services.accept(proposal, acting_user=request.user, **form.cleaned_data)
                messages.success(
                    request, _("Accepted; it is handled as supervision item %(item)s.") % {"item": item.pk}
                )
            elif action == "convert":
                services.convert(proposal, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Converted into a suggestion."))
            else:
                services.rate(proposal, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Thank you: your view of the handling is recorded."))
            return redirect("proposal_detail", pk=pk)
    return _detail(request, proposal, (action, form), status=400)


@login_required
@require_GET
def committee_report(request, pk: int):
    """M-C4: all proposals to the year's annual session and their handling."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    year = year_asked(request)
    return render(
        request,
        "supervision/proposals/report.html",
        {
            "committee": committee,
            "rows": selectors.report(committee, year),
            "year": year,
            "year_text": str(year),
            "session": services.annual_session(committee, year),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def committee_report_document(request, pk: int):
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    year = year_asked(request)
    document = printing.report_document(committee, year, selectors.report(committee, year))
    where = f"proposals {committee.pk} {year}"
    return documents.download(document, request.GET.get("format", "pdf"), f"proposals-{committee.pk}-{year}", where)
