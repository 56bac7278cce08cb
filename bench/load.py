"""Benchmark: the main pages under load, against the Django admin of the same models (prints a table).

Starts gunicorn (``config.wsgi``, 2 workers, DEBUG off, production settings) on the bench database
filled by ``bench/fill.py``, checks every (login, page) pair once with the test client (pages a
role may not open – 403/404 – are left out of its mix and listed), then runs locust headless
twice: 20 users signed in as the demo's roles on the main pages, then 20 superusers on the admin
pages of the same models. Prints p50/p95 per page, the failures, and the ratio page/admin.

    .venv/bin/python bench/load.py                      # 20 users, 60 s per run
    BENCH_USERS=10 BENCH_TIME=30s .venv/bin/python bench/load.py

CSV files and gunicorn's log go to ``var/bench/``.
"""

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import ADMIN_PAGES, BENCH_DATABASE_URL, LOGINS, PAGES, PASSWORD, ROOT, detail_ids, environment, setup

OUT = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
USERS = os.environ.get("BENCH_USERS", "20")
RATE = os.environ.get("BENCH_RATE", "5")
DURATION = os.environ.get("BENCH_TIME", "60s")
BIN = Path(sys.executable).parent


def targets() -> dict:
    """Per login: the pages that answer 200 and the detail ids it may open; likewise for the admin."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    logins, refused = [], []
    for username in LOGINS:
        user = users.get(username=username)
        client = Client()
        client.force_login(user)
        pages, ids = {}, {}
        for name, url in PAGES.items():
            if "{pk}" in url:
                ids[name] = detail_ids(user, name)
                if not ids[name]:
                    refused.append(f"{username}: {name} (nothing visible)")
                    continue
            status = client.get(url.format(pk=ids.get(name, [0])[0]), secure=True).status_code
            if status == 200:
                pages[name] = url
            else:
                refused.append(f"{username}: {name} ({status})")
        logins.append({"username": username, "pages": pages, "ids": ids})
    admin = users.get(username="admin")
    admin_ids = {name: detail_ids(admin, name) for name, url in ADMIN_PAGES.items() if "{pk}" in url}
    return {
        "password": PASSWORD,
        "logins": logins,
        "admin": {"username": "admin", "pages": ADMIN_PAGES, "ids": admin_ids},
        "refused": refused,
    }


def start_gunicorn() -> subprocess.Popen:
    log = (OUT / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [BIN / "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--timeout", "120"],
        cwd=ROOT,
        env={**os.environ, **environment(BENCH_DATABASE_URL)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _attempt in range(60):
        try:
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer; see {OUT / 'gunicorn.log'}")


def run_locust(user_class: str, targets_file: Path) -> dict[str, dict]:
    prefix = OUT / user_class.lower()
    subprocess.run(  # noqa: S603 - our own venv's locust
        [
            BIN / "locust",
            "-f",
            ROOT / "bench" / "locustfile.py",
            "--headless",
            "-u",
            USERS,
            "-r",
            RATE,
            "-t",
            DURATION,
            "--host",
            HOST,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_TARGETS": str(targets_file)},
        check=False,  # locust exits 1 when any request failed; the table shows them.
        stdout=(OUT / f"{user_class.lower()}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    setup()
    plan = targets()
    targets_file = OUT / "targets.json"
    targets_file.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    server = start_gunicorn()
    load = [os.getloadavg()[0]]
    try:
        pages = run_locust("PageUser", targets_file)
        load.append(os.getloadavg()[0])
        admin = run_locust("AdminUser", targets_file)
        load.append(os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(timeout=30)
    finished = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"{USERS} users, {DURATION} per run, gunicorn -w 2, times in ms; finished {finished};")
    print("load average (1 min) before, between and after the runs:", " / ".join(f"{n:.1f}" for n in load))
    print(
        f"{'page':<20} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} │ {'admin':>8} {'fail':>5} {'p50':>6}"
        f" {'p95':>6} │ {'p50 ×':>6} {'p95 ×':>6}"
    )
    for name in PAGES:
        page, base = pages.get(name), admin.get(name)
        if page is None:
            print(f"{name:<20} (no requests)")
            continue
        p50, p95 = float(page["50%"]), float(page["95%"])
        line = f"{name:<20} {page['Request Count']:>8} {page['Failure Count']:>5} {p50:>6.0f} {p95:>6.0f} │ "
        if base is not None:
            b50, b95 = float(base["50%"]), float(base["95%"])
            line += (
                f"{base['Request Count']:>8} {base['Failure Count']:>5} {b50:>6.0f} {b95:>6.0f} │"
                f" {p50 / b50:>5.1f}x {p95 / b95:>5.1f}x"
            )
        print(line)
    for label, stats in (("pages", pages), ("admin", admin)):
        total = stats.get("Aggregated", {})
        print(
            f"{label}: {total.get('Request Count')} requests, {total.get('Failure Count')} failures,"
            f" {float(total.get('Requests/s', 0)):.1f} req/s"
        )
    if plan["refused"]:
        print("Left out (the role may not open the page):", "; ".join(plan["refused"]))
    failures = OUT / "pageuser_failures.csv"
    if failures.exists() and failures.stat().st_size > 60:
        print(f"Failures: see {failures} and {OUT / 'adminuser_failures.csv'}")


if __name__ == "__main__":
    main()
