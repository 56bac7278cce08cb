"""S-1: the principal leader waives the supervision of a decision, with the reason, from the
decision's page (the ``"object"`` panel), while its supervision item waits for approval."""

import pytest
from django.urls import reverse

from committees.actors import system_user
from committees.rules import RuleViolation
from supervision import services
from supervision.models import ItemState, SupervisionItem, SupervisionWaiver

from .factories import make_decision

pytestmark = pytest.mark.django_db
REASON = "已由专项工作组督办"


def registered_decision(office):
    """A decision with the item the signal registers once the decision's transaction commits."""
    decision = make_decision(office)
    [item] = services.create_items_for_decision(decision, acting_user=system_user())
    return decision, item


def waive_url(decision) -> str:
    return reverse("supervision_decision_waive", args=[decision.pk])


def decision_page(client, decision) -> str:
    return client.get(reverse("meetings_decision", args=[decision.pk])).content.decode()


def test_s_1_the_principal_leader_waives_from_the_decision_page(client, office):
    decision, item = registered_decision(office)
    client.force_login(office.secretary.user)
    assert f'action="{waive_url(decision)}"' in decision_page(client, decision)

    response = client.post(waive_url(decision), {"reason": REASON}, follow=True)

    assert response.redirect_chain == [(reverse("meetings_decision", args=[decision.pk]), 302)]
    waiver = SupervisionWaiver.objects.get(decision=decision)
    assert (waiver.reason, waiver.waived_by) == (REASON, office.secretary)
    assert not SupervisionItem.objects.filter(pk=item.pk).exists()  # the unapproved registration is withdrawn
    page = response.content.decode()
    assert REASON in page
    assert waive_url(decision) not in page


@pytest.mark.parametrize("who", ["member", "inspector"])  # the member in charge; a discipline inspector
def test_s_1_a_same_committee_role_other_than_the_principal_may_not_waive(client, office, who):
    decision, item = registered_decision(office)
    client.force_login(getattr(office, who).user)
    assert waive_url(decision) not in decision_page(client, decision)

    response = client.post(waive_url(decision), {"reason": REASON}, follow=True)

    assert "[S-1]" in response.content.decode()
    assert not SupervisionWaiver.objects.exists()
    assert SupervisionItem.objects.get(pk=item.pk).state == ItemState.REGISTERED


def test_s_1_the_waiver_needs_a_reason(client, office):
    decision, item = registered_decision(office)
    client.force_login(office.secretary.user)

    response = client.post(waive_url(decision), {"reason": "  "}, follow=True)

    assert "[S-1]" in response.content.decode()
    assert not SupervisionWaiver.objects.exists()
    assert SupervisionItem.objects.filter(pk=item.pk).exists()


def test_s_1_an_approved_item_is_supervised_to_the_end(client, office):
    decision, item = registered_decision(office)
    services.approve(item, acting_user=office.secretary.user)
    client.force_login(office.secretary.user)
    assert waive_url(decision) not in decision_page(client, decision)

    with pytest.raises(RuleViolation) as error:
        services.waive_decision(decision, reason=REASON, acting_user=office.secretary.user)

    assert error.value.rule_id == "S-1"
    assert not SupervisionWaiver.objects.exists()
    assert SupervisionItem.objects.get(pk=item.pk).state == ItemState.APPROVED
