"""S-1 "件件有督查,事事有结果": the principal leader's list of binding decisions in force not yet
carried out – open item or none yet, not waived – soonest feedback deadline first, those not yet
under supervision last by date; read in a few index reads however many decisions the committee has (issue 19)."""

import datetime

import pytest

from committees.actors import system_user
from meetings.models import Decision, DecisionStatus
from supervision import services
from supervision.models import SupervisionItem
from supervision.selectors import decisions_not_carried_out
from tests.factories import UserFactory
from tests.meetings.factories import sh
from tests.supervision.factories import make_decision, make_office

pytestmark = pytest.mark.django_db


def decision(office, decided: datetime.datetime, *, deadline=None, item=True, state=None) -> Decision:
    """A binding decision of ``office``'s committee decided at ``decided``, with its supervision
    item (feedback due ``deadline``, in ``state``) unless ``item`` is False."""
    made = make_decision(office)
    Decision.objects.filter(pk=made.pk).update(decided_at=decided)
    made.refresh_from_db()
    if item:
        services.create_items_for_decision(made, acting_user=system_user())
        items = SupervisionItem.objects.filter(source_object_id=made.pk)
        closed = {"state": state, "closing_report": "已办结"} if state else {}
        items.update(feedback_deadline=deadline, **closed)
    return made


def test_s_1_open_and_unregistered_decisions_soonest_deadline_first_then_by_date():
    office = make_office()
    no_item = decision(office, sh(2026, 10, 1, 9), item=False)
    late = decision(office, sh(2026, 9, 1, 9), deadline=datetime.date(2026, 12, 20))
    soon = decision(office, sh(2026, 11, 1, 9), deadline=datetime.date(2026, 12, 5))
    newer_no_item = decision(office, sh(2026, 11, 2, 9), item=False)
    decision(office, sh(2026, 8, 1, 9), deadline=datetime.date(2026, 12, 1), state="closed")
    invalid = decision(office, sh(2026, 8, 2, 9), item=False)
    Decision.objects.filter(pk=invalid.pk).update(
        status=DecisionStatus.INVALID, invalid_reason="程序违规", invalidated_at=sh(2026, 8, 3, 9)
    )
    user = UserFactory(is_superuser=True)

    count, rows = decisions_not_carried_out(user, {office.committee.pk}, rows=10)

    assert count == 4
    assert [d.pk for d in rows] == [soon.pk, late.pk, no_item.pk, newer_no_item.pk]
    assert rows[0].supervision_deadline == datetime.date(2026, 12, 5) and rows[0].supervision_state_label
    assert rows[2].supervision_pk is None and rows[2].supervision_state_label == ""


def test_s_1_the_first_rows_are_the_first_of_both_kinds_merged():
    office = make_office()
    oldest_without_item = decision(office, sh(2026, 1, 5, 9), item=False)
    decision(office, sh(2026, 2, 5, 9), item=False)
    with_deadline = decision(office, sh(2026, 11, 5, 9), deadline=datetime.date(2027, 3, 1))
    user = UserFactory(is_superuser=True)

    count, rows = decisions_not_carried_out(user, {office.committee.pk}, rows=2)

    assert count == 3
    assert [d.pk for d in rows] == [with_deadline.pk, oldest_without_item.pk]


def test_s_1_a_waived_decision_is_not_on_the_list():
    office = make_office()
    waived = decision(office, sh(2026, 11, 3, 9), item=False)
    services.waive_decision(
        waived, reason="属于一般性表态，无需督查", acting_user=system_user(), on_behalf_of=office.secretary
    )
    count, rows = decisions_not_carried_out(UserFactory(is_superuser=True), {office.committee.pk}, rows=10)
    assert (count, rows) == (0, [])
