"""Benchmark: throughput of the main pages against a bare 2-query page on the same server.

Starts gunicorn as docker-compose.yml does (``config.wsgi``, ``-w 3`` sync workers, its
``config/gunicorn.py`` hooks; static files collected and hashed as in the Docker image) with the
production settings plus one bench-only page (``bench/settings.py``, ``bench/urls.py``: DEBUG
off; ``/bench/bare/`` reads the session and the user – 2 queries – and nothing else) on the bench
database filled by ``bench/fill.py``.
Signs in by creating a session for the login (``Client.force_login``) and hands its cookie to wrk.
Before measuring, every target is requested once with the test client (status 200, the rows it
shows, its queries) and once through gunicorn (status 200, not a redirect to the login page).

Then, round by round, each target in turn – bare page, the page frame with no content (what every
page draws: header, navigation, bell), meetings list, decisions, minutes list,
supervision list, deadlines, home, and the decisions and minutes searches for a rare and a common
term (chosen by ``fill.py``) – gets one wrk run: ``BENCH_CONNECTIONS`` connections (8) for
``BENCH_DURATION`` (10s), ``--latency``. A warm-up round of ``BENCH_WARMUP`` (2s) per target comes
first and is not counted; after the rounds every target must still answer 200 (wrk counts
redirects, e.g. to the login page, as answers). Prints a markdown table: per target the median
over ``BENCH_ROUNDS`` rounds (5) of req/s, of the ratio to the bare page's req/s in the same
round, and of p50 and p99; errors (non-2xx/3xx, socket errors) are shown and make the exit
status 1.

    .venv/bin/python bench/load.py                                  # lj-secretary, 5 rounds × 10 s
    BENCH_LOGIN=lj-org BENCH_ROUNDS=3 .venv/bin/python bench/load.py
    BENCH_ROUNDS=1 BENCH_DURATION=2s BENCH_WARMUP=1s .venv/bin/python bench/load.py   # smoke

Every wrk run (with its output) goes to ``var/bench/load.json``, gunicorn's log to
``var/bench/gunicorn.log``; ``make bench`` keeps the table in ``var/bench/load.md``.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from common import BENCH_DATABASE_URL, LOAD_TARGETS, ROOT, collect_static, data_queries, environment, rows_shown, setup

OUT = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
LOGIN = os.environ.get("BENCH_LOGIN", "lj-secretary")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARMUP = os.environ.get("BENCH_WARMUP", "2s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
#: wrk refuses more threads than connections (BENCH_CONNECTIONS=1 for latency without queueing).
THREADS = min(int(os.environ.get("BENCH_THREADS", "2")), CONNECTIONS)
WORKERS = os.environ.get("BENCH_WORKERS", "3")
SETTINGS = "bench.settings"
BIN = Path(sys.executable).parent
#: What the TLS-terminating proxy in front of gunicorn adds (``DJANGO_BEHIND_PROXY=1``).
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"}


def targets() -> dict[str, str]:
    from fill import meta

    terms = meta("terms")
    if not terms:
        sys.exit("No search terms in bench_meta: run bench/fill.py first.")
    quote = urllib.parse.quote
    return {
        name: url.format(rare=quote(terms["rare"]["term"]), common=quote(terms["common"]["term"]))
        for name, url in LOAD_TARGETS.items()
    }


def session_cookie(username: str) -> str:
    """A session of ``username`` in the bench database, as the log-in page would create it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def preflight(cookie: str, plan: dict[str, str]) -> dict[str, dict]:
    """Each target once with the test client (same settings): status, rows shown, queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=PROXY_HEADERS)
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    checks = {}
    for target, url in plan.items():
        client.get(url, secure=True)  # warm: content types, the rule-set cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        html = response.content.decode("utf-8", "replace")
        checks[target] = {
            "status": response.status_code,
            "queries": len(data_queries(captured)),
            "rows": rows_shown(html),
        }
    return checks


def start_gunicorn() -> subprocess.Popen:
    log = (OUT / "gunicorn.log").open("w")
    command = [BIN / "gunicorn", "config.wsgi:application", "-w", WORKERS, "-b", f"127.0.0.1:{PORT}"]
    if (ROOT / "config" / "gunicorn.py").exists():  # docker-compose.yml's settings (worker hooks)
        command += ["--config", "python:config.gunicorn"]
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [*command, "--timeout", "120"],
        cwd=ROOT,
        env={**os.environ, **environment(BENCH_DATABASE_URL, SETTINGS)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _attempt in range(120):
        if server.poll() is not None:
            break
        try:
            if fetch("/healthz", "")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer; see {OUT / 'gunicorn.log'}")


def fetch(url: str, cookie: str) -> tuple[int, str]:
    """One GET through gunicorn, redirects not followed: (status, Location)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    try:
        headers = {**PROXY_HEADERS, **({"Cookie": cookie} if cookie else {})}
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str, duration: str) -> dict:
    """One wrk run; its req/s, p50, p99 and errors (non-2xx/3xx responses, socket errors)."""
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", duration, "--timeout", "30s", "--latency"]
    for header, value in {**PROXY_HEADERS, "Cookie": cookie}.items():
        command += ["-H", f"{header}: {value}"]
    result = subprocess.run([*command, HOST + url], capture_output=True, text=True, check=True)  # noqa: S603
    out = result.stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)[ \t]*$", out, flags=re.MULTILINE))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = re.search(r"^\s+(\d+) requests in", out, flags=re.MULTILINE)
    drain()
    return {
        "output": out,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(requests.group(1)) if requests else 0,
        "p50": milliseconds(percentiles["50"]) if "50" in percentiles else float("nan"),
        "p99": milliseconds(percentiles["99"]) if "99" in percentiles else float("nan"),
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0),
    }


