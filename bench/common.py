"""Shared set-up of the benchmark scripts: the scratch database and Django.

Every script works on ``BENCH_DATABASE_URL`` (default ``dangwei_bench`` on the local server), never
on the app's or the tests' databases. Import this module before any Django import:

    from common import setup
    setup()
"""

import copy
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC_ROOT = ROOT / "var" / "bench" / "static"
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dangwei_bench")


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def ensure_database(url: str) -> bool:
    """Create the database (UTF-8 ctype, like config.postgresql does) unless it exists; True if created."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
        return not exists


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert name.startswith("dangwei_bench"), f"refusing to drop {name}: not a bench database"
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(url: str = BENCH_DATABASE_URL, settings: str = "config.settings.production") -> dict[str, str]:
    """The variables the app needs to run on the bench database like production (DEBUG off);
    ``settings="bench.settings"``: the same plus the bare baseline page (``bench/urls.py``)."""
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
        "CELERY_BROKER_URL": "memory://localhost/",
        # As production: the kept header counts, to-do preview and home panels in Redis, shared by
        # the workers (with the broker in memory, the settings would fall back to a per-process cache).
        "DANGWEI_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # As the Docker image: hashed, compressed static files collected once (``collect_static``).
        "DJANGO_MANIFEST_STATIC": "1",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        # Production runs behind a TLS-terminating proxy that sets X-Forwarded-Proto (the load test
        # sends it). The cookies are still sent over the plain http between wrk and gunicorn.
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_SECURE_COOKIES": "0",
    }


def collect_static() -> None:
    """``collectstatic`` into ``STATIC_ROOT`` as the Dockerfile does, unless done (the manifest exists)."""
    import subprocess

    if (STATIC_ROOT / "staticfiles.json").exists():
        return
    subprocess.run(  # noqa: S603 - this venv's Python, our manage.py
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **environment()},
        check=True,
    )


def setup(url: str = BENCH_DATABASE_URL, settings: str = "config.settings.production") -> None:
    """Point Django at the bench database and set it up."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(environment(url, settings))
    ensure_database(url)
    import django

    django.setup()


def clone(instance, **changes):
    """An unsaved copy of ``instance`` with ``changes`` applied (for bulk_create)."""
    from django.db.models.base import ModelState

    copied = copy.copy(instance)
    copied.__dict__ = {k: v for k, v in instance.__dict__.items() if k != "_prefetched_objects_cache"}
    copied._state = ModelState()
    copied.pk = None
    for name, value in changes.items():
        setattr(copied, name, value)
    return copied


def bulk(model, objects, batch: int = 2000) -> list:
    """``bulk_create`` in batches; returns the saved objects with their ids (PostgreSQL)."""
    saved = []
    for start in range(0, len(objects), batch):
        saved.extend(model.objects.bulk_create(objects[start : start + batch]))
    return saved


#: The main pages: name → URL (``{pk}``: a meeting or supervision item the login may open).
PAGES = {
    "home": "/",
    "meetings list": "/meetings/",
    "meeting detail": "/meetings/{pk}/",
    "decisions": "/meetings/decisions/",
    "minutes list": "/meetings/minutes/",
    "supervision list": "/supervision/",
    "supervision detail": "/supervision/{pk}/",
    "accountability": "/supervision/accountability/",
    "deadlines": "/deadlines/",
    "leave inbox": "/leave/inbox/",
    "petitions": "/petitions/",
    "emergencies": "/emergencies/",
}
#: What ``load.py`` measures, in this order each round: name → URL. ``{rare}`` and ``{common}``
#: are the search terms ``fill.py`` chose (``bench_meta``). The bare page comes first.
LOAD_TARGETS = {
    "bare 2-query page": "/bench/bare/",
    "page frame, no content": "/bench/frame/",
    "meetings list": "/meetings/",
    "decisions": "/meetings/decisions/",
    "minutes list": "/meetings/minutes/",
    "supervision list": "/supervision/",
    "deadlines": "/deadlines/",
    "home": "/",
    "home, nothing kept": "/bench/home-fresh/",
    "decisions, rare term": "/meetings/decisions/?q={rare}",
    "decisions, common term": "/meetings/decisions/?q={common}",
    "minutes, rare term": "/meetings/minutes/?q={rare}",
    "minutes, common term": "/meetings/minutes/?q={common}",
}


def detail_ids(user, name: str, count: int = 50) -> list[int]:
    """Ids of meetings or supervision items ``user`` may open (the superuser: any)."""
    from meetings.selectors.access import visible_meetings
    from supervision.selectors import visible_items

    if name == "meeting detail":
        queryset = visible_meetings(user)
    elif name == "supervision detail":
        queryset = visible_items(user)
    else:
        return []
    # Spread over the table: every n-th id of those visible.
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def data_queries(captured) -> list[str]:
    """The SQL of ``CaptureQueriesContext`` without transaction control (BEGIN, COMMIT, SAVEPOINT…,
    which Django logs too: ``ATOMIC_REQUESTS`` wraps every view in one)."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(control)]


def rows_shown(html: str) -> int:
    """Table rows with a link in the page's table bodies (the rows of a list page)."""
    bodies = re.findall(r"<tbody.*?</tbody>", html, flags=re.DOTALL)
    return sum(len(re.findall(r"<tr\b(?:(?!</tr>).)*?<a\s", body, flags=re.DOTALL)) for body in bodies)
