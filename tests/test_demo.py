"""The demo (``manage.py load_demo``'s commands), seeded once for this module – seeding it costs
about a minute, so every test that needs the whole demo lives here and shares it:

- what the demo holds: past and upcoming meetings of each kind, a meeting ready to run today, the
  democratic life meetings; each demo command is idempotent;
- issue 14, no dead ends: every demo login starts at ``/`` and follows every same-site link of
  every page it reaches, breadth-first and bounded; the test fails listing each page that answers
  404, 403 or 500 (a link to a page the user may not open should not be shown) and each page that
  shows a raw English msgid of the catalog in the Chinese interface.

The demo is seeded on a frozen day, inside a transaction rolled back when the module ends; each
test runs in its own savepoint. Crawl bounds: at most ``MAX_PAGES`` pages per login, each URL
*pattern* (numbers replaced by ``N``, query keys kept) at most ``PER_PATTERN`` times, no page of a
list beyond ``?page=2``, the Django admin only for the superuser and only one level deep,
downloads (PDF, Excel, ZIP, .ics) checked for their status and not read.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.translation import trans_real

from committees.management.commands.load_demo import DEMO_COMMANDS
from committees.management.commands.seed_demo import ACCOUNTS
from meetings.democratic_life import demo as democratic_life_demo
from meetings.democratic_life import selectors as democratic_life_selectors
from meetings.democratic_life.models import DemocraticLifeRecord, PostponementStatus
from meetings.models import AgendaItem, Decision, ItemStatus, Meeting, MeetingKind, MeetingStatus, Minutes
from tests.meetings.factories import sh

pytestmark = pytest.mark.django_db

#: The demo's "today": a Wednesday in late November, Beijing time.
NOW = sh(2026, 11, 25, 10)
LOGINS = ["admin", *(username for username, _key, _role in ACCOUNTS)]
MAX_PAGES = 100
PER_PATTERN = 2
#: URL patterns that answered a download (PDF, Excel, ZIP, .ics): each login checks one of them.
DOWNLOAD_PATTERNS: set[str] = set()
#: Never followed: logging out ends the crawl; the language switch and "mark read" are POSTs anyway.
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/media/", "/api/docs", "/api/schema")
DEAD = {403, 404, 500}
#: English on purpose: the language switch names each language in its own words.
NOT_RAW = frozenset({"English"})


# ----------------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        LANGUAGE_CODE="zh-hans",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    clock = time_machine.travel(NOW, tick=False)
    with media, clock, django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            for name in DEMO_COMMANDS:
                call_command(name, stdout=io.StringIO(), stderr=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# ------------------------------------------------------------------------- what the demo holds


def test_seed_demo_meetings_loads_past_and_upcoming_meetings_of_each_kind_once(demo):
    now = timezone.now()
    for kind in MeetingKind.values:
        meetings = Meeting.objects.filter(kind=kind, committee__name="临江区委")
        assert meetings.filter(status=MeetingStatus.CLOSED, start_at__lt=now).exists(), kind
        assert meetings.exclude(status=MeetingStatus.CLOSED).exists(), kind
    today = Meeting.objects.get(committee__name="临江区委", title__endswith="（今日）")
    assert today.status == MeetingStatus.NOTICE_SENT
    assert today.items.filter(status=ItemStatus.APPROVED).count() == 4
    assert today.attendances.filter(role="observer").exists()
    assert Meeting.objects.filter(committee__name="临江区委", items__status=ItemStatus.PROPOSED).exists()
    assert Meeting.objects.filter(committee__name="桃源村党支部").exists()
    assert Decision.objects.filter(committee__name="临江区委", vote__method="secret").exists()
    assert Decision.objects.filter(committee__name="临江区委", kind="recommendation").exists()
    assert Minutes.objects.filter(committee__name="临江区委", status="approved", number=1).exists()
    count = Meeting.objects.count()
    out = io.StringIO()
    call_command("seed_demo_meetings", stdout=out)
    assert "already loaded" in out.getvalue() and Meeting.objects.count() == count


def test_democratic_life_demo_on_the_project_demo(demo):
    county = DemocraticLifeRecord.objects.get(committee__name="临江区委")
    assert county.meeting is not None and county.measures.count() == 2
    assert county.report_obligation is not None
    town = DemocraticLifeRecord.objects.get(committee__name="桃源镇党委")
    assert town.postponements.get().status == PostponementStatus.PENDING
    lj_secretary = get_user_model().objects.get(username="lj-secretary")
    assert democratic_life_selectors.postponement_inbox(lj_secretary).count() == 1
    assert democratic_life_demo.seed() == []  # idempotent


def test_every_demo_login_has_something_waiting_and_the_titles_vary(demo):
    """Issue 14 item 7: each demo login opens a desk with work on it (the petition office its
    petitions, the organisation departments a leave filing), and the committees' agendas,
    decisions and meetings read like different committees' work, not copies of one agenda."""
    from committees import todo

    for username in LOGINS:
        if username == "admin":
            continue
        user = get_user_model().objects.get(username=username)
        assert len(todo.waiting_for(user)) > 0, username
    kinds = {row.kind for row in todo.waiting_for(get_user_model().objects.get(username="lj-petition"))}
    assert kinds == {"petition"}
    for username in ("lj-orgstaff", "yc-orgstaff"):
        rows = todo.waiting_for(get_user_model().objects.get(username=username))
        assert "leave_step" in {row.kind for row in rows}, username
    # 临江区委's organisation staff also owes this year's talks with the office (the X-3 demo plan).
    lj_orgstaff = todo.waiting_for(get_user_model().objects.get(username="lj-orgstaff"))
    assert sorted((row.kind, "X-3" in row.subject) for row in lj_orgstaff) == [
        ("leave_step", False),
        ("obligation", True),
    ]
    yc_orgstaff = todo.waiting_for(get_user_model().objects.get(username="yc-orgstaff"))
    assert [row.kind for row in yc_orgstaff] == ["leave_step"]

    for model, field in ((AgendaItem, "title"), (Decision, "resolution"), (Meeting, "title")):
        counts = Counter(model.objects.values_list(field, flat=True))
        assert len(counts) >= sum(counts.values()) / 3, model
        title, most = counts.most_common(1)[0]
        assert most <= len(Meeting.objects.values("committee").distinct()), (model, title, most)
    next_year = str(timezone.localdate().year + 1)
    assert AgendaItem.objects.filter(title__contains=f"{next_year}年财政预算").exists()


