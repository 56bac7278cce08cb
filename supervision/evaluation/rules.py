"""Pure rules of talks, evaluations and town warnings (DOMAIN.md A-6, A-8, A-10): inputs in, a
result out. Numbers come from the rule set; arithmetic is on integers (never floats)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FLAG_RATINGS, INVALID, PersonRating, TeamRating

# -----------------------------------------------------------------------------------


def exceeds_share(count: int, total: int, numerator: int, denominator: int, strict: bool) -> bool:
    """``count`` is more than (strict) or at least (not strict) ``numerator/denominator`` of
    ``total`` – compared as integers: count·d > n·total, or count·d ≥ n·total."""
    if total <= 0:
        return False
    left, right = count * denominator, numerator * total
    return left > right if strict else left >= right


def is_flagged(flag_votes: int, valid_votes: int, numerator: int, denominator: int, strict: bool) -> bool:
    """A-8: "incompetent"/"poor" votes more than one-third of the VALID votes (001 (一), strict) or
    one-third or more (002 §27, not strict) flag the cadre or team for inquiry / admonishment.
    Invalid (blank or spoiled) entries are not part of the base."""
    return exceeds_share(flag_votes, valid_votes, numerator, denominator, strict)


@dataclass(frozen=True)
class Tally:
    """Aggregated grades of one person or team."""

    counts: dict[str, int]
    valid: int
    invalid: int
    flag_votes: int


def tally(choices: Mapping[str, int]) -> Tally:
    """A-8: from the number of ratings per grade to valid, invalid and flagging votes."""
    counts = {choice: n for choice, n in choices.items() if choice != INVALID and n}
    return Tally(
        counts=counts,
        valid=sum(counts.values()),
        invalid=choices.get(INVALID, 0),
        flag_votes=sum(n for choice, n in counts.items() if choice in FLAG_RATINGS),
    )


def valid_grades(is_team: bool) -> frozenset[str]:
    """A-8: team members are rated excellent…incompetent, the team good/fair/poor."""
    return frozenset(TeamRating.values if is_team else PersonRating.values)


# -----------------------------------------------------------------------------------


class TownMeasure(models.TextChoices):
    """A-10: what the town's team faces (002 §25, §26)."""

    CRITICISM = "criticism", gettext_lazy("Circulated criticism of the town team")
    ADMONISHMENT_OR_ADJUSTMENT = (
        "admonishment_or_adjustment",
        gettext_lazy("Admonishment or adjustment of the secretary, deputy in charge and organisation member"),
    )
    ADJUSTMENT_OR_DEMOTION = (
        "adjustment_or_demotion",
        gettext_lazy("Adjustment or demotion of the secretary, deputy in charge and organisation member"),
    )
    TEAM_ADMONISHMENT = "team_admonishment", gettext_lazy("Admonishment of the town's leadership team")
    PRINCIPALS_ADJUSTMENT = (
        "principals_adjustment",
        gettext_lazy("Adjustment or demotion of the principal party and government leaders"),
    )


@dataclass(frozen=True)
class TownWarning:
    rule_id: str
    source: str  # the seed article
    measure: str
    message: str

    @property
    def measure_label(self) -> str:
        return TownMeasure(self.measure).label


@dataclass(frozen=True)
class TownLimits:
    """A-10 numbers of the rule set (RuleSetVersion.weak_village_* and last_rank_*)."""

    criticism_percent: int = 10
    adjustment_percent: int = 20
    admonishment_years: int = 2
    adjustment_years: int = 3

    @classmethod
    def of(cls, version) -> TownLimits:
        if version is None:
            return cls()
        return cls(
            version.weak_village_criticism_percent,
            version.weak_village_adjustment_percent,
            version.last_rank_admonishment_years,
            version.last_rank_adjustment_years,
        )


def _percent_at_least(weak: int, total: int, percent: int) -> bool:
    return total > 0 and weak * 100 >= percent * total


def _percent_over(weak: int, total: int, percent: int) -> bool:
    return total > 0 and weak * 100 > percent * total


def weak_village_warning(year: int, villages: Mapping[int, tuple[int, int]], limits: TownLimits) -> TownWarning | None:
    """A-10 (002 §25): ``villages`` maps a year to (weak/lax village teams, villages assessed).

    - over ``adjustment_percent`` (20%) → adjustment or demotion;
    - from ``criticism_percent`` to ``adjustment_percent`` inclusive (10%–20%) → criticism;
      and if the previous year was already at or over ``criticism_percent`` ("次年仍未好转":
      not improved means not back under the criticism line) → admonishment or adjustment.
    Exactly 10% and exactly 20% are inside the criticism band."""
    if year not in villages:
        return None
    weak, total = villages[year]
    share = {"weak": weak, "total": total, "year": year}
    if _percent_over(weak, total, limits.adjustment_percent):
        return TownWarning(
            "A-10",
            "002 §25",
            TownMeasure.ADJUSTMENT_OR_DEMOTION,
            _("%(year)s: %(weak)s of %(total)s village teams are weak and lax, over %(limit)s%%.")
            % {**share, "limit": limits.adjustment_percent},
        )
    if not _percent_at_least(weak, total, limits.criticism_percent):
        return None
    previous = villages.get(year - 1)
    if previous is not None and _percent_at_least(*previous, limits.criticism_percent):
        return TownWarning(
            "A-10",
            "002 §25",
            TownMeasure.ADMONISHMENT_OR_ADJUSTMENT,
            _(
                "%(year)s: %(weak)s of %(total)s village teams are weak and lax, and the town was already "
                "criticised for %(previous)s without improvement."
            )
            % {**share, "previous": year - 1},
        )
    return TownWarning(
        "A-10",
        "002 §25",
        TownMeasure.CRITICISM,
        _("%(year)s: %(weak)s of %(total)s village teams are weak and lax (%(low)s%%–%(high)s%%).")
        % {**share, "low": limits.criticism_percent, "high": limits.adjustment_percent},
    )


def last_place_streak(year: int, ranks: Mapping[int, tuple[int, int]]) -> int:
    """A-10 (002 §26): consecutive years up to ``year`` in which the town ranked last.
    ``ranks`` maps a year to (rank, towns assessed); a year without a record breaks the run."""
    streak = 0
    while (record := ranks.get(year - streak)) is not None and record[0] == record[1]:
        streak += 1
    return streak


def last_place_warning(year: int, ranks: Mapping[int, tuple[int, int]], limits: TownLimits) -> TownWarning | None:
    """A-10 (002 §26): last once → criticism; 2 years running → admonishment of the team;
    3 years running → adjustment or demotion of the principal leaders."""
    streak = last_place_streak(year, ranks)
    if streak == 0:
        return None
    if streak >= limits.adjustment_years:
        measure = TownMeasure.PRINCIPALS_ADJUSTMENT
    elif streak >= limits.admonishment_years:
        measure = TownMeasure.TEAM_ADMONISHMENT
    else:
        measure = TownMeasure.CRITICISM
    return TownWarning(
        "A-10",
        "002 §26",
        measure,
        _("%(year)s: ranked last in the annual assessment (%(years)s year(s) running).")
        % {"year": year, "years": streak},
    )


def town_warnings(
    year: int,
    villages: Mapping[int, tuple[int, int]],
    ranks: Mapping[int, tuple[int, int]],
    limits: TownLimits,
) -> list[TownWarning]:
    """A-10: every warning the town's page shows for ``year``."""
    return [w for w in (weak_village_warning(year, villages, limits), last_place_warning(year, ranks, limits)) if w]
