"""TEST_TODAY: the switch that runs the suite on another day, and its refusal of anything else."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clock import SHANGHAI, parse_test_today

ROOT = Path(__file__).resolve().parent.parent


def test_a_date_means_ten_in_the_morning_beijing_time():
    assert parse_test_today("2027-02-15") == datetime.datetime(2027, 2, 15, 10, tzinfo=SHANGHAI)
    assert parse_test_today(" 2028-02-29T23:30 ") == datetime.datetime(2028, 2, 29, 23, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize("value", ["tomorrow", "2027-02-30", "15/02/2027", "1066-10-14"])
def test_anything_else_is_a_usage_error_that_names_the_value(value):
    with pytest.raises(pytest.UsageError, match="TEST_TODAY"):
        parse_test_today(value)


def test_a_run_with_a_bad_test_today_stops_with_the_message():
    env = {**os.environ, "TEST_TODAY": "next friday"}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-n0",
            "--collect-only",
            "-q",
            "tests/test_clock.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert "TEST_TODAY='next friday' is not a date" in done.stdout + done.stderr


def test_the_clock_of_the_run_is_the_one_asked_for():
    asked = os.environ.get("TEST_TODAY", "").strip()
    if not asked:
        pytest.skip("the run is on the machine's clock")
    assert datetime.datetime.now(SHANGHAI).date() >= parse_test_today(asked).date()
    assert (datetime.datetime.now(SHANGHAI) - parse_test_today(asked)) < datetime.timedelta(hours=2)
