"""Permission gaps found by the security suite that are not status leaks, kept as regressions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from committees.models import Role
from reporting.personal import selectors, services
from reporting.personal.models import MatterKind
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory, user_with_role
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db


def test_r_2_a_login_given_to_organisation_staff_sees_the_departments_reports_at_once():
    town = CommitteeFactory()
    cadre = user_with_role(town, Role.MEMBER).person
    report = services.record_event(
        cadre=cadre,
        committee=town,
        kind=MatterKind.PRIVATE_TRIP_ABROAD,
        event_date=timezone.localdate() - datetime.timedelta(days=2),
        acting_user=clerk(),
    )
    staff = PersonFactory()
    RoleFactory(person=staff, committee=town, role=Role.ORGANIZATION_STAFF)
    staff.user = UserFactory()
    staff.save()
    assert report in selectors.visible_reports(staff.user)
