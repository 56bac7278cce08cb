"""The texts meetings store as phrases (issue 14): the vote arithmetic (M-V4, M-V5) and the words
of the minutes (M-M3) – stances, ballots, outcomes, methods – worded in the reader's language
when shown; the minutes PDF in the committee's (``committees.phrases``); and the notifications of
notices and agenda approvals."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_noop, override

from committees.phrases import phrase, stored

from .models import (
    AgendaCategory,
    DecisionKind,
    ItemStatus,
    StanceChoice,
    VoteChoice,
    VoteMethod,
    VoteOutcome,
)

#: M-V4: the yes votes against half of the members due, not of those present.
MAJORITY_PASSED = phrase(
    "meetings.vote.majority_passed",
    gettext_noop(
        "%(due)s members due, %(present)s present, %(yes)s yes: more than half of the members due (%(bound)s), passed"
    ),
)
MAJORITY_FAILED = phrase(
    "meetings.vote.majority_failed",
    gettext_noop(
        "%(due)s members due, %(present)s present, %(yes)s yes: not more than half of the members due "
        "(%(bound)s), not passed"
    ),
)
#: M-V5: support and opposition (written opinions counted, M-D3) are close.
CLOSENESS = phrase(
    "meetings.vote.closeness",
    gettext_noop(
        "support %(support)s (written opinions %(wf)s) and opposition %(opposition)s (written opinions %(wa)s) "
        "differ by at most %(margin)s"
    ),
)
CLOSE_DEFERRED = phrase(
    "meetings.vote.close_deferred", gettext_noop("%(words)s; %(closeness)s: deferred to a later meeting")
)
CLOSE_EMERGENCY = phrase(
    "meetings.vote.close_emergency",
    gettext_noop("%(words)s; %(closeness)s: emergency, the majority opinion is executed"),
)
#: The arithmetic followed by the rule that decided it: "… (M-V4)".
WITH_RULE = phrase("meetings.vote.with_rule", gettext_noop("%(words)s (%(rule)s)"))
#: Invalid paper ballots of a secret ballot count as not voted; the arithmetic says how many.
WITH_INVALID_BALLOTS = phrase(
    "meetings.vote.with_invalid_ballots", gettext_noop("%(words)s; %(invalid)s paper ballots invalid")
)

#: The choices whose labels the minutes store: each value is a phrase keyed by its class and value,
#: worded with the label's msgid (already in the .po files through models.py).
WORDED_CHOICES: tuple[type[models.TextChoices], ...] = (
    AgendaCategory,
    DecisionKind,
    ItemStatus,
    StanceChoice,
    VoteChoice,
    VoteMethod,
    VoteOutcome,
)


def _msgid(label: Any) -> str:
    with override(None):  # no catalogue: a lazy label gives back its msgid
        return str(label)


def choice_key(choices: type[models.TextChoices], value: str) -> str:
    return f"meetings.{choices.__name__}.{value}"


for _choices in WORDED_CHOICES:
    for _member in _choices:
        phrase(choice_key(_choices, _member.value), _msgid(_member.label))


def label(choices: type[models.TextChoices], value: str) -> dict[str, Any] | str:
    """The stored phrase of a choice's label (an empty value stays empty)."""
    return stored(choice_key(choices, value)) if value else ""


# M-N1 / M-N3: the notice and the amendment notice, to every member due and observer.
NOTICE = phrase("meetings.notice", gettext_noop("Meeting notice: %(title)s"))
AMENDMENT = phrase("meetings.amendment", gettext_noop("Agenda amendment: %(title)s"))
NOTICE_BODY = phrase("meetings.notice_body", gettext_noop("Meeting time: %(start)s\n\n%(text)s"))
# The notice's own text: the meeting, then its numbered items (a confidential one by its category, M-M3).
NOTICE_HEAD = phrase("meetings.notice_head", gettext_noop("%(title)s, %(start)s, %(place)s"))
NUMBERED = phrase("meetings.numbered", gettext_noop("%(number)s. %(title)s"))
CONFIDENTIAL_ITEM = phrase("meetings.confidential_item", gettext_noop("Confidential item (%(category)s)"))
# The agenda amendments after the notice (M-N3), each notified in turn.
AMEND_ADDED = phrase("meetings.amend_added", gettext_noop("Added: %(title)s"))
AMEND_CHANGED = phrase("meetings.amend_changed", gettext_noop("Changed %(fields)s: %(title)s"))
AMEND_MOVED = phrase("meetings.amend_moved", gettext_noop("Moved to position %(position)s: %(title)s"))
AMEND_MOVED_AWAY = phrase("meetings.amend_moved_away", gettext_noop("Moved to another meeting: %(title)s"))
AMEND_DEFERRED = phrase("meetings.amend_deferred", gettext_noop("Deferred: %(title)s"))
AMEND_DEFERRED_BECAUSE = phrase("meetings.amend_deferred_because", gettext_noop("Deferred: %(title)s (%(reason)s)"))
AMEND_WITHDRAWN = phrase("meetings.amend_withdrawn", gettext_noop("Withdrawn: %(title)s"))
# M-N2: an item proposed for the agenda waits for the principal leader's approval.
ITEM_TO_APPROVE = phrase("meetings.item_to_approve", gettext_noop("Agenda item to approve: %(title)s"))
ITEM_TO_APPROVE_BODY = phrase(
    "meetings.item_to_approve_body",
    gettext_noop("Proposed to %(committee)s. Only items the principal leader approved go on a notice (M-N2)."),
)

# The obligations the deadline engine watches (``reporting.models.Deadline.title``).
DEADLINE_EMERGENCY_HANDLING = phrase(
    "deadline.emergency_handling", gettext_noop("Report the emergency handling to the team: %(title)s")
)
DEADLINE_DEMOCRATIC_LIFE_RECTIFICATION = phrase(
    "deadline.democratic_life_rectification",
    gettext_noop("Rectification after the democratic life meeting %(year)s: %(measure)s"),
)
