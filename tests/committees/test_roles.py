"""Role history (O-2), the five-person group (O-4), portfolios (O-3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees import rules, selectors, services
from committees.actors import system_user
from committees.models import MSG_PARENT_OF_LOWER_LEVEL, Level, Role, RoleAssignment
from committees.services import (
    MSG_ONE_HOLDER_AT_A_TIME,
    MSG_PORTFOLIO_TAKEN,
    MSG_ROLE_ALREADY_HELD,
    MSG_TERM_OF_ANOTHER_COMMITTEE,
)
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

D = datetime.date


def test_o_2_members_due_on_a_past_date_come_from_role_history():
    committee = CommitteeFactory()
    left = RoleFactory(committee=committee, role=Role.MEMBER, start_date=D(2021, 9, 20), end_date=D(2026, 3, 4))
    stayed = RoleFactory(committee=committee, role=Role.MEMBER, start_date=D(2021, 9, 20))
    joined = RoleFactory(committee=committee, role=Role.MEMBER, start_date=D(2026, 3, 6))
    on_5_march = set(RoleAssignment.objects.filter(committee=committee).on(D(2026, 3, 5)).values_list("pk", flat=True))
    assert on_5_march == {stayed.pk}
    on_4_march = set(RoleAssignment.objects.filter(committee=committee).on(D(2026, 3, 4)).values_list("pk", flat=True))
    assert on_4_march == {left.pk, stayed.pk}  # the end date is the last day in the role
    assert joined.pk in RoleAssignment.objects.on(D(2026, 3, 6)).values_list("pk", flat=True)


def test_o_2_members_on_lists_roles_held_that_day_principal_first():
    committee = CommitteeFactory()
    member = RoleFactory(committee=committee, role=Role.MEMBER, person__name="李四")
    secretary = RoleFactory(committee=committee, role=Role.SECRETARY, person__name="张三")
    RoleFactory(committee=committee, role=Role.SECRETARY, start_date=D(2016, 1, 1), end_date=D(2021, 9, 19))
    rows = selectors.members_on(committee, D(2026, 3, 5))
    assert [r.person for r in rows] == [secretary.person, member.person]


def test_o_2_only_one_secretary_at_a_time():
    committee = CommitteeFactory()
    services.assign_role(
        person=PersonFactory(),
        committee=committee,
        role=Role.SECRETARY,
        start_date=D(2021, 9, 20),
        acting_user=system_user(),
    )
    with pytest.raises(ValidationError) as refused:
        services.assign_role(
            person=PersonFactory(),
            committee=committee,
            role=Role.SECRETARY,
            start_date=D(2024, 1, 1),
            acting_user=system_user(),
        )
    assert says(refused.value, MSG_ONE_HOLDER_AT_A_TIME)


def test_o_2_successor_may_start_the_day_after_the_predecessor_ends():
    committee = CommitteeFactory()
    first = services.assign_role(
        person=PersonFactory(),
        committee=committee,
        role=Role.SECRETARY,
        start_date=D(2021, 9, 20),
        acting_user=system_user(),
    )
    services.end_role(first, end_date=D(2024, 5, 31), acting_user=system_user())
    second = services.assign_role(
        person=PersonFactory(),
        committee=committee,
        role=Role.SECRETARY,
        start_date=D(2024, 6, 1),
        acting_user=system_user(),
    )
    assert RoleAssignment.objects.filter(committee=committee, role=Role.SECRETARY).on(D(2024, 6, 1)).get() == second


def test_o_2_same_person_same_role_cannot_overlap():
    committee = CommitteeFactory()
    person = PersonFactory()
    services.assign_role(
        person=person, committee=committee, role=Role.MEMBER, start_date=D(2021, 9, 20), acting_user=system_user()
    )
    with pytest.raises(ValidationError) as refused:
        services.assign_role(
            person=person, committee=committee, role=Role.MEMBER, start_date=D(2022, 1, 1), acting_user=system_user()
        )
    assert says(refused.value, MSG_ROLE_ALREADY_HELD)


def test_o_2_warns_when_town_secretary_replaced_before_two_full_terms():
    town = CommitteeFactory(level=Level.TOWN)
    assignment = services.assign_role(
        person=PersonFactory(),
        committee=town,
        role=Role.SECRETARY,
        start_date=D(2016, 9, 20),
        acting_user=system_user(),
    )
    warnings = services.end_role(assignment, end_date=D(2019, 9, 19), acting_user=system_user())
    assert len(warnings) == 1
    assert "O-2" in warnings[0]


def test_o_2_no_warning_after_two_full_terms_served_over_two_assignments():
    town = CommitteeFactory(level=Level.TOWN)
    person = PersonFactory()
    first = services.assign_role(
        person=person, committee=town, role=Role.SECRETARY, start_date=D(2016, 9, 20), acting_user=system_user()
    )
    services.end_role(first, end_date=D(2021, 9, 19), acting_user=system_user())
    second = services.assign_role(
        person=person, committee=town, role=Role.SECRETARY, start_date=D(2021, 9, 20), acting_user=system_user()
    )
    # Exactly ten years: 2016-09-20 .. 2026-09-19 inclusive.
    assert services.end_role(second, end_date=D(2026, 9, 19), acting_user=system_user()) == []


def test_o_2_warns_one_day_short_of_two_full_terms():
    town = CommitteeFactory(level=Level.TOWN)
    assignment = services.assign_role(
        person=PersonFactory(),
        committee=town,
        role=Role.SECRETARY,
        start_date=D(2016, 9, 20),
        acting_user=system_user(),
    )
    assert len(services.end_role(assignment, end_date=D(2026, 9, 18), acting_user=system_user())) == 1


def test_o_2_county_secretary_replaced_early_is_not_a_town_rule():
    county = CommitteeFactory(level=Level.COUNTY)
    assignment = services.assign_role(
        person=PersonFactory(),
        committee=county,
        role=Role.SECRETARY,
        start_date=D(2016, 9, 20),
        acting_user=system_user(),
    )
    assert services.end_role(assignment, end_date=D(2018, 1, 1), acting_user=system_user()) == []


def test_o_2_full_terms_come_from_the_rule_set():
    town = CommitteeFactory(level=Level.TOWN)
    services.publish_rule_set_version(town_rule_set(), town_secretary_full_terms=1, acting_user=system_user())
    assignment = services.assign_role(
        person=PersonFactory(),
        committee=town,
        role=Role.SECRETARY,
        start_date=D(2016, 9, 20),
        acting_user=system_user(),
    )
    assert services.end_role(assignment, end_date=D(2021, 9, 19), acting_user=system_user()) == []


def town_rule_set():
    from committees.models import RuleSet

    return RuleSet.objects.get(is_default=True)


def test_o_4_five_person_group_is_derived_from_roles():
    committee = CommitteeFactory()
    on = D(2026, 3, 5)
    group_roles = [Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER]
    group = [RoleFactory(committee=committee, role=role) for role in group_roles]
    group.append(RoleFactory(committee=committee, role=Role.DISCIPLINE_SECRETARY))
    RoleFactory(committee=committee, role=Role.MEMBER)
    RoleFactory(committee=committee, role=Role.OFFICE_STAFF)
    RoleFactory(committee=committee, role=Role.ORGANIZATION_MEMBER, start_date=D(2016, 1, 1), end_date=D(2021, 1, 1))
    derived = rules.five_person_group(committee.roles.all(), on)
    assert {a.pk for a in derived} == {a.pk for a in group}
    assert derived[0].role == Role.SECRETARY


def test_o_3_new_portfolio_holder_ends_the_previous_one():
    committee = CommitteeFactory()
    first, second = PersonFactory(), PersonFactory()
    old = services.set_portfolio(
        person=first, committee=committee, area="economy", start_date=D(2021, 9, 20), acting_user=system_user()
    )
    services.set_portfolio(
        person=second, committee=committee, area="economy", start_date=D(2024, 1, 1), acting_user=system_user()
    )
    old.refresh_from_db()
    assert old.end_date == D(2023, 12, 31)
    assert [p.person for p in committee.portfolios.on(D(2024, 1, 1))] == [second]
    assert [p.person for p in committee.portfolios.on(D(2023, 12, 31))] == [first]


def test_reaches_fraction_edges():
    from fractions import Fraction

    half, two_thirds = Fraction(1, 2), Fraction(2, 3)
    assert rules.reaches_fraction(5, 9, half, strict=True)
    assert not rules.reaches_fraction(4, 9, half, strict=True)  # 4 ≤ 4.5
    assert not rules.reaches_fraction(4, 8, half, strict=True)  # exactly half is not more than half
    assert rules.reaches_fraction(6, 9, two_thirds, strict=False)  # exactly two-thirds
    assert not rules.reaches_fraction(5, 9, two_thirds, strict=False)
    assert not rules.reaches_fraction(6, 9, two_thirds, strict=True)


def test_history_is_recorded_for_role_changes():
    assignment = RoleFactory()
    officer = UserFactory()
    services.end_role(assignment, end_date=D(2025, 1, 1), acting_user=officer)
    assert assignment.history.count() == 2
    assert assignment.history.earliest().end_date is None
    assert assignment.history.latest().history_user == officer  # who ended it, wherever it ran


def test_o_1_committee_cannot_report_to_a_lower_level():
    from committees.models import Level

    branch = services.create_committee(name="某村党支部", level=Level.BRANCH, acting_user=system_user())
    with pytest.raises(ValidationError) as refused:
        services.create_committee(name="某县委", level=Level.COUNTY, parent=branch, acting_user=system_user())
    assert says(refused.value, MSG_PARENT_OF_LOWER_LEVEL)


def test_o_1_committee_tree_has_no_cycles():
    city = services.create_committee(name="甲市委", level=Level.CITY, acting_user=system_user())
    county = services.create_committee(name="乙县委", level=Level.COUNTY, parent=city, acting_user=system_user())
    city.parent = county
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    # levels fall along every parent link, so closing a cycle always meets the level rule first
    assert says(refused.value, MSG_PARENT_OF_LOWER_LEVEL)


def test_term_must_belong_to_the_same_committee():
    from tests.factories import TermFactory

    committee = CommitteeFactory()
    with pytest.raises(ValidationError) as refused:
        services.assign_role(
            person=PersonFactory(),
            committee=committee,
            role=Role.MEMBER,
            start_date=D(2021, 9, 20),
            term=TermFactory(committee=CommitteeFactory()),
            acting_user=system_user(),
        )
    assert says(refused.value, MSG_TERM_OF_ANOTHER_COMMITTEE)


def test_o_3_same_day_portfolio_change_is_refused_not_doubled():
    committee = CommitteeFactory()
    services.set_portfolio(
        person=PersonFactory(), committee=committee, area="economy", start_date=D(2024, 1, 1), acting_user=system_user()
    )
    with pytest.raises(ValidationError) as refused:
        services.set_portfolio(
            person=PersonFactory(),
            committee=committee,
            area="economy",
            start_date=D(2024, 1, 1),
            acting_user=system_user(),
        )
    assert says(refused.value, MSG_PORTFOLIO_TAKEN)
    assert committee.portfolios.on(D(2024, 1, 1)).count() == 1


def test_o_3_setting_the_same_holder_again_keeps_one_portfolio():
    committee = CommitteeFactory()
    person = PersonFactory()
    first = services.set_portfolio(
        person=person, committee=committee, area="economy", start_date=D(2024, 1, 1), acting_user=system_user()
    )
    assert (
        services.set_portfolio(
            person=person, committee=committee, area="economy", start_date=D(2024, 6, 1), acting_user=system_user()
        )
        == first
    )
    assert committee.portfolios.count() == 1


def test_appointing_a_new_person_keeps_nothing_when_refused():
    from committees.models import Person

    committee = CommitteeFactory()
    RoleFactory(committee=committee, role=Role.SECRETARY)
    with pytest.raises(ValidationError) as refused:
        services.appoint_new_person(
            name="候选人", committee=committee, role=Role.SECRETARY, start_date=D(2026, 1, 1), acting_user=system_user()
        )
    assert says(refused.value, MSG_ONE_HOLDER_AT_A_TIME)
    assert not Person.objects.filter(name="候选人").exists()


def test_bodies_are_created_with_history():
    committee = services.create_committee(name="丙县委", level=Level.COUNTY, acting_user=system_user())
    body = committee.bodies.first()
    assert body.history.count() == 1
