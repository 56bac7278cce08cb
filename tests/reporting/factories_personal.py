"""Helpers for the personal-matter (R-2) and family-event (R-3) tests."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from committees.models import Committee, Level, Role
from reporting.personal import services
from reporting.personal.models import FamilyEventKind, ReportForm
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory, user_with_role
from tests.reporting.accounts import clerk

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """An aware datetime in Asia/Shanghai."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Setting:
    """临江区委 (county) → 桃源镇党委 (town) with a cadre on the town's team; plus outsiders."""

    city: Committee
    county: Committee
    town: Committee
    sibling_town: Committee
    other_county: Committee
    branch: Committee
    cadre_user: object
    users: dict[str, object] = field(default_factory=dict)

    @property
    def cadre(self):
        return self.cadre_user.person


def build_setting() -> Setting:
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    sibling = CommitteeFactory(name="青石镇党委", level=Level.TOWN, parent=county)
    other_county = CommitteeFactory(name="青山县委", level=Level.COUNTY, parent=city)
    branch = CommitteeFactory(name="桃源村党支部", level=Level.BRANCH, parent=town)
    cadre_user = user_with_role(town, Role.MEMBER, username="cadre")
    return Setting(city, county, town, sibling, other_county, branch, cadre_user)


#: (label, committee attribute of Setting, role) of every user in the privacy matrix but the cadre.
MATRIX_USERS = {
    "town_org_staff": ("town", Role.ORGANIZATION_STAFF),
    "town_org_member": ("town", Role.ORGANIZATION_MEMBER),
    "county_org_staff": ("county", Role.ORGANIZATION_STAFF),
    "county_org_member": ("county", Role.ORGANIZATION_MEMBER),
    "town_secretary": ("town", Role.SECRETARY),
    "town_deputy": ("town", Role.DEPUTY_SECRETARY),
    "town_office": ("town", Role.OFFICE_STAFF),
    "town_discipline_secretary": ("town", Role.DISCIPLINE_SECRETARY),
    "town_discipline_inspector": ("town", Role.DISCIPLINE_INSPECTOR),
    "town_member": ("town", Role.MEMBER),
    "town_petition": ("town", Role.PETITION_STAFF),
    "town_delegate": ("town", Role.DELEGATE),
    "county_secretary": ("county", Role.SECRETARY),
    "county_office": ("county", Role.OFFICE_STAFF),
    "county_discipline_secretary": ("county", Role.DISCIPLINE_SECRETARY),
    "county_discipline_inspector": ("county", Role.DISCIPLINE_INSPECTOR),
    "city_org_staff": ("city", Role.ORGANIZATION_STAFF),
    "sibling_town_org_staff": ("sibling_town", Role.ORGANIZATION_STAFF),
    "other_county_org_staff": ("other_county", Role.ORGANIZATION_STAFF),
    "other_county_discipline": ("other_county", Role.DISCIPLINE_SECRETARY),
    "branch_org_member": ("branch", Role.ORGANIZATION_MEMBER),
}


def add_user(setting: Setting, label: str):
    if label == "superuser":
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
    elif label == "no_role":
        user = UserFactory(username="nobody")
        PersonFactory(user=user)
    else:
        committee_name, role = MATRIX_USERS[label]
        user = user_with_role(getattr(setting, committee_name), role, username=label)
    setting.users[label] = user
    return user


def add_all_users(setting: Setting) -> Setting:
    for label in [*MATRIX_USERS, "superuser", "no_role"]:
        add_user(setting, label)
    return setting


def event_report(setting: Setting, *, at=None, kind="private_trip_abroad", event_date=None, description="赴泰国旅游"):
    at = at or local(2026, 11, 20)
    return services.report_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind=kind,
        event_date=event_date or (at.date() - datetime.timedelta(days=5)),
        description=description,
        at=at,
        acting_user=clerk(),
    )


ALL_CONFIRMED = {
    "confirms_no_lavishness": True,
    "confirms_no_managed_guests": True,
    "confirms_no_business_guests": True,
    "confirms_no_gifts_from_non_relatives": True,
    "confirms_no_profiteering": True,
    "confirms_no_public_resources": True,
    "confirms_local_standard": True,
    "confirms_no_motorcade": True,
    "confirms_no_split_banquets": True,
    "confirms_relatives_only": True,
}


def declaration(setting: Setting, *, kind=FamilyEventKind.WEDDING, at=None, event_at=None, **overrides):
    at = at or local(2026, 11, 1, 9)
    values = {
        "declarer": setting.cadre,
        "committee": setting.town,
        "kind": kind,
        "relation": "child",
        "reason": "儿子结婚",
        "event_at": event_at or local(2026, 11, 20, 11),
        "place": "桃源镇家中",
        "guest_count": 80,
        "table_count": 8,
        "spending_standard": 600,
        "report_form": ReportForm.WRITTEN,
        "confirmations": dict(ALL_CONFIRMED),
        "at": at,
        "acting_user": clerk(),
    }
    values.update(overrides)
    return services.declare_family_event(**values)


def team_member(committee, role=Role.MEMBER, **kwargs):
    return RoleFactory(committee=committee, role=role, **kwargs)
