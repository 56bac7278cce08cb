"""The two commands of the README, as far as they can be checked without running them."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dry_run(*args: str) -> str:
    # Not the flags of the `make test` this suite may run under.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TEST_TODAY"}}
    done = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


@pytest.mark.parametrize(
    ("addr", "site_url"),
    [("127.0.0.1:8000", "http://127.0.0.1:8000"), ("127.0.0.1:9001", "http://127.0.0.1:9001")],
)
def test_links_in_e_mails_follow_the_address_make_run_listens_on(addr, site_url):
    out = dry_run("run", f"ADDR={addr}")
    assert f'SITE_URL="{site_url}"' in out
    assert f"runserver --noreload {addr}" in out


def test_stopping_make_run_stops_web_and_worker_without_re_entering_the_trap():
    out = dry_run("run")
    # `kill 0` inside a TERM trap signalled the shell itself, re-entered the trap and crashed it.
    assert "kill 0" not in out
    assert "trap 'trap - INT TERM EXIT; kill $web $worker" in out


def test_make_test_passes_test_today_to_pytest():
    assert 'TEST_TODAY="2027-02-15" .venv/bin/pytest' in dry_run("test", "TEST_TODAY=2027-02-15")
