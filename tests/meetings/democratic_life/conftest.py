import datetime

import pytest

from committees.models import Level, Role
from meetings.democratic_life import services
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory
from tests.meetings.factories import TEAM_START, login_of, make_team


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Parent:
    """The higher-level committee: its secretary (principal leader), a deputy, its office."""

    def __init__(self):
        self.committee = CommitteeFactory(name="云川市委", level=Level.CITY)
        self.secretary = self._holder(Role.SECRETARY, "市委书记")
        self.deputy = self._holder(Role.DEPUTY_SECRETARY, "市委副书记")
        self.member = self._holder(Role.MEMBER, "市委常委")
        self.office = self._holder(Role.OFFICE_STAFF, "市委办")

    def _holder(self, role, name):
        person = PersonFactory(name=name, user=UserFactory(username=f"p-{role}"))
        RoleFactory(person=person, committee=self.committee, role=role, start_date=TEAM_START)
        return person


@pytest.fixture
def parent(db):
    return Parent()


@pytest.fixture
def team(parent):
    """A county team of 5 under the city: secretary, deputy, organisation member, discipline
    secretary, one member (10 pairs to talk)."""
    committee = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=parent.committee)
    return make_team(5, deputies=1, committee=committee, logins=True)


@pytest.fixture
def record(team):
    return services.create_record(
        committee=team.committee,
        year=2026,
        theme="学思想、强党性",
        planned_date=datetime.date(2026, 11, 30),
        acting_user=login_of(team.office),
    )
