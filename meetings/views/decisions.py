"""Decisions: by consensus or as a recommendation (M-V3, M-V7), the register, one decision with
its reservations (M-V8), invalidation (M-V10), publication (M-M6) and re-deliberation (M-V9), and
the public notice page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees.errors import add_to_form, refusals_in_messages
from committees.paging import page_of, searched_page
from committees.rules import RuleViolation
from committees.selectors import can_manage, visible_committees
from meetings import rules
from meetings.forms import ConsensusForm, DecisionFilter, InvalidateForm, ReservationForm
from meetings.selectors.access import person_of
from meetings.selectors.decisions import (
    MSG_RESERVATION_BY_MEMBERS_PRESENT,
    decision_register,
    may_record_reservation,
    published_decisions,
    visible_decisions,
)
from meetings.services.decisions import (
    add_reservation,
    decide_by_consensus,
    invalidate_decision,
    publish_decision,
    record_recommendation,
    table_redeliberation,
)

from .shared import back_to_item, item_or_404


@login_required
@require_POST
def item_consensus(request, pk: int):
    """Decide without a vote (refused for M-V3 categories), or – at the secretary office and the
    five-person group – record a recommendation forwarded to the standing committee (M-V7)."""
    item = item_or_404(request, pk)
    if not can_manage(request.user, item.committee):
        raise PermissionDenied
    form = ConsensusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the resolution."))
        return back_to_item(item)
    with refusals_in_messages(request):
        if item.meeting and item.meeting.kind in rules.NON_DECISION_KINDS and request.POST.get("recommend"):
            record_recommendation(item, text=form.cleaned_data["resolution"], acting_user=request.user)
        else:
            decide_by_consensus(
                item,
                resolution=form.cleaned_data["resolution"],
                basis=form.cleaned_data["basis"],
                acting_user=request.user,
            )
        messages.success(request, _("Recorded."))
    return back_to_item(item)


@login_required
def decision_list(request):
    """The decisions register: filter by committee, year, category, status; search the text."""
    committees = visible_committees(request.user).order_by("name")
    decisions = decision_register(request.user).order_by("-decided_at", "-pk")
    filterset = DecisionFilter(request.GET or None, queryset=decisions, committees=committees)
    page = searched_page(request, filterset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "meetings/decision_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    manages = can_manage(request.user, decision.committee)
    me = person_of(request.user)
    may_reserve = may_record_reservation(me, decision)
    reservation_form, invalidate_form = ReservationForm(), InvalidateForm()
    if request.method == "POST":
        action = request.POST.get("form")
        with refusals_in_messages(request):
            if action == "reservation" and may_reserve:
                reservation_form = ReservationForm(request.POST)
                if reservation_form.is_valid():
                    try:
                        add_reservation(
                            decision,
                            person=me,
                            text=reservation_form.cleaned_data["text"],
                            report_upward=reservation_form.cleaned_data["report_upward"],
                            acting_user=request.user,
                        )
                    except RuleViolation as error:  # M-V8: one reservation per member
                        add_to_form(reservation_form, error)
                    else:
                        return redirect("meetings_decision", pk=decision.pk)
            elif action == "reservation":
                raise PermissionDenied(MSG_RESERVATION_BY_MEMBERS_PRESENT)
            elif action == "invalidate" and manages and me is not None:
                invalidate_form = InvalidateForm(request.POST)
                if invalidate_form.is_valid():
                    invalidate_decision(
                        decision,
                        reason=invalidate_form.cleaned_data["reason"],
                        proposed_by=me,
                        acting_user=request.user,
                    )
                    return redirect("meetings_decision", pk=decision.pk)
            elif action == "publish" and manages:
                publish_decision(decision, acting_user=request.user)
                return redirect("meetings_decision", pk=decision.pk)
            elif action == "redeliberate" and manages and me is not None:
                item = table_redeliberation(decision, proposed_by=me, acting_user=request.user)
                return redirect("meetings_item", pk=item.pk)
            else:
                raise PermissionDenied
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "chain": decision.chain(),
            "reservations": decision.reservations.select_related("person"),
            "can_manage": manages,
            "reservation_form": reservation_form if may_reserve else None,
            "invalidate_form": invalidate_form if manages else None,
        },
    )


def public_decisions(request):
    """M-M6: the public notice page – decisions in force that are not confidential."""
    page = page_of(request, published_decisions().order_by("-decided_at"))
    return render(request, "meetings/public_decisions.html", {"page": page, "query": ""})
