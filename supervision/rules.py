"""Pure rules of supervision (DOMAIN.md S-2, S-4, S-5): inputs in, a result out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.models import Role
from committees.rules import RuleViolation

from .models import InspectionResult, ItemState


class Actor:
    """Who acts in the S-2 workflow."""

    PRINCIPAL = "principal"  # the principal leader (secretary) approves
    OFFICE = "office"  # the supervision office: party office staff, discipline inspectors
    UNIT = "unit"  # the undertaking unit: responsible person or leader in charge


#: Roles that act as the supervision office of a committee (``Actor.OFFICE``).
OFFICE_ROLES = frozenset({Role.OFFICE_STAFF, Role.DISCIPLINE_INSPECTOR, Role.DISCIPLINE_SECRETARY})
#: The principal leader approves (S-2, ``Actor.PRINCIPAL``).
PRINCIPAL_ROLES = frozenset({Role.SECRETARY})


class Action:
    APPROVE = "approve"
    ASSIGN = "assign"
    URGE = "urge"
    REPORT_PROGRESS = "report_progress"  # feedback "not finished yet"
    SUBMIT_FEEDBACK = "submit_feedback"  # feedback "finished"
    ACCEPT = "accept"
    REJECT = "reject"
    CLOSE = "close"


S = ItemState

#: S-2 (003 督促检查 三): (state, action) → (new state, roles that may do it). Anything absent is refused.
TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.REGISTERED, Action.APPROVE): (S.APPROVED, frozenset({Actor.PRINCIPAL})),
    (S.APPROVED, Action.ASSIGN): (S.ASSIGNED, frozenset({Actor.OFFICE, Actor.PRINCIPAL})),
    (S.ASSIGNED, Action.URGE): (S.IN_PROGRESS, frozenset({Actor.OFFICE})),
    (S.IN_PROGRESS, Action.URGE): (S.IN_PROGRESS, frozenset({Actor.OFFICE})),
    (S.ASSIGNED, Action.REPORT_PROGRESS): (S.IN_PROGRESS, frozenset({Actor.UNIT, Actor.OFFICE})),
    (S.IN_PROGRESS, Action.REPORT_PROGRESS): (S.IN_PROGRESS, frozenset({Actor.UNIT, Actor.OFFICE})),
    (S.ASSIGNED, Action.SUBMIT_FEEDBACK): (S.FEEDBACK, frozenset({Actor.UNIT, Actor.OFFICE})),
    (S.IN_PROGRESS, Action.SUBMIT_FEEDBACK): (S.FEEDBACK, frozenset({Actor.UNIT, Actor.OFFICE})),
    (S.FEEDBACK, Action.ACCEPT): (S.ACCEPTED, frozenset({Actor.OFFICE})),
    (S.FEEDBACK, Action.REJECT): (S.IN_PROGRESS, frozenset({Actor.OFFICE})),
    (S.ACCEPTED, Action.CLOSE): (S.CLOSED, frozenset({Actor.OFFICE})),
}


def allowed_actions(state: str, actors: Iterable[str]) -> list[str]:
    """S-2: the actions these actors may take on an item in ``state`` (for the detail page)."""
    actors = set(actors)
    return [action for (from_state, action), (_new, who) in TRANSITIONS.items() if from_state == state and who & actors]


#: S-2: shown when a step does not follow from the item's state.
MSG_NOT_IN_THIS_STATE = gettext_lazy("“%(action)s” is not possible while the item is %(state)s.")
#: S-2: shown when the user acts in none of the capacities that may take a step.
MSG_NOT_YOUR_STEP = gettext_lazy("You may not “%(action)s” a supervision item.")


def next_state(state: str, action: str, actors: Iterable[str]) -> str:
    """S-2: the state after ``action``; an illegal transition or a wrong actor is refused."""
    try:
        new_state, who = TRANSITIONS[(state, action)]
    except KeyError:
        raise RuleViolation(
            "S-2", str(MSG_NOT_IN_THIS_STATE) % {"action": action, "state": ItemState(state).label}
        ) from None
    if not who & set(actors):
        raise RuleViolation("S-2", str(MSG_NOT_YOUR_STEP) % {"action": action})
    return new_state


# ----------------------------------------------------------------------------------- S-1


def is_waivable(item_state: str | None) -> bool:
    """S-1/S-2: a decision's supervision may be waived while its item, if any, still waits for the
    principal leader's approval (立项登记 is only a proposal until then); once approved, it is
    supervised to the end."""
    return item_state is None or item_state == ItemState.REGISTERED


# ----------------------------------------------------------------------------------- S-4


@dataclass(frozen=True)
class InspectionFact:
    """What S-4 needs of an inspection."""

    inspected_on: datetime.date
    result: str
    people: tuple[int | None, ...]  # leader in charge, unit head, person concerned


def award_ineligible_people(inspections: Iterable[InspectionFact], year: int, streak: int = 2) -> set[int]:
    """S-4 (003 五.3): a unit failing ``streak`` inspections in a row within ``year`` costs the
    leader in charge, the unit head and the person concerned of the failed inspections that
    year's awards. ``inspections`` are those of one unit."""
    ineligible: set[int] = set()
    run: list[InspectionFact] = []
    for fact in sorted((f for f in inspections if f.inspected_on.year == year), key=lambda f: f.inspected_on):
        if fact.result == InspectionResult.FAILED:
            run.append(fact)
            if len(run) >= streak:
                for failed in run:
                    ineligible.update(pk for pk in failed.people if pk is not None)
        else:
            run = []
    return ineligible


# ----------------------------------------------------------------------------------- S-5


def periods_overlap(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]) -> bool:
    """S-5 (001 (五)): two inspection periods overlap when they share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


def due_at_end_of(day: datetime.date) -> datetime.datetime:
    """Day deadlines fall due at the end of the day in Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def rectification_due_on(found_on: datetime.date, days: int) -> datetime.date:
    """S-3 (003 五.1): the rectification report is due ``days`` (7) days after the problems are found."""
    return found_on + datetime.timedelta(days=days)
