"""iCalendar (.ics) of meetings, for download and for a member's calendar feed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

from committees.models import Person
from committees.redirects import page_url

from .models import Meeting, MeetingStatus

FEED_SALT = "meetings.calendar-feed"


def feed_token(person: Person) -> str:
    """The credential in a member's feed address: signed with the server's secret, so it cannot be
    forged, and with the person's feed generation, so raising it revokes every earlier address."""
    return signing.Signer(salt=FEED_SALT).sign(f"{person.pk}.{person.feed_generation}")


def person_for_feed_token(token: str) -> Person | None:
    try:
        person_pk, _, generation = signing.Signer(salt=FEED_SALT).unsign(token).partition(".")
    except signing.BadSignature:
        return None
    if not (person_pk.isdigit() and generation.isdigit()):
        return None
    return Person.objects.filter(pk=int(person_pk), feed_generation=int(generation)).first()


def calendar(meetings: Iterable[Meeting]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Dangwei//meetings//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dangwei.local"
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{domain}")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.start_at)
        event.add("dtend", meeting.end_at)
        event.add("dtstamp", timezone.now())
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", f"{meeting.committee} · {meeting.get_kind_display()}")
        url = page_url("meetings_detail", meeting.pk)
        if url:
            event.add("url", f"{settings.SITE_URL.rstrip('/')}{url}")
        event.add("status", "CONFIRMED" if meeting.status != MeetingStatus.DRAFT else "TENTATIVE")
        cal.add_component(event)
    return cal.to_ical()
