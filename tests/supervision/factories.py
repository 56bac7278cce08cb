"""Builders for supervision tests: a committee with a principal leader, an office and a unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from committees.models import Committee, Person, Role
from committees.selectors import current_rules
from meetings.models import AgendaCategory, Decision
from supervision import services
from supervision.models import SourceKind, SupervisionItem
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory
from tests.meetings.factories import login_of, sh

START = datetime.date(2021, 9, 20)


@dataclass
class Office:
    committee: Committee
    secretary: Person
    inspector: Person
    member: Person
    outsider: Person


def make_office(committee: Committee | None = None) -> Office:
    committee = committee or CommitteeFactory()

    def holder(role, name):
        person = PersonFactory(name=f"{name}{committee.pk}", user=UserFactory(username=f"{name}-{committee.pk}"))
        RoleFactory(person=person, committee=committee, role=role, start_date=START)
        return person

    return Office(
        committee,
        holder(Role.SECRETARY, "书记"),
        holder(Role.DISCIPLINE_INSPECTOR, "督查员"),
        holder(Role.MEMBER, "委员"),
        PersonFactory(user=UserFactory()),
    )


def make_item(office: Office, *, deadline: datetime.date = datetime.date(2026, 12, 31), **kwargs) -> SupervisionItem:
    return services.register_item(
        committee=office.committee,
        source_kind=kwargs.pop("source_kind", SourceKind.HIGHER_INSTRUCTION),
        matter=kwargs.pop("matter", "落实秸秆禁烧工作"),
        basis=kwargs.pop("basis", "市委通知"),
        requirements="按期反馈",
        unit_committee=kwargs.pop("unit_committee", office.committee),
        responsible_person=kwargs.pop("responsible_person", office.member),
        leader_in_charge=kwargs.pop("leader_in_charge", office.member),
        feedback_deadline=deadline,
        acting_user=office.inspector.user,
        **kwargs,
    )


def assigned_item(office: Office, **kwargs) -> SupervisionItem:
    item = make_item(office, **kwargs)
    item = services.approve(item, acting_user=office.secretary.user)
    return services.assign(item, acting_user=office.inspector.user)


def item_with_feedback(office: Office, **kwargs) -> SupervisionItem:
    item = assigned_item(office, **kwargs)
    services.submit_feedback(item, content="已完成", acting_user=office.member.user)
    item.refresh_from_db()
    return item


def make_decision(office: Office, *, in_charge: Person | None = None, kind: str = "decision") -> Decision:
    from meetings.services.agenda import add_item

    agenda_item = add_item(
        committee=office.committee,
        meeting=None,
        title="关于秸秆禁烧的议题",
        category=AgendaCategory.IMPORTANT,
        proposed_by=office.secretary,
        member_in_charge=in_charge or office.member,
        acting_user=login_of(office.inspector),
    )
    return Decision.objects.create(
        committee=office.committee,
        item=agenda_item,
        kind=kind,
        category=AgendaCategory.IMPORTANT,
        resolution="同意开展秸秆禁烧专项行动",
        decided_at=sh(2026, 11, 20, 10),
        rule_set_version=current_rules(office.committee),
    )