def drain(limit: float = 300) -> None:
    """Wait until gunicorn has answered what wrk left queued when it stopped: sync workers go on
    with the requests already accepted, which would load the next target's run. Idle = as many
    /healthz requests as workers, sent at once, all answered within 0.2 s."""
    from concurrent.futures import ThreadPoolExecutor

    def quick(_n) -> bool:
        start = time.perf_counter()
        try:
            fetch("/healthz", "")
        except OSError:
            return False
        return time.perf_counter() - start < 0.2

    deadline = time.monotonic() + limit
    with ThreadPoolExecutor(int(WORKERS)) as pool:
        while time.monotonic() < deadline:
            if all(pool.map(quick, range(int(WORKERS)))):
                return
            time.sleep(0.2)


def machine() -> str:
    import django

    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout.split("\n")[0]  # noqa: S607
    return (
        f"{os.cpu_count()} CPUs ({cpu}), PostgreSQL {postgres}, Python {sys.version.split()[0]},"
        f" Django {django.get_version()}, {wrk_version.strip()}"
    )


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian package wrk; `make bench` installs it)")
    OUT.mkdir(parents=True, exist_ok=True)
    collect_static()
    setup(settings=SETTINGS)
    from django.contrib.auth import get_user_model

    from committees.selectors import visible_committee_ids

    plan = targets()
    user = get_user_model().objects.get(username=LOGIN)
    committees = visible_committee_ids(user)
    cookie = session_cookie(LOGIN)
    checks = preflight(cookie, plan)
    bad = [f"{name}: HTTP {c['status']}" for name, c in checks.items() if c["status"] != 200]
    bad += [
        f"{name}: no rows shown"
        for name, c in checks.items()
        if c["rows"] == 0
        and name not in ("bare 2-query page", "page frame, no content")
        and not name.startswith("home")
        and "rare term" not in name
    ]
    if checks["bare 2-query page"]["queries"] != 2:
        bad.append(f"the bare page ran {checks['bare 2-query page']['queries']} queries, not 2")
    server = start_gunicorn()
    load = [os.getloadavg()[0]]
    runs: dict[str, list[dict]] = {name: [] for name in plan}
    started = datetime.datetime.now(datetime.UTC)
    try:
        for name, url in plan.items():
            status, location = fetch(url, cookie)
            if status != 200:
                bad.append(f"{name}: gunicorn answered {status} {location}")
        if bad:
            print("Preflight failed:", *bad, sep="\n  ")
            sys.exit(1)
        for url in plan.values():  # warm-up round, not counted
            wrk(url, cookie, WARMUP)
        for round_number in range(1, ROUNDS + 1):
            for name, url in plan.items():
                runs[name].append({"round": round_number, **wrk(url, cookie, DURATION)})
            load.append(os.getloadavg()[0])
            print(f"round {round_number}/{ROUNDS} done (load average {load[-1]:.1f})", file=sys.stderr, flush=True)
        # wrk counts redirects as answers: the session must still be signed in after the rounds.
        for name, url in plan.items():
            status, location = fetch(url, cookie)
            if status != 200:
                bad.append(f"{name}: after the rounds gunicorn answered {status} {location}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    finished = datetime.datetime.now(datetime.UTC)
    (OUT / "load.json").write_text(json.dumps({"plan": plan, "checks": checks, "runs": runs}, indent=1))
    table = report(plan, checks, runs, committees, load, started, finished)
    print(table)
    errors = sum(run["errors"] for name_runs in runs.values() for run in name_runs)
    if bad:
        print("\nFailed:", *bad, sep="\n  ")
    sys.exit(1 if errors or bad else 0)


def report(plan, checks, runs, committees, load, started, finished) -> str:
    bare = {run["round"]: run["rps"] for run in runs["bare 2-query page"]}
    shown = "all" if committees is None else f"{len(committees)}"
    lines = [
        f"Login {LOGIN} ({shown} committees visible); gunicorn -w {WORKERS} as docker-compose.yml,"
        f" {SETTINGS} (production + bare page);"
        f" wrk -t {THREADS} -c {CONNECTIONS} -d {DURATION} --latency per run, targets interleaved round by round,"
        f" {ROUNDS} rounds after a {WARMUP} warm-up; medians over the rounds."
        f" {started:%Y-%m-%d %H:%M}–{finished:%H:%M} UTC; load average (1 min) at start and after each round:"
        f" {' / '.join(f'{value:.1f}' for value in load)}.",
        f"Machine: {machine()}.",
        "",
        "| page | req/s | × bare | p50 ms | p99 ms | worst p99 ms | queries | rows shown | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def median(values, form=",.1f"):
        values = [v for v in values if v == v]  # no NaN: wrk printed no percentile (no request done)
        return format(statistics.median(values), form) if values else "–"

    for name in plan:
        name_runs = runs[name]
        ratios = [run["rps"] / bare[run["round"]] for run in name_runs if bare.get(run["round"])]
        worst = [r["p99"] for r in name_runs if r["p99"] == r["p99"]]
        lines.append(
            f"| {name} | {median(r['rps'] for r in name_runs)}"
            f" | {median(ratios, '.3f')}"
            f" | {median(r['p50'] for r in name_runs)}"
            f" | {median(r['p99'] for r in name_runs)}"
            f" | {format(max(worst), ',.1f') if worst else '–'}"
            f" | {checks[name]['queries']} | {checks[name]['rows']}"
            f" | {sum(r['errors'] for r in name_runs)} |"
        )
    lines.append("")
    lines.append("URLs: " + "; ".join(f"{name} `{url}`" for name, url in plan.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
