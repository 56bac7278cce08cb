"""The supervision demo: items in every S-2 state, an overdue one with its case and combined
sanctions (A-4), failed inspections (S-4) – and loading it twice changes nothing."""

import pytest
from django.core.management import call_command

from committees.models import Committee
from supervision import selectors
from supervision.models import AccountabilityCase, ItemState, SupervisionItem

pytestmark = pytest.mark.django_db


def test_supervision_demo_covers_the_workflow_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    call_command("seed_supervision_demo", verbosity=0)
    committee = Committee.objects.get(name="临江区委")
    items = SupervisionItem.objects.filter(committee=committee, matter__startswith="【示例】")
    assert set(items.values_list("state", flat=True)) >= {
        ItemState.REGISTERED,
        ItemState.APPROVED,
        ItemState.ASSIGNED,
        ItemState.IN_PROGRESS,
        ItemState.FEEDBACK,
        ItemState.CLOSED,
    }
    case = AccountabilityCase.objects.get(committee=committee)
    assert case.sanctions.count() == 2 and case.decided_on is not None
    rules = {loss.rule_id for loss in selectors.award_losses(committee, case.decided_on.year)}
    assert rules == {"S-4", "A-4"}
    count = SupervisionItem.objects.count()
    call_command("seed_supervision_demo", verbosity=0)
    assert SupervisionItem.objects.count() == count
