"""Browser journeys: the real roles log in through the login page of a live server and use the
pages with Debian's chromium driven by Playwright (sync API).

One browser per session, a new context (cookies, language) per user. Every main page a journey
visits is checked with the vendored axe-core (no "serious" or "critical" violation) and
screenshotted into ``var/test-artifacts/browser/<test>/``.

The tests run on the live server's own database connection, so they use a transactional
database; ``serialized_rollback`` restores the migrated data (default rule set, calendar) for
the transactional tests that run after them.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
PASSWORD = "Secret-pass-123"  # tests.factories.UserFactory
VENDOR = Path(__file__).parent / "vendor"  # axe-core 4.14.1 (MPL-2.0): `npm pack axe-core`, axe.min.js + LICENSE
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "browser"
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 15_000

# The browser suite's marker: the live server reads what the test commits.
browser_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session. No skip: the Makefile installs chromium, so
    a missing browser is a broken set-up and fails loudly."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(`make test` installs it; by hand: apt-get install chromium).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: install the dev extra (pip install -e '.[dev]').", pytrace=False)
    # Playwright's sync API keeps an event loop on the main thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety check has to be told.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    # Starting Playwright makes Django's ``connections`` (context-local storage) hand out new
    # connection objects in this thread; those lack ``_test_serialized_contents``, and every
    # later ``serialized_rollback`` test would silently skip restoring the migrated data. Keep
    # the connections the test database was set up with.
    before = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    for alias, connection in before.items():
        connections[alias] = connection
    try:
        instance = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts(request) -> Path:
    """This test's folder of screenshots and downloads (emptied first)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


class Journey:
    """The pages one user sees: log in, visit, check accessibility, screenshot."""

    def __init__(self, browser, base_url: str, artifacts: Path, name: str, locale: str = "zh-CN"):
        self.name = name
        self.artifacts = artifacts
        self.context = browser.new_context(
            base_url=base_url,
            locale=locale,
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            bypass_csp=True,  # axe-core is injected as a script of the page
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.shots = 0
        # What the user did: clicks made through this journey's helpers, and every page load of
        # the main frame (a navigation or a reload; htmx swaps are not page loads).
        self.clicks = 0
        self.page_loads = 0
        self.page.on("load", self._count_load)

    def login(self, username: str, password: str = PASSWORD, *, check: bool = True) -> Journey:
        page = self.page
        page.goto("/accounts/login/")
        if check:
            self.check("login")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not log in: {page.inner_text('main')[:500]}"
        return self

    def goto(self, path: str, shot: str | None = None, *, allow: frozenset[str] = frozenset()) -> Journey:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        if shot:
            self.check(shot, allow=allow)
        return self

    def check(self, shot: str, *, allow: frozenset[str] = frozenset()) -> None:
        """Screenshot the page and run axe-core on it: no serious or critical violation (except
        the rule ids in ``allow``: known, reported, not yet fixed)."""
        self.page.wait_for_load_state()
        self.shots += 1
        self.page.screenshot(path=str(self.artifacts / f"{self.name}-{self.shots:02d}-{shot}.png"), full_page=True)
        violations = axe(self.page, allow)
        assert not violations, f"{shot} ({self.page.url}) has accessibility violations:\n" + "\n".join(violations)

    def submit(self, button: str, *, within: str = "main") -> None:
        """Click the submit button named ``button`` – and, for an irreversible step
        (``data-confirm``), the dialog's confirm button – and wait for the next page."""
        self.click_and_confirm(self.page.locator(within).get_by_role("button", name=button, exact=True).first)

    def click_and_confirm(self, locator, *, navigates: bool = True) -> str:
        """Click ``locator``; when its form asks for confirmation (static/js/app.js), check that the
        dialog opened with a summary and confirm it (a second click). Returns the summary asked."""
        asks = locator.evaluate("(b) => !!((b.dataset && b.dataset.confirm) || (b.form && b.form.dataset.confirm))")
        summary = ""

        def act():
            nonlocal summary
            locator.click()
            self.clicks += 1
            if asks:
                dialog = self.page.locator("#confirm-dialog[open]")
                dialog.wait_for()
                summary = dialog.locator(".confirm-text").inner_text()
                assert summary.strip(), "a confirmation without a summary"
                dialog.locator("button[value=confirm]").click()
                self.clicks += 1

        if navigates:
            with self.page.expect_navigation():
                act()
        else:
            act()
        return summary

    def at_sizes(self, shot: str, restore: tuple[int, int] = (1280, 900)) -> None:
        """Screenshots (and the axe check) at a laptop's 1440×900 and a phone's 390×844."""
        for width, height in ((1440, 900), (390, 844)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.check(f"{shot}-{width}")
        self.page.set_viewport_size({"width": restore[0], "height": restore[1]})

    def _count_load(self, _page) -> None:
        self.page_loads += 1

    def messages(self) -> str:
        locator = self.page.locator("ul.messages")
        return locator.inner_text() if locator.count() else ""

    def close(self) -> None:
        self.context.close()


def axe(page, allow: frozenset[str] = frozenset()) -> list[str]:
    """Serious and critical violations found by axe-core, one readable line per node."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(VENDOR / "axe.min.js"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }"""
    )
    lines = []
    for violation in result:
        if violation["impact"] not in BLOCKING_IMPACTS or violation["id"] in allow:
            continue
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())[:300]
            lines.append(
                f"  [{violation['impact']}] {violation['id']} ({violation['help']}): {node['target']} – {summary}"
            )
    return lines


def tab_to(page, locator, limit: int = 120) -> None:
    """Move the focus with the Tab key (a keyboard user) until ``locator`` has it."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def pdf_text(data: bytes, folder: Path, name: str) -> str:
    """The text of a PDF, read with poppler's pdftotext (the file stays as an artefact)."""
    path = folder / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def _default_rules(transactional_db):
    """The migrated default rule set and calendar. ``serialized_rollback`` restores them, except
    when the test database was serialized without them (``--reuse-db`` after a flush,
    ``--nomigrations``): then load them the way tests/conftest.py does."""
    import importlib

    from django.apps import apps

    from committees.models import RuleSet

    if not RuleSet.objects.filter(is_default=True).exists():
        data = importlib.import_module("committees.migrations.0002_trigram_calendar_default_rules")
        data.create_default_rule_set(apps, None)
        data.import_calendar(apps, None)


@pytest.fixture
def journeys(browser, live_server, artifacts, _default_rules):
    """``journeys("office")`` opens a browser context for one user; all close after the test."""
    opened: list[Journey] = []

    def start(name: str, locale: str = "zh-CN") -> Journey:
        journey = Journey(browser, live_server.url, artifacts, name, locale)
        if opened:  # the login page is checked once per test
            journey.login = functools.partial(journey.login, check=False)
        opened.append(journey)
        return journey

    yield start
    for journey in opened:
        journey.close()


def local_now() -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime()


def zh(msgid: str, context: str | None = None) -> str:
    """What the Chinese page shows for ``msgid``: buttons are found by their visible name."""
    from django.utils.translation import gettext, override, pgettext

    with override("zh-hans"):
        return pgettext(context, msgid) if context else gettext(msgid)
