"""Pure functions for the organisation rules (O-1..O-5) and shared rule arithmetic.

No database writes here: inputs in, a result out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .models import FIVE_PERSON_ROLES, Level, Role, RoleAssignment


class RuleViolation(Exception):
    """An action the rulebook refuses. The message is translated and cites the article."""

    def __init__(self, rule_id: str, message: str):
        self.rule_id = rule_id
        self.message = message
        super().__init__(f"{rule_id}: {message}")

    @property
    def article(self):
        from .articles import ARTICLES

        return ARTICLES.get(self.rule_id)

    def __str__(self) -> str:
        article = self.article
        if article is None:
            return f"[{self.rule_id}] {self.message}"
        return f"[{self.rule_id}] {self.message} ({article.source}: “{article.text}”)"


def reaches_fraction(count: int, total: int, fraction: Fraction, strict: bool) -> bool:
    """True when ``count`` is more than (strict) or at least ``fraction`` of ``total``.

    Exact arithmetic: 4 of 9 is not more than half (4 ≤ 4.5); 6 of 9 is two-thirds.
    """
    bound = fraction * total
    return count > bound if strict else count >= bound


def five_person_group(assignments: Iterable[RoleAssignment], on: datetime.date) -> list[RoleAssignment]:
    """O-4: the five-person group is the secretary, the deputy secretaries, the organisation
    member and the discipline secretary holding office on ``on``."""
    members: dict[int, RoleAssignment] = {}
    for assignment in sorted(assignments, key=lambda a: list(Role).index(a.role)):
        if assignment.role in FIVE_PERSON_ROLES and assignment.is_held_on(on):
            members.setdefault(assignment.person_id, assignment)
    return list(members.values())


@dataclass(frozen=True)
class Tenure:
    """Consecutive assignments of one person to one role on one committee, merged."""

    person: object
    committee: object
    role: str
    start_date: datetime.date
    end_date: datetime.date | None


def merge_tenures(assignments: Iterable[RoleAssignment]) -> list[Tenure]:
    """Join assignments of the same person and role that follow each other without a gap
    (a secretary re-appointed for a second term has one tenure, not two)."""
    tenures: list[Tenure] = []
    ordered = sorted(assignments, key=lambda a: (a.committee_id, a.person_id, a.role, a.start_date))
    for a in ordered:
        last = tenures[-1] if tenures else None
        if (
            last is not None
            and (last.committee.pk, last.person.pk, last.role) == (a.committee_id, a.person_id, a.role)
            and last.end_date is not None
            and a.start_date <= last.end_date + datetime.timedelta(days=1)
        ):
            end = None if a.end_date is None else max(a.end_date, last.end_date)
            tenures[-1] = Tenure(last.person, last.committee, last.role, last.start_date, end)
        else:
            tenures.append(Tenure(a.person, a.committee, a.role, a.start_date, a.end_date))
    return tenures


@dataclass(frozen=True)
class EarlyReplacement:
    """O-2 warning: a town secretary left before serving the normal number of full terms."""

    tenure: Tenure
    served_days: int
    full_terms: int

    @property
    def message(self) -> str:
        return _(
            "O-2: %(person)s left the post of secretary of %(committee)s on %(date)s after %(years)s years, "
            "before serving %(terms)s full terms."
        ) % {
            "person": self.tenure.person,
            "committee": self.tenure.committee,
            "date": self.tenure.end_date.isoformat(),
            "years": f"{self.served_days / 365.25:.1f}".removesuffix(".0"),
            "terms": self.full_terms,
        }


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def secretary_replaced_early(tenure: Tenure, level: str, term_years: int, full_terms: int) -> EarlyReplacement | None:
    """O-2 (002 §7): town secretaries normally serve two full terms – warn when one leaves earlier.

    Early means the tenure ended before ``full_terms`` × ``term_years`` years from its start.
    """
    if tenure.role != Role.SECRETARY or level not in (Level.TOWN, Level.STREET) or tenure.end_date is None:
        return None
    full_end = add_years(tenure.start_date, term_years * full_terms)
    if tenure.end_date + datetime.timedelta(days=1) >= full_end:
        return None
    return EarlyReplacement(
        tenure=tenure,
        served_days=(tenure.end_date - tenure.start_date).days + 1,
        full_terms=full_terms,
    )
