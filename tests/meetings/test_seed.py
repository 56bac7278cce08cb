"""The demo: past and upcoming meetings of each kind, a meeting ready to run, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Decision, ItemStatus, Meeting, MeetingKind, MeetingStatus, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_meetings", stdout=out)
    return out.getvalue()


def test_seed_demo_meetings_loads_past_and_upcoming_meetings_of_each_kind_once(demo):
    now = timezone.now()
    for kind in MeetingKind.values:
        meetings = Meeting.objects.filter(kind=kind, committee__name="临江区委")
        assert meetings.filter(status=MeetingStatus.CLOSED, start_at__lt=now).exists(), kind
        assert meetings.exclude(status=MeetingStatus.CLOSED).exists(), kind
    today = Meeting.objects.get(committee__name="临江区委", title__endswith="（今日）")
    assert today.status == MeetingStatus.NOTICE_SENT
    assert today.items.filter(status=ItemStatus.APPROVED).count() == 4
    assert today.attendances.filter(role="observer").exists()
    assert Meeting.objects.filter(committee__name="临江区委", items__status=ItemStatus.PROPOSED).exists()
    assert Meeting.objects.filter(committee__name="桃源村党支部").exists()
    assert Decision.objects.filter(committee__name="临江区委", vote__method="secret").exists()
    assert Decision.objects.filter(committee__name="临江区委", kind="recommendation").exists()
    assert Minutes.objects.filter(committee__name="临江区委", status="approved", number=1).exists()
    count = Meeting.objects.count()
    out = io.StringIO()
    call_command("seed_demo_meetings", stdout=out)
    assert "already loaded" in out.getvalue() and Meeting.objects.count() == count


def test_seed_demo_meetings_needs_the_demo_committees(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo_meetings", stdout=io.StringIO())
