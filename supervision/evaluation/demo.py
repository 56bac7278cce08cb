"""Demo data for talks, evaluations, year-end reports and town warnings (after ``seed_demo``).

Used by ``manage.py seed_evaluation_demo``. Idempotent: if 临江区委 has evaluations, nothing is added.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from committees import services as committee_services
from committees.actors import system_user
from committees.models import Committee, Level, Role, RoleAssignment
from reporting import deadlines
from reporting.openness import demo as openness_demo

from . import services
from .models import Evaluation, PersonRating, TeamRating

#: Extra village teams under 桃源镇党委, so the A-10 share has a meaningful base (10 villages).
VILLAGES = ["青石村", "柳湾村", "杏林村", "石桥村", "新田村", "东坪村", "西沟村", "南岭村", "北山村"]


def _holder(committee: Committee, role: str):
    assignment = (
        RoleAssignment.objects.on(timezone.localdate()).filter(committee=committee, role=role).select_related("person")
    ).first()
    return assignment.person if assignment else None


def _voters(committee: Committee):
    return services.team_members(committee, timezone.localdate())


@transaction.atomic
def load() -> str:
    district = Committee.objects.filter(name="临江区委").first()
    town = Committee.objects.filter(name="桃源镇党委").first()
    if district is None or town is None:
        return "Run seed_demo first."
    if Evaluation.objects.filter(committee=district).exists():
        return "Evaluation demo data is already loaded."
    today = timezone.localdate()
    year = today.year
    inspector = _holder(district, Role.DISCIPLINE_INSPECTOR)
    actor = system_user()  # the seed acts as the system, for the people it portrays
    member = _holder(district, Role.MEMBER)
    # last year's evaluation, closed – one member flagged ("incompetent" > 1/3 of valid votes).
    last = services.open_evaluation(district, year - 1, acting_user=actor, on_behalf_of=inspector)
    people = _voters(district)
    subjects = list(last.subjects.all())
    for index, person in enumerate(people):
        ratings = {}
        for subject in subjects:
            if subject.is_team:
                ratings[subject.pk] = TeamRating.GOOD if index % 3 else TeamRating.FAIR
            elif subject.person_id == member.pk:
                ratings[subject.pk] = PersonRating.INCOMPETENT if index < len(people) // 2 else PersonRating.COMPETENT
            else:
                ratings[subject.pk] = PersonRating.EXCELLENT if index % 2 else PersonRating.COMPETENT
        services.take_part(last, person=person, acting_user=actor, ratings=ratings)
    last = services.close_evaluation(last, acting_user=actor, on_behalf_of=inspector)
    flagged = last.subjects.get(person=member)
    services.feed_back_problems(
        flagged,
        problems="工作作风不够扎实,分管领域推进缓慢",
        rectify_by=today + datetime.timedelta(days=30),
        acting_user=actor,
    )
    # the flag led to an admonishment talk whose follow-up is pending.
    services.record_talk(
        committee=district,
        person=member,
        problem=services.flag_problem(flagged),
        talked_by=[inspector, _holder(district, Role.ORGANIZATION_MEMBER)],
        talked_at=timezone.now() - datetime.timedelta(days=3),
        content="指出民主测评反映的问题,要求对照检查、限期整改",
        commitments="一个月内提交整改报告",
        follow_up_due_on=today + datetime.timedelta(days=28),
        acting_user=actor,
        on_behalf_of=inspector,
        evaluation_subject=flagged,
    )
    # this year's year-end reports, then this year's evaluation, open for everyone to rate.
    services.require_annual_reports(district, year, acting_user=actor)
    services.open_evaluation(district, year, acting_user=actor, on_behalf_of=inspector)
    _village_and_town_assessments(town, year, acting_user=actor, on_behalf_of=inspector)
    # the villages added here get their openness checks and duties too (shown beside A-10).
    openness_demo.load(town, today)
    created = deadlines.scan()
    return f"Evaluation demo data loaded; {created} notifications due now."


def _village_and_town_assessments(town: Committee, year: int, *, acting_user, on_behalf_of) -> None:
    """A-10: 1 of 10 village teams weak/lax two years running; the town last of 2 two years running."""
    villages = list(Committee.objects.filter(parent=town, level=Level.BRANCH))
    for name in VILLAGES[: max(0, 10 - len(villages))]:
        villages.append(
            committee_services.create_committee(
                name=f"{name}党支部", level=Level.BRANCH, parent=town, acting_user=acting_user
            )
        )
    for assessed in (year - 1, year):
        for index, village in enumerate(villages):
            services.record_village_assessment(
                town=town,
                village=village,
                year=assessed,
                is_weak_lax=index == 0,
                acting_user=acting_user,
                on_behalf_of=on_behalf_of,
            )
        services.record_town_rank(
            town=town, year=assessed, rank=2, out_of=2, acting_user=acting_user, on_behalf_of=on_behalf_of
        )
