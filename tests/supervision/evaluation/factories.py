"""Builders for evaluation tests: a committee with a team, overseers and voters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from committees.models import Committee, Level, Person, Role, RuleSet, RuleSetVersion
from supervision.evaluation import services
from supervision.evaluation.models import Evaluation, EvaluationSubject, PersonRating, TeamRating
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory

START = datetime.date(2021, 9, 20)


@dataclass
class Team:
    committee: Committee
    secretary: Person
    members: list[Person]
    inspector: Person  # discipline inspector: oversees, is not rated
    outsider: Person
    voters: list[Person] = field(default_factory=list)  # staff who take part but are not rated

    @property
    def rated(self) -> list[Person]:
        return [self.secretary, *self.members]

    @property
    def everyone(self) -> list[Person]:
        return [*self.rated, *self.voters]


def holder(committee: Committee, role: str, name: str) -> Person:
    person = PersonFactory(name=f"{name}{committee.pk}", user=UserFactory(username=f"{name}-{committee.pk}"))
    RoleFactory(person=person, committee=committee, role=role, start_date=START)
    return person


def make_team(
    committee: Committee | None = None, *, members: int = 2, voters: int = 0, strict: bool | None = None
) -> Team:
    """A team of a secretary and ``members`` members, a discipline inspector and ``voters``
    office staff who take part. ``strict`` gives the committee its own rule set (A-8)."""
    committee = committee or CommitteeFactory()
    if strict is not None:
        rule_set = RuleSet.objects.create(name=f"测评规则{committee.pk}")
        RuleSetVersion.objects.create(rule_set=rule_set, number=1, evaluation_flag_strict=strict)
        committee.rule_set = rule_set
        committee.save()
    return Team(
        committee=committee,
        secretary=holder(committee, Role.SECRETARY, "书记"),
        members=[holder(committee, Role.MEMBER, f"委员{i}-") for i in range(members)],
        inspector=holder(committee, Role.DISCIPLINE_INSPECTOR, "纪检员"),
        outsider=PersonFactory(user=UserFactory()),
        voters=[holder(committee, Role.OFFICE_STAFF, f"干部{i}-") for i in range(voters)],
    )


def subject_of(evaluation: Evaluation, person: Person | None) -> EvaluationSubject:
    return evaluation.subjects.get(person=person)


def vote_all(evaluation: Evaluation, people: list[Person], grades: list[str], rated: Person) -> None:
    """Each of ``people`` rates ``rated`` with the matching grade (others: competent, team: good)."""
    subjects = list(evaluation.subjects.all())
    for person, grade in zip(people, grades, strict=True):
        ratings = {
            s.pk: (TeamRating.GOOD if s.is_team else grade if s.person_id == rated.pk else PersonRating.COMPETENT)
            for s in subjects
        }
        services.take_part(evaluation, person=person, acting_user=person.user, ratings=ratings)


def town_with_villages(n: int) -> tuple[Committee, list[Committee]]:
    county = CommitteeFactory(level=Level.COUNTY)
    town = CommitteeFactory(level=Level.TOWN, parent=county)
    villages = [CommitteeFactory(level=Level.BRANCH, parent=town, name=f"村{i}-{town.pk}") for i in range(n)]
    return town, villages
