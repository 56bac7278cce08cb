"""seed_demo_meetings refuses to run without the demo committees. What the seeded demo holds is
tested on the one demo ``tests/test_demo.py`` seeds for all its tests."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_meetings_needs_the_demo_committees(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo_meetings", stdout=io.StringIO())
