"""The live meeting console (M-Q6 quorum per item, the stance grid), opening and closing the
session, and each item's discussion: take it up, record stances (M-D1, M-D2) and recusals
(M-D4), close it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from committees.context_processors import shows_years
from committees.errors import refusals_in_messages, refusals_on
from committees.models import Person
from committees.selectors import can_manage
from meetings.forms import DeferForm, RecusalForm, StanceForm
from meetings.models import Meeting
from meetings.selectors.access import person_of
from meetings.selectors.attendance import members_due
from meetings.selectors.console import console, console_version
from meetings.services.session import (
    StanceEntry,
    close_discussion,
    close_meeting,
    open_meeting,
    record_stance,
    record_stances,
    recuse,
    take_up_item,
)
from meetings.services.votes import open_vote

from .shared import back_to_item, item_action, item_or_404, managed_meeting, meeting_or_404


def _console_context(
    request, meeting: Meeting, *, recusal_form: RecusalForm | None = None, recusal_item_id: int | None = None
) -> dict:
    board = console(meeting, request.user)
    return {
        "meeting": meeting,
        "console": board,
        "stance_form": StanceForm(),
        "recusal_form": recusal_form or RecusalForm(members=Person.objects.filter(pk__in=board.due_ids)),
        "recusal_item_id": recusal_item_id,
        "defer_form": DeferForm(),
    }


@login_required
def meeting_detail(request, pk: int):
    """The live meeting console: agenda with per-item quorum (M-Q6) and the stance grid."""
    meeting = meeting_or_404(request, pk)
    shows_years(request, [meeting.date.year])  # its notice deadline counts working days of that year
    context = _console_context(request, meeting)
    template = "meetings/_console.html" if request.htmx else "meetings/detail.html"
    return render(request, template, context)


@login_required
@require_GET
def meeting_console_version(request, pk: int):
    """Polled by the console while in session: nothing (204) while what it shows is unchanged;
    otherwise a notice that someone else changed it, with a reload button the console presses
    itself unless the stance grid holds unsaved input."""
    meeting = meeting_or_404(request, pk)
    if request.GET.get("v", "") == console_version(meeting):
        return HttpResponse(status=204)
    return render(request, "meetings/_console_sync.html", {"meeting": meeting, "changed": True})


@login_required
@require_POST
def meeting_open(request, pk: int):
    meeting = managed_meeting(request, pk)
    with refusals_in_messages(request):
        open_meeting(meeting, acting_user=request.user)
        messages.success(request, _("The meeting is in session. Take the attendance."))
        return redirect("meetings_attendance", pk=meeting.pk)
    return redirect("meetings_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = managed_meeting(request, pk)
    with refusals_in_messages(request):
        warnings = close_meeting(meeting, acting_user=request.user)
        messages.success(request, _("The meeting is closed. Items not reached went back to the pool."))
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("meetings_detail", pk=meeting.pk)


@login_required
@require_POST
def item_take_up(request, pk: int):
    item, result = item_action(request, pk, lambda i: take_up_item(i, acting_user=request.user), "")
    if result is not None:
        messages.success(
            request,
            _("“%(title)s” is taken up: %(reason)s (%(rule)s)")
            % {"title": item.title, "reason": result.reason, "rule": result.rule_id},
        )
    return back_to_item(item)


@login_required
@require_POST
def item_close(request, pk: int):
    item, _result = item_action(
        request,
        pk,
        lambda i: close_discussion(i, acting_user=request.user),
        _("The discussion of “%(title)s” is closed."),
    )
    return back_to_item(item)


@login_required
@require_POST
def item_stance(request, pk: int):
    """M-D1: the office records each member's stance as they speak; a member may record their own."""
    item = item_or_404(request, pk)
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or defer."))
        return back_to_item(item)
    target = form.cleaned_data["person"]
    me = person_of(request.user)
    if not can_manage(request.user, item.committee) and (me is None or me.pk != target.pk):
        raise PermissionDenied
    with refusals_in_messages(request):
        record_stance(
            item,
            person=target,
            stance=form.cleaned_data["stance"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
        messages.success(request, _("The stance of %(person)s was recorded.") % {"person": target})
    return back_to_item(item)


@login_required
@require_POST
def item_stances(request, pk: int):
    """M-D1: the whole stance grid of the item under discussion in one submit. The office saves
    every row; a member only their own (like :func:`item_stance`). Rows refused – by a rule (M-D2
    for the chair while others are missing) or because someone else changed them since the grid
    was rendered – keep their input and show why next to them; the other rows are saved."""
    item = item_or_404(request, pk)
    if item.meeting_id is None:
        raise PermissionDenied
    meeting = meeting_or_404(request, item.meeting_id)
    board = console(meeting, request.user)
    row = next((row for row in board.rows if row.item.pk == item.pk), None)
    if row is None:
        raise PermissionDenied
    may_all = can_manage(request.user, item.committee)
    me = board.person
    cells = {cell.person_id: cell for cell in row.grid}
    posted = [int(key[7:]) for key in request.POST if key.startswith("stance-") and key[7:].isdigit()]
    if not may_all and any(me is None or me.pk != person_id for person_id in posted):
        raise PermissionDenied
    # Someone not due (an observer, the office's own login) goes to the service, which refuses (O-5).
    people = {cell.person_id: cell.assignment.person for cell in cells.values()}
    people.update(Person.objects.in_bulk([person_id for person_id in posted if person_id not in people]))
    entries = []
    for person_id in posted:
        if person_id not in people:
            continue
        key = f"stance-{person_id}"
        entries.append(
            StanceEntry(
                person=people[person_id],
                stance=request.POST.get(key, ""),
                reason=request.POST.get(f"reason-{person_id}", "")[:2000],
                version=request.POST.get(f"version-{person_id}", ""),
            )
        )
    with refusals_in_messages(request):
        outcome = record_stances(item, entries, acting_user=request.user)
        if outcome.saved:
            messages.success(
                request,
                ngettext("Stances recorded: %(count)d.", "Stances recorded: %(count)d.", len(outcome.saved))
                % {"count": len(outcome.saved)},
            )
        elif not outcome.errors:
            messages.info(request, _("Nothing changed in the stance grid."))
        if not outcome.errors:
            return _after_stances(request, item, then=request.POST.get("then", "") if may_all else "")
        context = _console_context(request, meeting)
        for current in context["console"].rows:
            if current.item.pk != item.pk:
                continue
            by_person = {entry.person.pk: entry for entry in entries}
            for cell in current.grid:
                if cell.person_id in outcome.errors:
                    entry = by_person[cell.person_id]
                    cell.posted_stance, cell.posted_reason = entry.stance, entry.reason
                    cell.error = outcome.errors[cell.person_id]
        names = {entry.person.pk: entry.person.name for entry in entries}
        for person_id, error in outcome.errors.items():
            messages.error(
                request,
                _("Not recorded for %(person)s (see the marked row): %(error)s")
                % {"person": names[person_id], "error": error},
            )
        return render(request, "meetings/detail.html", context)
    return back_to_item(item)


def _after_stances(request, item, *, then: str):
    """The office's next step from the grid's own buttons, saving two page loads on a meeting
    day: close the discussion (M-D1 checked by the service), and open the vote with the
    category's default method (M-V2). A refusal stops there, as a message; the stances stay."""
    if then in ("close", "vote"):
        close_discussion(item, acting_user=request.user)
        messages.success(request, _("The discussion of “%(title)s” is closed.") % {"title": item.title})
        if then == "vote":
            vote = open_vote(item, acting_user=request.user)
            messages.success(request, _("The vote is open: %(method)s.") % {"method": vote.get_method_display()})
            return redirect("meetings_vote", pk=vote.pk)
    return back_to_item(item)


@login_required
@require_POST
def item_recuse(request, pk: int):
    """M-D4: one member's recusal from one item, from the disclosure on the current item. A
    refusal is shown on that form, with the input kept."""
    item = item_or_404(request, pk)
    if not can_manage(request.user, item.committee) or item.meeting_id is None:
        raise PermissionDenied
    due_ids = {a.person_id for a in members_due(item.meeting)}
    form = RecusalForm(request.POST, members=Person.objects.filter(pk__in=due_ids))
    if form.is_valid():
        with refusals_on(form):
            recuse(item, acting_user=request.user, **form.cleaned_data)
            messages.success(
                request, _("%(person)s is recused from this item.") % {"person": form.cleaned_data["person"]}
            )
            return back_to_item(item)
    meeting = meeting_or_404(request, item.meeting_id)
    return render(
        request, "meetings/detail.html", _console_context(request, meeting, recusal_form=form, recusal_item_id=item.pk)
    )
