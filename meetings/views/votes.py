"""Votes (M-V1..M-V6): open the vote on a discussed item, the vote page with the voter's ballot
and the live panel, casting or recording ballots, closing the vote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.errors import refusals_in_messages
from committees.selectors import can_manage
from meetings.forms import BallotForm, RecordBallotForm, VoteCloseForm, VoteOpenForm
from meetings.models import Vote
from meetings.selectors.access import person_of
from meetings.selectors.attendance import team_members
from meetings.selectors.votes import has_voted, live_counts, visible_votes, vote_members, voted_count
from meetings.services.votes import cast_ballot, close_vote, open_vote

from .shared import back_to_item, item_or_404


def _vote(request, pk: int) -> Vote:
    return get_object_or_404(visible_votes(request.user), pk=pk)


@login_required
@require_POST
def vote_open(request, pk: int):
    """Open the vote on an item whose discussion is closed (M-V1, M-V2, M-V7)."""
    item = item_or_404(request, pk)
    if not can_manage(request.user, item.committee):
        raise PermissionDenied
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a vote method."))
        return back_to_item(item)
    with refusals_in_messages(request):
        vote = open_vote(
            item,
            method=form.cleaned_data["method"] or None,
            reason=form.cleaned_data["reason"],
            is_emergency=form.cleaned_data["is_emergency"] or None,
            acting_user=request.user,
        )
        messages.success(request, _("The vote is open: %(method)s.") % {"method": vote.get_method_display()})
        return redirect("meetings_vote", pk=vote.pk)
    return back_to_item(item)


def _vote_context(request, vote: Vote) -> dict:
    me = person_of(request.user)
    manages = can_manage(request.user, vote.item.committee)
    may_vote = (
        vote.is_open
        and me is not None
        and me.pk in set(vote.present_ids) - set(vote.recused_ids)
        and not has_voted(vote, me)
    )
    members = vote_members(vote)
    return {
        "vote": vote,
        "item": vote.item,
        "can_manage": manages,
        "may_vote": may_vote,
        "has_voted": has_voted(vote, me),
        "live": live_counts(vote) if vote.is_open else None,
        "voted_count": voted_count(vote),
        "eligible_count": len(members),
        "ballot_form": BallotForm(),
        "record_form": RecordBallotForm(members=members) if manages and not vote.is_secret else None,
        "close_form": VoteCloseForm(members=team_members(vote.item.committee, vote.item.meeting.date))
        if manages and vote.is_open
        else None,
        "named_ballots": vote.ballots.select_related("person") if not vote.is_secret and not vote.is_open else [],
    }


@login_required
def vote_detail(request, pk: int):
    """The vote page: the voter's ballot, the live panel (counts only for open votes; a secret
    ballot shows only how many have voted until it closes, M-V6) and the result."""
    vote = _vote(request, pk)
    context = _vote_context(request, vote)
    template = "meetings/_vote_panel.html" if request.htmx else "meetings/vote.html"
    return render(request, template, context)


@login_required
@require_POST
def vote_cast(request, pk: int):
    """The member's own ballot (secret ballots only this way, from their own session), or the
    recorder entering a member's choice in an oral / show-of-hands / named vote."""
    vote = _vote(request, pk)
    me = person_of(request.user)
    if "person" in request.POST:
        if not can_manage(request.user, vote.item.committee) or vote.is_secret:
            raise PermissionDenied
        form = RecordBallotForm(request.POST, members=vote_members(vote))
        target = form.cleaned_data["person"] if form.is_valid() else None
    else:
        form = BallotForm(request.POST)
        target = me
    if target is None or not form.is_valid():
        messages.error(request, _("Choose yes, no or abstain."))
        return redirect("meetings_vote", pk=vote.pk)
    with refusals_in_messages(request):
        cast_ballot(vote, person=target, choice=form.cleaned_data["choice"], acting_user=request.user)
        messages.success(request, _("The vote was recorded."))
    return redirect("meetings_vote", pk=vote.pk)


@login_required
@require_POST
def vote_close(request, pk: int):
    vote = _vote(request, pk)
    if not can_manage(request.user, vote.item.committee):
        raise PermissionDenied
    form = VoteCloseForm(request.POST, members=team_members(vote.item.committee, vote.item.meeting.date))
    if not form.is_valid():
        context = _vote_context(request, vote)
        context["close_form"] = form
        return render(request, "meetings/vote.html", context, status=400)
    data = form.cleaned_data
    with refusals_in_messages(request):
        vote = close_vote(
            vote,
            acting_user=request.user,
            resolution=data["resolution"],
            basis=data["basis"],
            responsible=data["responsible"],
            supervision=data["supervision"],
            refer_upward=data["refer_upward"],
            referral_note=data["referral_note"],
        )
        messages.success(request, vote.arithmetic)
    return redirect("meetings_vote", pk=vote.pk)
