"""The bounds of every value a user can type – one place for forms, serializers, services and the
deadline engine.

A date of year 1 or 9999 is a typo, not a plan; let through, it becomes a row PostgreSQL stores but
psycopg cannot give back (year 1 in Asia/Shanghai is year 0 in UTC) or a computation past year 9999,
and every page and scan that reads the row fails for everyone. So:

- dates and datetimes typed by users lie in ``EARLIEST``..``LATEST`` (Beijing time);
- times the system computes from them (a deadline a few working days or months later) lie in
  ``EARLIEST``..``LATEST_COMPUTED`` – the engine's ``register`` refuses anything else;
- integers fit PostgreSQL's ``integer``; a year in a query string lies in ``YEARS``;
- a search term is at most ``SEARCH_TERM_MAX_LENGTH`` characters (``committees.forms.TextSearchFilter``):
  a longer one is a paste, not a search, and each of its characters is work for the index.

``install()`` (called from ``CommitteesConfig.ready``) makes these the default validators of the
date, datetime and integer fields of Django forms (and so django-filter) and of DRF serializers,
so a field declared anywhere is bounded without repeating it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEARS = range(1900, 2100)
EARLIEST = datetime.date(YEARS.start, 1, 1)
LATEST = datetime.date(YEARS.stop - 1, 12, 31)
#: A due time computed from a bounded input (report back 5 working days after a leave, answer a
#: petition 60 days + an extension after it came in) stays within a year of it.
LATEST_COMPUTED = datetime.date(YEARS.stop, 12, 31)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
#: Characters of a search term typed into a list's filter or the site search (pages and API).
SEARCH_TERM_MAX_LENGTH = 100
#: Words of one site search (``committees.site_search``): each is a condition on every kind.
SEARCH_WORDS_MAX_COUNT = 5

MSG_DATE_OUT_OF_RANGE = _("Enter a date between %(first)s and %(last)s.")
MSG_NUMBER_OUT_OF_RANGE = _("Enter a number between %(low)s and %(high)s.")


def _local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            try:
                value = timezone.localtime(value)
            except OverflowError:  # beyond what datetime can hold in the local zone
                return datetime.date.min if value.year < YEARS.start else datetime.date.max
        return value.date()
    return value


def is_within(value: datetime.date | datetime.datetime, *, latest: datetime.date = LATEST) -> bool:
    return EARLIEST <= _local_date(value) <= latest


def validate_date(value: datetime.date | datetime.datetime | None) -> None:
    """Validator for a typed date or datetime (forms, serializers, services)."""
    if value is not None and not is_within(value):
        raise ValidationError(
            MSG_DATE_OUT_OF_RANGE, code="date_out_of_range", params={"first": EARLIEST.year, "last": LATEST.year}
        )


def validate_integer(value: int | None) -> None:
    if value is not None and not INT_MIN <= value <= INT_MAX:
        raise ValidationError(
            MSG_NUMBER_OUT_OF_RANGE, code="number_out_of_range", params={"low": INT_MIN, "high": INT_MAX}
        )


def require_dates(**values: datetime.date | datetime.datetime | None) -> None:
    """For services: refuse any of ``values`` outside the bounds, naming the field."""
    errors = {}
    for field, value in values.items():
        try:
            validate_date(value)
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def parse_year(text: str | int | None) -> int | None:
    """A year from a query string or URL, or ``None`` when it is not one (``0``, ``-1``, 20 digits)."""
    try:
        year = int(str(text).strip()) if text is not None and len(str(text)) <= 6 else None
    except ValueError:
        return None
    return year if year in YEARS else None


def install() -> None:
    """Make the bounds the default validators of every date, datetime and integer field."""
    from django import forms
    from rest_framework import serializers

    for field_class in (forms.DateField, forms.DateTimeField, serializers.DateField, serializers.DateTimeField):
        if validate_date not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, validate_date]
    for field_class in (forms.IntegerField, serializers.IntegerField):
        if validate_integer not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, validate_integer]

    # DRF checks that an aware datetime exists in the zone (``datetime_exists``) outside the
    # ``try`` that turns ``OverflowError`` into its "overflow" error, so "0001-01-01T00:00" in
    # Asia/Shanghai is an exception instead of a 400 (encode/django-rest-framework#5545 fixed the
    # conversion itself, not that check).
    enforce_timezone = serializers.DateTimeField.enforce_timezone
    if not getattr(enforce_timezone, "is_bounded", False):

        def bounded_enforce_timezone(field, value):
            try:
                return enforce_timezone(field, value)
            except OverflowError:
                field.fail("overflow")

        bounded_enforce_timezone.is_bounded = True
        serializers.DateTimeField.enforce_timezone = bounded_enforce_timezone
