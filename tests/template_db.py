"""The test databases: migrated once into a template, cloned for every pytest-xdist worker.

Replaying the migrations costs about half a minute of CPU on this machine (rendering the
migration state of ~150 models, half of them history tables, dominates), and every xdist worker
used to pay it. Now the controller migrates ``test_<name>_template`` once – a subprocess running
``manage.py migrate`` against it, so the real migrations (data migrations included) are what the
tests run on – and each worker starts from ``CREATE DATABASE test_<name>_gwN TEMPLATE …``, which
takes a second. The template carries a fingerprint of the migration files and the installed
packages (a comment on the database) and is rebuilt whenever either changes, or with
``pytest --create-db``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
# One lock for everything that creates or drops test databases on this server.
LOCK_KEY = 7_311_950_2026


def fingerprint() -> str:
    """Changes with any migration file, any installed package version and the backend."""
    digest = hashlib.sha256()
    for path in [*sorted(ROOT.glob("*/migrations/*.py")), ROOT / "config" / "postgresql" / "base.py"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for line in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(line.encode())
    return digest.hexdigest()[:32]


def admin_connection(db: dict, **options) -> psycopg.Connection:
    """A connection to the server's ``postgres`` database (creating and dropping databases)."""
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        **options,
    )


def template_name(db: dict) -> str:
    return f"test_{db['NAME']}_template"


def ensure_template(db: dict, *, rebuild: bool = False) -> tuple[str, float | None]:
    """The migrated template database; returns its name and the seconds spent building it
    (None when an up-to-date one was there)."""
    name = template_name(db)
    wanted = fingerprint()
    with admin_connection(db) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            row = admin.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if row is not None and row[0] == wanted and not rebuild:
                return name, None
            started = time.monotonic()
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            # LC_CTYPE C.UTF-8: pg_trgm must see Chinese characters as alphanumeric (config.postgresql).
            admin.execute(
                sql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                ).format(sql.Identifier(name))
            )
            _migrate(db, name)
            admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(wanted)))
            return name, time.monotonic() - started
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _migrate(db: dict, name: str) -> None:
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "TEST_DATABASE_URL": url}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"Migrating the template database {name} failed:\n{done.stdout}{done.stderr}")


def clone(db: dict, template: str, target: str) -> None:
    """``target`` afresh as a copy of ``template`` (a leftover of an interrupted run is dropped)."""
    with admin_connection(db) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(target), sql.Identifier(template))
            )
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def drop(db: dict, target: str) -> None:
    with admin_connection(db) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))
