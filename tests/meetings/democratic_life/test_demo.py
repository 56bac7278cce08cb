"""The democratic life demo on top of the project's demo: built through the services, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.democratic_life import demo, selectors
from meetings.democratic_life.models import DemocraticLifeRecord, PostponementStatus

pytestmark = pytest.mark.django_db


def test_demo_on_the_project_demo(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_meetings", stdout=io.StringIO())
    lines = demo.seed()
    assert lines
    county = DemocraticLifeRecord.objects.get(committee__name="临江区委")
    assert county.meeting is not None and county.measures.count() == 2
    assert county.report_obligation is not None
    town = DemocraticLifeRecord.objects.get(committee__name="桃源镇党委")
    assert town.postponements.get().status == PostponementStatus.PENDING
    lj_secretary = get_user_model().objects.get(username="lj-secretary")
    assert selectors.postponement_inbox(lj_secretary).count() == 1
    assert demo.seed() == []
