import pytest
import time_machine

from tests.meetings.factories import sh

from .factories import make_office


@pytest.fixture(autouse=True)
def _now():
    """A fixed "today": 25 November 2026, 10:00 in Shanghai."""
    with time_machine.travel(sh(2026, 11, 25, 10), tick=False):
        yield


@pytest.fixture
def office(db):
    return make_office()
