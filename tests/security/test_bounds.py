"""Issue 18 (1): every date, datetime, year and number a user can type is bounded – in forms,
serializers and services, by the same bounds (``committees/bounds.py``) – so no row the database
cannot give back is ever written and no computation runs past year 9999.

Before: a leave starting 0001-01-01 was accepted and its deadline (before year 1 in UTC) made the
deadlines pages and every reminder scan fail; a leave ending 9999-12-31 and a meeting in 9999 were
500s; ``?year=0`` and a 20-digit year were 500s.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from committees import bounds
from committees.actors import system_user
from meetings.models import Meeting
from reporting.emergencies.models import Emergency
from reporting.leave.models import LeaveRequest
from reporting.models import Deadline
from tests.reporting.refusals import says

from .inputs import form_classes, serializer_classes

pytestmark = pytest.mark.django_db

OUT_OF_RANGE_DATES = ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31"]
OUT_OF_RANGE_TIMES = ["0001-01-01T00:00", "1899-12-31T23:59", "2100-01-01T00:00", "9999-12-31T23:59"]


# ------------------------------------------------------------------------------ the one place


@pytest.mark.parametrize("text", ["1900-01-01", "2026-12-04", "2099-12-31"])
def test_dates_inside_the_bounds_are_taken(text):
    bounds.validate_date(datetime.date.fromisoformat(text))


@pytest.mark.parametrize("text", OUT_OF_RANGE_DATES)
def test_dates_outside_the_bounds_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        bounds.validate_date(datetime.date.fromisoformat(text))
    assert caught.value.code == "date_out_of_range"


def test_the_edge_is_beijing_time_not_utc():
    """2099-12-31 23:59 in Beijing is 15:59 UTC – inside; 2100-01-01 00:00 Beijing is 2099 in UTC
    – outside, because users and the calendar speak Beijing time."""
    tz = timezone.get_default_timezone()
    bounds.validate_date(datetime.datetime(2099, 12, 31, 23, 59, tzinfo=tz))
    with pytest.raises(ValidationError) as refused:
        bounds.validate_date(datetime.datetime(2100, 1, 1, 0, 0, tzinfo=tz))
    assert says(refused.value, bounds.MSG_DATE_OUT_OF_RANGE)
    with pytest.raises(ValidationError) as refused:
        bounds.validate_date(datetime.datetime(1, 1, 1, 0, 0, tzinfo=tz))  # year 0 in UTC
    assert says(refused.value, bounds.MSG_DATE_OUT_OF_RANGE)
    with pytest.raises(ValidationError) as refused:
        bounds.validate_date(datetime.datetime.max.replace(tzinfo=datetime.UTC))  # past datetime.max locally
    assert says(refused.value, bounds.MSG_DATE_OUT_OF_RANGE)


@pytest.mark.parametrize(
    ("text", "year"), [("2026", 2026), ("1900", 1900), ("2099", 2099), ("0", None), ("-1", None), ("9" * 20, None)]
)
def test_a_year_from_a_query_string(text, year):
    assert bounds.parse_year(text) == year


FORMS = form_classes()


@pytest.mark.parametrize("form_class", FORMS, ids=[f"{f.__module__}.{f.__name__}" for f in FORMS])
def test_every_form_field_a_user_types_is_bounded(form_class):
    from django import forms

    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateTimeField):
            samples = OUT_OF_RANGE_TIMES
        elif isinstance(field, forms.DateField):
            samples = OUT_OF_RANGE_DATES
        elif isinstance(field, forms.IntegerField):
            samples = ["9" * 20, "-" + "9" * 20]
        else:
            continue
        for text in samples:
            with pytest.raises(ValidationError):
                field.clean(text)
                pytest.fail(f"{form_class.__name__}.{name} took {text!r}")


SERIALIZERS = serializer_classes()


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=[f"{s.__module__}.{s.__name__}" for s in SERIALIZERS])
def test_every_serializer_field_a_user_types_is_bounded(serializer_class):
    try:
        fields = serializer_class().fields
    except Exception as error:  # a serializer that needs its view's context: its fields are declared
        pytest.skip(f"needs context: {error}")
    for name, field in fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.DateTimeField):
            samples = [*OUT_OF_RANGE_TIMES, "9999-12-31T23:59:59-10:00"]
        elif isinstance(field, serializers.DateField):
            samples = OUT_OF_RANGE_DATES
        elif isinstance(field, serializers.IntegerField):
            samples = ["9" * 20]
        else:
            continue
        for text in samples:
            with pytest.raises(serializers.ValidationError):
                field.run_validation(text)
                pytest.fail(f"{serializer_class.__name__}.{name} took {text!r}")


def test_the_walk_finds_the_fields_it_checks():
    """The two tests above would pass vacuously if the walk found nothing."""
    from django import forms

    dated_forms = [f for f in FORMS if any(isinstance(x, forms.DateField) for x in f.base_fields.values())]
    assert len(dated_forms) >= 15
    assert len(SERIALIZERS) >= 30


# ------------------------------------------------------------------------------------ services


def test_services_refuse_out_of_range_dates_too(world):
    """Forms and serializers are not the only callers (admin actions, commands, tasks)."""
    from reporting.leave import services as leave

    member = world.users["member"].person
    with pytest.raises(ValidationError) as refused:
        leave.submit(
            person=member,
            committee=world.home,
            kind="private_leave",
            reason="家事",
            destination="北京",
            start_date=datetime.date(1, 1, 1),
            end_date=datetime.date(1, 1, 2),
            contact="13800000000",
            acting_user=world.users["member"],
        )
    assert says(refused.value, bounds.MSG_DATE_OUT_OF_RANGE)
    from meetings.services.scheduling import create_meeting

    tz = timezone.get_default_timezone()
    with pytest.raises(ValidationError) as refused:
        create_meeting(
            committee=world.home,
            kind="standing",
            title="九九九九年",
            start_at=datetime.datetime(9999, 12, 31, 9, tzinfo=tz),
            end_at=datetime.datetime(9999, 12, 31, 10, tzinfo=tz),
            acting_user=system_user(),
        )
    assert says(refused.value, bounds.MSG_DATE_OUT_OF_RANGE)


# ---------------------------------------------------------------------------------- the pages


def _leave_form(world, start: str, end: str) -> dict:
    return {
        "committee": world.home.pk,
        "kind": "private_leave",
        "reason": "家中有事",
        "destination": "北京",
        "start_date": start,
        "end_date": end,
        "contact": "13800000000",
        "urgency_reason": "急事",
    }


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-01-02"), ("2026-12-20", "9999-12-31")])
def test_a_leave_out_of_range_is_a_form_error_and_the_deadlines_stay_readable(start, end, world, clients):
    before = LeaveRequest.objects.count(), Deadline.objects.count()
    response = clients["member"].post(reverse("leave_create"), _leave_form(world, start, end))
    assert response.status_code == 200
    assert "1900" in response.content.decode()  # the message names the bounds
    assert (LeaveRequest.objects.count(), Deadline.objects.count()) == before
    assert clients["office"].get(reverse("deadline_dashboard")).status_code == 200
    assert clients["office"].get("/api/deadlines/").status_code == 200


def test_a_leave_out_of_range_through_the_api_is_a_400(world, clients):
    before = LeaveRequest.objects.count()
    response = clients["member"].post(
        "/api/leave-requests/", _leave_form(world, "0001-01-01", "0001-01-02"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "start_date" in response.json()["fields"]
    assert LeaveRequest.objects.count() == before


@pytest.mark.parametrize("known_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_emergency_known_out_of_range_is_a_form_error(known_at, world, clients):
    before = Emergency.objects.count()
    response = clients["office"].post(
        reverse("emergencies_create"),
        {
            "committee": world.home.pk,
            "title": "山体滑坡",
            "kind": "natural_disaster",
            "place": "桃源村",
            "occurred_at": known_at,
            "known_at": known_at,
        },
    )
    assert response.status_code == 200
    assert Emergency.objects.count() == before


def test_a_meeting_in_year_9999_is_a_form_error(world, clients):
    before = Meeting.objects.count()
    response = clients["office"].post(
        reverse("meetings_create"),
        {
            "committee": world.home.pk,
            "kind": "standing",
            "title": "远期会议",
            "start_at": "9999-12-31T09:00",
            "end_at": "9999-12-31T10:00",
        },
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("year", ["0", "-1", "9" * 20, "abc"])
def test_a_year_out_of_range_in_the_decisions_register_is_not_a_500(year, clients):
    response = clients["secretary"].get(reverse("meetings_decisions"), {"year": year})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("year", ["0", "1", "9" * 20])
def test_an_archive_of_a_year_out_of_range_is_a_404(year, world, clients):
    response = clients["office"].get(f"/meetings/archive/{world.home.pk}/{year}.zip")
    assert response.status_code == 404


def test_an_archive_of_a_year_in_range_is_a_zip(world, clients):
    response = clients["office"].get(f"/meetings/archive/{world.home.pk}/2026.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


# ----------------------------------------------------------------------------- nested JSON


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_a_deeply_nested_json_body_is_a_400(depth, clients):
    response = clients["member"].post("/api/leave-requests/", "[" * depth, content_type="application/json")
    assert response.status_code == 400
