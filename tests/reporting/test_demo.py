"""The reporting demo loads on top of the committees demo, once."""

import io

import pytest
from django.core.management import call_command

from reporting.emergencies.models import Emergency
from reporting.leave.models import LeaveRequest
from reporting.models import Deadline, Notification
from reporting.periodic.models import PeriodicObligation
from reporting.personal.models import FamilyEventDeclaration, PersonalMatterReport
from reporting.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_seed_reporting_demo_loads_every_topic_once():
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_reporting_demo", stdout=out)
    counts = [
        Emergency.objects.count(),
        Petition.objects.count(),
        PersonalMatterReport.objects.count(),
        FamilyEventDeclaration.objects.count(),
        PeriodicObligation.objects.count(),
        LeaveRequest.objects.count(),
    ]
    assert all(counts), counts
    assert Deadline.objects.filter(rule_id="R-1", state="open").exists()  # an emergency's clock is running
    assert Notification.objects.exists()
    call_command("seed_reporting_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Petition.objects.count() == counts[1]
