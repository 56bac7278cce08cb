"""Helpers for the petition tests: a town committee with its people, and petitions made through the services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from committees.models import Level, Role
from reporting.petitions import services
from reporting.petitions.models import ReceptionType
from reporting.petitions.services import PetitionerData
from tests.factories import CommitteeFactory, RoleFactory, UserFactory, user_with_role
from tests.reporting.accounts import clerk

BEIJING = ZoneInfo("Asia/Shanghai")


def local(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """An aware datetime in Beijing time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def town_setting() -> dict:
    """桃源镇党委 under 临江区委, with a leader who receives petitioners and petition staff."""
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    leader = RoleFactory(committee=town, role=Role.DEPUTY_SECRETARY, person__name="李接访").person
    staff_user = user_with_role(town, Role.PETITION_STAFF, username="ty-petition")
    village = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=town)
    return {
        "county": county,
        "town": town,
        "village": village,
        "leader": leader,
        "staff_user": staff_user,
        "staff": staff_user.person,
    }


def petitioners(count: int, representatives: int = 0) -> list[PetitionerData]:
    return [
        PetitionerData(name=f"群众{n}", phone=f"1390000{n:04d}", is_representative=n < representatives)
        for n in range(count)
    ]


def make_petition(
    setting: dict,
    *,
    received_at: datetime.datetime,
    reception_type: str = ReceptionType.SCHEDULED,
    people: list[PetitionerData] | None = None,
    content: str = "反映村道年久失修,雨天无法通行",
    leader=None,
    **kwargs,
):
    """Register a petition as if at the moment of receipt (one hour later)."""
    if "acting_user" not in kwargs:
        kwargs["acting_user"] = clerk()
    return services.register_petition(
        committee=kwargs.pop("committee", setting["town"]),
        reception_type=reception_type,
        received_at=received_at,
        receiving_leader=leader or setting["leader"],
        content=content,
        petitioners=people if people is not None else petitioners(1),
        now=kwargs.pop("now", received_at + datetime.timedelta(hours=1)),
        **kwargs,
    )


def transferred_petition(setting: dict, *, received_at: datetime.datetime, unit=None, department="", **kwargs):
    """Registered and transferred with the leader's instruction at once (P-2)."""
    if unit is None and not department:
        unit = setting["village"]
    return make_petition(
        setting,
        received_at=received_at,
        instruction="请村支部调查核实并答复",
        responsible_committee=unit,
        responsible_department=department,
        **kwargs,
    )


def leader_user(setting: dict):
    """Give the receiving leader a login."""
    leader = setting["leader"]
    leader.user = UserFactory()
    leader.save()
    return leader.user
