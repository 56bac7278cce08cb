"""The room's projector (issue 13): the item being taken up, its quorum, the vote's progress and,
once closed, the result with the M-V4 arithmetic – a public screen, so never a name of how anyone
voted and never a running count of a secret ballot (M-V6)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from meetings import rules
from meetings.models import AgendaItem, ItemStatus, Meeting, Vote

from .access import may_see_materials
from .console import item_context, item_quorum, snapshot_quorum
from .votes import voted_count


@dataclass(frozen=True)
class Screen:
    meeting: Meeting
    item: AgendaItem | None
    #: "voting", "discussion", "discussed" (waiting for the vote or a decision), "result",
    #: "deferred", or "waiting" (no item taken up yet).
    phase: str
    quorum: rules.QuorumResult | None
    vote: Vote | None
    voted: int
    eligible: int
    needed_to_pass: int | None
    #: False: a confidential item whose details this viewer may not see (M-M7) – its title only.
    shows_details: bool
    now: datetime.datetime


def projector_screen(meeting: Meeting, user, now: datetime.datetime | None = None) -> Screen:
    """What the projector shows now: the item taken up last, in the state it is in."""
    now = now or timezone.now()
    item = (
        meeting.items.filter(taken_up_at__isnull=False)
        .exclude(status=ItemStatus.WITHDRAWN)
        .select_related("vote__rule_set_version", "meeting__rule_set_version", "member_in_charge")
        .order_by("-taken_up_at", "-pk")
        .first()
    )
    if item is None:
        return Screen(meeting, None, "waiting", None, None, 0, 0, None, True, now)
    item.meeting = meeting
    vote = getattr(item, "vote", None)
    shows_details = may_see_materials(user, item)
    if vote is not None:
        phase = "voting" if vote.is_open else "result"
    elif item.status == ItemStatus.IN_DISCUSSION:
        phase = "discussion"
    elif item.status == ItemStatus.DEFERRED:
        phase = "deferred"
    else:
        phase = "discussed"
    if item.status == ItemStatus.IN_DISCUSSION:
        due_ids, attendances, recused_ids = item_context(item)
        quorum = item_quorum(item, now, due_ids=due_ids, attendances=attendances, recused_ids=recused_ids)
    else:
        quorum = snapshot_quorum(item) if item.quorum_due is not None else None
    voted = eligible = 0
    needed = None
    if vote is not None:
        eligible = len(set(vote.present_ids) - set(vote.recused_ids))
        voted = voted_count(vote) if vote.is_open else eligible - (vote.not_voted or 0)
        fraction, strict = vote.rule_set_version.fraction("pass_threshold")
        needed = rules.needed_for(vote.due, fraction, strict)
    return Screen(meeting, item, phase, quorum, vote, voted, eligible, needed, shows_details, now)
