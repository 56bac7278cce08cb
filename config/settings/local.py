"""``make run`` and a developer's machine (the default module): embedded defaults that need no
server – SQLite and kombu's filesystem broker under ``var/``, so the demo's reminders fire too.
``DATABASE_URL`` / ``CELERY_BROKER_URL`` switch to PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import VAR_DIR, database, env

DATABASES = {"default": database(env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dangwei.sqlite3'}"))}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    # kombu's filesystem transport needs its folders to exist.
    for _folder in (_broker_dir, VAR_DIR / "celery-processed", VAR_DIR / "celery-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