# ------------------------------------------------------------------------------ reading pages


class Page(HTMLParser):
    """The links of a page and the text a reader sees (text nodes, and the attributes read aloud
    or shown: title, placeholder, aria-label, alt, a button's value)."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"])
        for name in self.SHOWN_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def translated_msgids() -> frozenset[str]:
    """English msgids of the zh_Hans catalog that have a Chinese translation (with letters in
    them, and of two characters at least, so that "PDF" or "—" never count)."""
    catalog = trans_real.translation("zh-hans")._catalog
    found = set()
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or "\x04" in msgid or not msgid or msgstr == msgid:
            continue
        if len(msgid) >= 2 and re.search(r"[A-Za-z]{2}", msgid) and re.search(r"[\u4e00-\u9fff]", msgstr):
            found.add(msgid)
    return frozenset(found)


def normalised_text(text: str) -> str:
    return " ".join(text.split()).strip(" :：·|›")


# ------------------------------------------------------------------------------------ the crawl


def pattern_of(path: str, query: str) -> str:
    keys = sorted({key for key, _value in parse_qsl(query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", path) + ("?" + "&".join(keys) if keys else "")


def followed(href: str) -> str | None:
    """The same-site GET address ``href`` names, or None when the crawl does not follow it."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    page = dict(query).get("page", "1")
    if page.isdigit() and int(page) > 2:
        return None
    return path + ("?" + urlencode(query) if query else "")


def is_download(response) -> bool:
    content_type = response.get("Content-Type", "")
    return not content_type.startswith("text/html") or "attachment" in response.get("Content-Disposition", "")


def crawl(client: Client, *, is_admin: bool, msgids: frozenset[str]) -> tuple[list[str], int]:
    problems: list[str] = []
    seen: set[str] = {"/"}
    patterns: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url, source = queue.popleft()
        parts = urlsplit(url)
        pattern = pattern_of(parts.path, parts.query)
        if patterns.get(pattern, 0) >= (1 if pattern in DOWNLOAD_PATTERNS else PER_PATTERN):
            continue
        if parts.path.startswith("/admin/") and not is_admin:
            problems.append(f"admin link {url} shown to a user who is not an administrator (on {source})")
            continue
        patterns[pattern] = patterns.get(pattern, 0) + 1
        fetched += 1
        try:
            response = client.get(url)
        except Exception as error:  # the crawl reports every failing page, not only the first
            problems.append(f"500 {url} (linked from {source}): {type(error).__name__}: {error}")
            continue
        if response.status_code in DEAD:
            problems.append(f"{response.status_code} {url} (linked from {source})")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response["Location"]]
        elif response.status_code != 200 or is_download(response):
            if response.streaming:  # read to the end: the client closes it without closing the connection
                b"".join(response.streaming_content)
            if response.status_code == 200:
                DOWNLOAD_PATTERNS.add(pattern)
            continue
        else:
            page = Page()
            page.feed(response.content.decode())
            raw = sorted({text for text in map(normalised_text, page.texts) if text in msgids} - NOT_RAW)
            if raw and not parts.path.startswith("/admin/"):  # Django's admin has its own catalog
                problems.append(f"raw msgid on {url}: {raw}")
            if parts.path.startswith("/admin/") and url != "/admin/":
                continue  # Django's admin: its index is checked, its pages are not crawled
            links = page.links
        for href in links:
            target = followed(href)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append((target, url))
    return problems, fetched


@pytest.mark.parametrize("username", LOGINS)
def test_every_link_a_demo_login_sees_opens_in_chinese(demo, username):
    user = get_user_model().objects.get(username=username)
    client = Client(raise_request_exception=True)
    client.force_login(user)
    with translation.override("zh-hans"):
        msgids = translated_msgids()
    problems, fetched = crawl(client, is_admin=user.is_superuser, msgids=msgids)
    assert fetched > 10, f"{username} reached only {fetched} pages"
    assert not problems, f"{username}: {len(problems)} dead ends\n" + "\n".join(problems)


def test_labels_shared_by_two_meanings_are_translated_apart():
    """Issue 14: the urging form's content was labelled 信访内容 (the msgid "Content" of the
    petitions list) and a person's name 名称 (the msgid "Name" of a rule set's name)."""
    from django.utils.translation import gettext, pgettext

    from committees.models import Committee
    from meetings.models import Attendance
    from reporting.petitions.forms import PetitionerForm
    from reporting.petitions.models import Petitioner
    from supervision.forms import UrgeForm

    with translation.override("zh-hans"):
        assert str(UrgeForm().fields["content"].label) == "催办内容"
        assert pgettext("petition", "Content") == "信访内容"
        assert str(PetitionerForm().fields["name"].label) == "姓名"
        assert str(Petitioner._meta.get_field("name").verbose_name) == "姓名"
        assert str(Attendance._meta.get_field("name").verbose_name) == "姓名"
        assert pgettext("person", "Name") == "姓名"
        assert gettext("Name") == "名称"
        assert str(Committee._meta.get_field("name").verbose_name) == "名称"
