"""Votes (M-V1..M-V6): open the vote on a discussed item, the vote page with the voter's ballot
and the live panel, casting ballots, the named-ballot grid, counts of a show of hands or of paper
secret ballots, closing the vote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from committees.errors import REFUSALS, add_to_form, add_to_messages, refusals_in_messages
from committees.selectors import can_manage
from meetings.forms import BallotForm, BallotGridForm, CountsForm, RecordBallotForm, VoteCloseForm, VoteOpenForm
from meetings.models import Vote, VoteChoice, VoteMethod
from meetings.selectors.access import person_of
from meetings.selectors.attendance import team_members
from meetings.selectors.votes import (
    ballot_rows,
    has_voted,
    live_counts,
    may_enter_counts,
    visible_votes,
    vote_members,
    voted_count,
)
from meetings.services.votes import COUNTS, cast_ballot, close_vote, open_vote, record_ballots

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


def _vote_context(request, vote: Vote, *, grid_form=None, counts_form=None, close_form=None) -> dict:
    me = person_of(request.user)
    manages = can_manage(request.user, vote.item.committee)
    members = vote_members(vote)
    eligible = len(members)
    voted = voted_count(vote)
    is_member = me is not None and me.pk in set(vote.present_ids) - set(vote.recused_ids)
    # A show of hands is counted in the room by the office, not cast one by one.
    may_vote = vote.is_open and is_member and vote.method != VoteMethod.SHOW_OF_HANDS and not has_voted(vote, me)
    counts = may_enter_counts(vote) if manages else False
    if manages and vote.is_open and not vote.is_secret and not counts and grid_form is None:
        grid_form = BallotGridForm(rows=ballot_rows(vote))
    if counts and counts_form is None:
        counts_form = CountsForm(paper=vote.is_secret, required=vote.method == VoteMethod.SHOW_OF_HANDS)
    if manages and vote.is_open and close_form is None:
        close_form = VoteCloseForm(members=team_members(vote.item.committee, vote.item.meeting.date))
    labels = dict(VoteChoice.choices)
    confirm = _("Cast your secret ballot: %(choice)s? It cannot be changed.") if vote.is_secret else None
    confirm = confirm or _("Cast your vote: %(choice)s? It cannot be changed.")
    return {
        "vote": vote,
        "item": vote.item,
        "can_manage": manages,
        "may_vote": may_vote,
        "has_voted": has_voted(vote, me),
        "live": live_counts(vote) if vote.is_open else None,
        "voted_count": voted,
        "eligible_count": eligible,
        "ballot_form": BallotForm(),
        "ballot_choices": [(value, label, confirm % {"choice": label}) for value, label in labels.items()],
        "ballot_confirm": _("Cast your secret ballot? It cannot be changed.")
        if vote.is_secret
        else _("Cast your vote? It cannot be changed."),
        "grid_form": grid_form if vote.is_open else None,
        "counts_form": counts_form if counts else None,
        "close_form": close_form if manages and vote.is_open else None,
        "close_confirm": _close_summary(vote, voted=voted, eligible=eligible, counts=counts),
        "named_ballots": vote.ballots.select_related("person") if not vote.is_secret and not vote.is_open else [],
    }


def _close_summary(vote: Vote, *, voted: int, eligible: int, counts: bool) -> str:
    """What the office confirms before closing (irreversible)."""
    if counts:
        return _("Close the vote with the counts entered? The outcome will be computed and cannot be changed.")
    return _(
        "Close the vote: %(voted)s of %(eligible)s have voted; the outcome will be computed and cannot be changed?"
    ) % {
        "voted": voted,
        "eligible": eligible,
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
def vote_ballots(request, pk: int):
    """The named-ballot grid (oral and named votes): the office records every member's ballot
    with one submit. A row someone else recorded meanwhile is refused beside the row, never
    overwritten; the other rows are saved. Never for a secret ballot (M-V6)."""
    vote = _vote(request, pk)
    if not can_manage(request.user, vote.item.committee) or vote.is_secret:
        raise PermissionDenied
    form = BallotGridForm(request.POST, rows=ballot_rows(vote))
    if form.is_valid():
        # A refusal of the whole grid (the vote closed meanwhile, a member who may not vote):
        # a message on the vote page, as it now is.
        with refusals_in_messages(request):
            result = record_ballots(vote, form.entries(), acting_user=request.user)
            if result.saved:
                messages.success(
                    request,
                    ngettext("%(count)s ballot was recorded.", "%(count)s ballots were recorded.", result.saved)
                    % {"count": result.saved},
                )
            if not result.refused:
                if not result.saved:
                    messages.info(request, _("No ballot was entered."))
                return redirect(f"{reverse('meetings_vote', args=[vote.pk])}#ballots")
            messages.warning(
                request,
                ngettext(
                    "%(count)s row was recorded meanwhile by someone else and was not overwritten: see below.",
                    "%(count)s rows were recorded meanwhile by someone else and were not overwritten: see below.",
                    len(result.refused),
                )
                % {"count": len(result.refused)},
            )
            form = BallotGridForm(rows=ballot_rows(vote), refused=result.refused)
            return render(request, "meetings/vote.html", _vote_context(request, vote, grid_form=form), status=409)
        return redirect(f"{reverse('meetings_vote', args=[vote.pk])}#ballots")
    return render(request, "meetings/vote.html", _vote_context(request, vote, grid_form=form), status=400)


@login_required
@require_POST
def vote_close(request, pk: int):
    """Close the vote and compute the outcome (M-V4, M-V5) – with the counts of a show of hands
    or of paper secret ballots when the office entered them."""
    vote = _vote(request, pk)
    if not can_manage(request.user, vote.item.committee):
        raise PermissionDenied
    form = VoteCloseForm(request.POST, members=team_members(vote.item.committee, vote.item.meeting.date))
    counts_form = None
    if may_enter_counts(vote):
        counts_form = CountsForm(
            request.POST,
            paper=vote.is_secret,
            required=vote.method == VoteMethod.SHOW_OF_HANDS,
        )
    if form.is_valid() and (counts_form is None or counts_form.is_valid()):
        data = form.cleaned_data
        try:
            vote = close_vote(
                vote,
                acting_user=request.user,
                resolution=data["resolution"],
                basis=data["basis"],
                responsible=data["responsible"],
                supervision=data["supervision"],
                refer_upward=data["refer_upward"],
                referral_note=data["referral_note"],
                counted=counts_form.counted() if counts_form is not None else None,
            )
        except REFUSALS as error:
            if counts_form is not None and _about_counts(error):
                add_to_form(counts_form, error)  # beside the counts
            elif vote.is_open and set(getattr(error, "error_dict", {})) & set(form.fields):
                add_to_form(form, error)
            else:  # the vote closed meanwhile, a rule refused: a message on the vote page
                add_to_messages(request, error)
                return redirect("meetings_vote", pk=vote.pk)
        else:
            messages.success(request, vote.arithmetic_text)
            return redirect("meetings_vote", pk=vote.pk)
    context = _vote_context(request, vote, counts_form=counts_form, close_form=form)
    return render(request, "meetings/vote.html", context, status=400)


def _about_counts(error) -> bool:
    """A refusal of the counts (``services.votes.check_counts``): shown beside the counts."""
    names = set(getattr(error, "error_dict", {}))
    return bool(names) and names <= {COUNTS, *CountsForm.base_fields}
