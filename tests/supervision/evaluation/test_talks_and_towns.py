"""A-6 admonishment talks with follow-up; A-10 town warnings from the annual assessment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.actors import system_user
from committees.models import RuleSetVersion
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from supervision import services as supervision_services
from supervision.evaluation import rules, selectors, services
from supervision.evaluation.models import PersonRating, TalkOutcome
from supervision.evaluation.rules import TownLimits, TownMeasure
from supervision.models import AccountabilityGround, SanctionKind
from tests.meetings.factories import sh

from .factories import make_team, subject_of, town_with_villages, vote_all

pytestmark = pytest.mark.django_db


def talk(team, **kwargs):
    return services.record_talk(
        committee=team.committee,
        person=kwargs.pop("person", team.members[0]),
        problem="会议迟到、工作作风松散",
        talked_by=[team.inspector],
        talked_at=sh(2026, 11, 20, 15),
        content="指出问题,提出整改要求",
        commitments="一个月内整改到位",
        follow_up_due_on=kwargs.pop("follow_up_due_on", datetime.date(2026, 12, 20)),
        acting_user=team.inspector.user,
        **kwargs,
    )


# ------------------------------------------------------------------


def test_a_6_a_talk_registers_its_follow_up_deadline():
    team = make_team()
    record = talk(team)
    deadline = deadlines.for_subject(record).get()
    assert deadline.rule_id == "A-6" and deadline.state == DeadlineState.OPEN
    assert deadline.owner == team.inspector and team.members[0] in deadline.notify.all()
    assert record.rule_set_version is not None


def test_a_6_the_follow_up_date_is_after_the_talk():
    team = make_team()
    with pytest.raises(ValidationError) as refused:
        talk(team, follow_up_due_on=datetime.date(2026, 11, 20))
    assert services.MSG_FOLLOW_UP_AFTER_TALK in refused.value.messages


def test_a_6_corrected_closes_the_talk_without_a_case():
    team = make_team()
    record = services.record_talk_outcome(talk(team), is_corrected=True, note="已改正", acting_user=team.inspector.user)
    assert record.outcome == TalkOutcome.CORRECTED and record.case is None
    assert deadlines.for_subject(record).get().state == DeadlineState.MET


def test_a_6_not_corrected_opens_a_case_with_criticism_and_organisational_handling():
    team = make_team()
    record = services.record_talk_outcome(
        talk(team), is_corrected=False, note="仍未改正", acting_user=team.inspector.user
    )
    assert record.outcome == TalkOutcome.NOT_CORRECTED
    case = record.case
    assert case.subject_person == team.members[0] and case.source == record
    assert set(case.sanctions.values_list("kind", flat=True)) == {SanctionKind.CRITICISM, SanctionKind.ORGANISATIONAL}
    assert case.ground == AccountabilityGround.OTHER_FAULT


def test_a_6_not_corrected_reuses_the_talks_case():
    team = make_team()
    case = supervision_services.open_case(
        committee=team.committee,
        ground=AccountabilityGround.INACTION,
        facts="不作为",
        acting_user=team.inspector.user,
        subject_person=team.members[0],
    )
    supervision_services.add_sanction(case, kind=SanctionKind.ADMONISHMENT, acting_user=system_user())
    record = services.record_talk_outcome(
        talk(team, case=case),
        is_corrected=False,
        note="未改正",
        acting_user=team.inspector.user,
        sanctions=[SanctionKind.CRITICISM],
    )
    assert record.case == case
    assert set(case.sanctions.values_list("kind", flat=True)) == {SanctionKind.ADMONISHMENT, SanctionKind.CRITICISM}


def test_a_6_a_collective_talk_not_corrected_sanctions_the_team():
    team = make_team()
    record = talk(team, person=team.secretary, is_collective=True)
    record = services.record_talk_outcome(record, is_corrected=False, note="未改正", acting_user=team.inspector.user)
    assert record.case.subject_committee == team.committee
    assert set(record.case.sanctions.values_list("kind", flat=True)) == {
        SanctionKind.TEAM_CRITICISM,
        SanctionKind.TEAM_ORGANISATIONAL,
    }


def test_a_6_not_corrected_must_lead_to_criticism_or_organisational_handling():
    team = make_team()
    with pytest.raises(RuleViolation) as refused:
        services.record_talk_outcome(
            talk(team),
            is_corrected=False,
            note="未改正",
            acting_user=team.inspector.user,
            sanctions=[SanctionKind.NO_AWARDS],
        )
    assert refused.value.rule_id == "A-6"


def test_a_6_the_outcome_is_recorded_once():
    team = make_team()
    record = services.record_talk_outcome(talk(team), is_corrected=True, note="已改正", acting_user=team.inspector.user)
    with pytest.raises(ValidationError) as refused:
        services.record_talk_outcome(record, is_corrected=False, note="又犯", acting_user=team.inspector.user)
    assert services.MSG_FOLLOW_UP_RECORDED in refused.value.messages


def test_a_6_a_talk_from_an_evaluation_needs_a_flag_and_is_grounded_on_the_rating():
    team = make_team(members=2, strict=True)
    evaluation = services.open_evaluation(team.committee, 2026, acting_user=team.inspector.user)
    vote_all(evaluation, team.rated, [PersonRating.INCOMPETENT] * 2 + [PersonRating.COMPETENT], team.members[0])
    services.close_evaluation(evaluation, acting_user=team.inspector.user)
    flagged, fine = subject_of(evaluation, team.members[0]), subject_of(evaluation, team.members[1])
    with pytest.raises(RuleViolation) as refused:
        talk(team, person=team.members[1], evaluation_subject=fine)
    assert refused.value.rule_id == "A-8" and refused.value.message == services.MSG_ONLY_FLAGGED
    record = talk(team, evaluation_subject=flagged)
    record = services.record_talk_outcome(record, is_corrected=False, note="未改正", acting_user=team.inspector.user)
    assert record.case.ground == AccountabilityGround.RATED_POOR


def test_a_6_talks_are_seen_by_overseers_and_the_person_talked_to():
    team = make_team()
    record = talk(team)
    assert record in selectors.visible_talks(team.inspector.user)
    assert record in selectors.visible_talks(team.members[0].user)
    assert record not in selectors.visible_talks(team.members[1].user)
    assert record not in selectors.visible_talks(team.secretary.user)


# ------------------------------------------------------------------ A-10 (pure)

LIMITS = TownLimits()


@pytest.mark.parametrize(
    ("weak", "total", "measure"),
    [
        (0, 10, None),
        (1, 11, None),  # 9.09%: under 10%
        (1, 10, TownMeasure.CRITICISM),  # exactly 10%
        (2, 10, TownMeasure.CRITICISM),  # exactly 20%: still the 10–20% band
        (3, 14, TownMeasure.ADJUSTMENT_OR_DEMOTION),  # 21.4%: over 20%
        (21, 100, TownMeasure.ADJUSTMENT_OR_DEMOTION),
    ],
)
def test_a_10_weak_village_share_edges(weak, total, measure):
    warning = rules.weak_village_warning(2026, {2026: (weak, total)}, LIMITS)
    assert (warning.measure if warning else None) == measure


def test_a_10_still_not_improved_next_year_is_admonishment_or_adjustment():
    warning = rules.weak_village_warning(2026, {2025: (1, 10), 2026: (1, 10)}, LIMITS)
    assert warning.measure == TownMeasure.ADMONISHMENT_OR_ADJUSTMENT


def test_a_10_improved_the_year_before_is_only_criticism():
    warning = rules.weak_village_warning(2026, {2025: (0, 10), 2026: (2, 10)}, LIMITS)
    assert warning.measure == TownMeasure.CRITICISM


def test_a_10_limits_come_from_the_rule_set():
    limits = TownLimits(criticism_percent=15, adjustment_percent=30)
    assert rules.weak_village_warning(2026, {2026: (1, 10)}, limits) is None
    assert rules.weak_village_warning(2026, {2026: (3, 10)}, limits).measure == TownMeasure.CRITICISM


@pytest.mark.parametrize(
    ("ranks", "measure"),
    [
        ({2026: (8, 8)}, TownMeasure.CRITICISM),
        ({2025: (8, 8), 2026: (8, 8)}, TownMeasure.TEAM_ADMONISHMENT),  # 2nd year running
        ({2024: (8, 8), 2025: (8, 8), 2026: (8, 8)}, TownMeasure.PRINCIPALS_ADJUSTMENT),  # 3rd year running
        ({2024: (8, 8), 2025: (7, 8), 2026: (8, 8)}, TownMeasure.CRITICISM),  # the run was broken
        ({2024: (8, 8), 2026: (8, 8)}, TownMeasure.CRITICISM),  # a year without a record breaks it
        ({2025: (8, 8), 2026: (7, 8)}, None),
        ({2026: (7, 8)}, None),
    ],
)
def test_a_10_last_place_years_running(ranks, measure):
    warning = rules.last_place_warning(2026, ranks, LIMITS)
    assert (warning.measure if warning else None) == measure


# ------------------------------------------------------------------ A-10 (records and selector)


def test_a_10_town_warnings_from_the_recorded_assessment():
    town, villages = town_with_villages(10)
    for year in (2025, 2026):
        for index, village in enumerate(villages):
            services.record_village_assessment(
                town=town, village=village, year=year, is_weak_lax=index == 0, acting_user=system_user()
            )
        services.record_town_rank(town=town, year=year, rank=9, out_of=9, acting_user=system_user())
    measures = {w.measure for w in selectors.town_warnings(town)}
    assert measures == {TownMeasure.ADMONISHMENT_OR_ADJUSTMENT, TownMeasure.TEAM_ADMONISHMENT}


def test_a_10_rule_set_changes_the_limits_of_the_town():
    town, villages = town_with_villages(10)
    version = RuleSetVersion.objects.get(rule_set__is_default=True)
    version.weak_village_criticism_percent = 15
    version.save()
    services.record_village_assessment(
        town=town, village=villages[0], year=2026, is_weak_lax=True, acting_user=system_user()
    )
    for village in villages[1:]:
        services.record_village_assessment(
            town=town, village=village, year=2026, is_weak_lax=False, acting_user=system_user()
        )
    assert selectors.town_warnings(town) == []


def test_a_10_only_villages_under_the_town_are_recorded():
    town, _villages = town_with_villages(1)
    other_town, other_villages = town_with_villages(1)
    with pytest.raises(ValidationError) as refused:
        services.record_village_assessment(
            town=town, village=other_villages[0], year=2026, is_weak_lax=True, acting_user=system_user()
        )
    assert services.MSG_VILLAGE_UNDER_TOWN in refused.value.messages
    with pytest.raises(ValidationError) as refused:
        services.record_town_rank(town=town, year=2026, rank=9, out_of=8, acting_user=system_user())
    assert services.MSG_RANK_RANGE in refused.value.messages
    with pytest.raises(ValidationError) as refused:
        services.record_town_rank(town=other_town.parent, year=2026, rank=1, out_of=8, acting_user=system_user())
    assert services.MSG_TOWN_ONLY in refused.value.messages
