"""``TEST_TODAY``: the moment a test run pretends it is (see tests/conftest.py)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def parse_test_today(value: str) -> datetime.datetime:
    """The moment ``TEST_TODAY`` names, aware in Beijing time; a clear error for anything else.
    A date alone means 10:00 that day, inside office hours."""
    text = value.strip()
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"TEST_TODAY={value!r} is not a date: write YYYY-MM-DD or YYYY-MM-DDTHH:MM (Beijing time), "
            "for example TEST_TODAY=2027-02-15"
        ) from None
    if len(text) == 10:
        moment = moment.replace(hour=10)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    if not 1990 <= moment.year <= 2099:
        raise pytest.UsageError(f"TEST_TODAY={value!r} must lie between 1990 and 2099")
    return moment
