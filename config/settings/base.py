"""Settings shared by every installation, read from environment variables through one reader,
django-environ's ``env``. ``local`` (the default: ``make run``), ``production`` (the Docker image)
and ``test`` (pytest) add their database and broker; every variable is in the README's table.
"""

import os
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _


class _LiteralEnviron(Mapping):
    """The process environment as django-environ reads it, with each "$" escaped: django-environ
    takes a value starting with "$" for the name of another variable ("proxied values",
    joke2k/django-environ#98, #415), and a secret key or a password may start with one.
    ``escape_proxy`` turns the escapes back, so every value is read exactly as it was set."""

    def __getitem__(self, name: str) -> str:
        return os.environ[name].replace("$", r"\$")

    def __iter__(self) -> Iterator[str]:
        return iter(os.environ)

    def __len__(self) -> int:
        return len(os.environ)


env = environ.Env()
env.ENVIRON = _LiteralEnviron()
env.escape_proxy = True

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env.str("DANGWEI_VAR_DIR", default=str(BASE_DIR / "var")))


def local_secret_key(path: Path) -> str:
    """This installation's own random key, made on first use and kept in ``path`` (mode 0600), for
    runs without DJANGO_SECRET_KEY (the demo, a developer's machine). Never a key written in the
    code: with one, anyone could forge sessions and calendar feed addresses. Where ``path`` cannot
    be written (an image build running collectstatic), a key for this process only."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    except OSError:
        return key
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key


def database(config: dict, *, conn_max_age: int = 60) -> dict:
    """``DATABASES["default"]`` from a parsed database URL. PostgreSQL uses our backend, which
    creates databases with LC_CTYPE=C.UTF-8 so pg_trgm sees Chinese characters."""
    # STYLE.md: a request is one transaction; views opt out with transaction.non_atomic_requests.
    config = {**config, "CONN_MAX_AGE": conn_max_age, "ATOMIC_REQUESTS": True}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.update(ENGINE="config.postgresql", TEST={"TEMPLATE": "template0"})
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # The demo's web server, worker and beat write at once: take the write lock up front and
        # wait for it, instead of failing with "database is locked" (Django 5.1+).
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "timeout": 20, "transaction_mode": "IMMEDIATE"}
        # Not on SQLite: its one write lock would then be held by every page from start to end,
        # reads included – a year's archive export held it 5.7 s while the demo's worker and beat
        # waited (past 20 s they fail). The demo's requests stay in autocommit.
        config["ATOMIC_REQUESTS"] = False
    return config


def comma_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable, each item stripped, empty items dropped."""
    return [item for item in env.list(name, cast=str.strip, default=default) if item]


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and env.bool("DJANGO_REQUIRE_SECRET_KEY", default=False):
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")
# M-V6: the choices of an open secret ballot are stored encrypted under keys derived from this
# secret, which the database never holds (meetings/ballot_seal.py). Unset: derived from SECRET_KEY.
# Changing it (or SECRET_KEY, when unset) while a secret vote is open leaves that vote unclosable;
# earlier values may be listed in DANGWEI_BALLOT_KEY_FALLBACKS (comma-separated) until it closes.
DANGWEI_BALLOT_KEY = env.str("DANGWEI_BALLOT_KEY", default="")
DANGWEI_BALLOT_KEY_FALLBACKS = comma_list("DANGWEI_BALLOT_KEY_FALLBACKS", [])
# The local names stay allowed so container health checks reach the app.
ALLOWED_HOSTS = [*comma_list("DJANGO_ALLOWED_HOSTS", ["testserver"]), "localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = comma_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Behind an HTTPS reverse proxy: trust its X-Forwarded-Proto and X-Forwarded-For.
behind_proxy = env.bool("DJANGO_BEHIND_PROXY", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "axes",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "committees",
    "reporting",
    "meetings",
    "supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "committees.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "committees.middleware.SessionLifetimeMiddleware",
    "committees.middleware.NoStoreMiddleware",
    "committees.middleware.StepsChangedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware should be the last middleware (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "committees.context_processors.calendar_warnings",
                "committees.context_processors.main_navigation",
                "reporting.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# DATABASES: in local, production and test.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "committees.backends.PersonModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock the username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
if behind_proxy:
    # Count failures per client, not per proxy: take the address from X-Forwarded-For.
    AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# guardian: no anonymous user object is needed.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("DJANGO_MANIFEST_STATIC", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# E-mail: console in development; SMTP in production via EMAIL_HOST etc.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dangwei@localhost")

# Celery: the broker is set in local, production and test. State lives in the database; Celery
# only wakes scanners.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# PDF rendering (WeasyPrint) grows a worker; recycle a child above ~400 MB.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "committees.errors.RefusalSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "committees.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "committees.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dangwei API",
    "DESCRIPTION": "Committees, people, roles and rule sets of party committees.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema's own warnings (missing type hints, enum names) are not deployment problems:
    # keep them out of `check --deploy`; `manage.py spectacular --validate` reports them.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# HTTPS and cookies: secure unless DJANGO_DEBUG is on (``make run`` serves plain http on
# 127.0.0.1). Each can still be turned off on its own, e.g. on an intranet without TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=not DEBUG)
# The container health check calls http://127.0.0.1:8000/healthz from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the page (hx-headers in base.html), never from the cookie: no script
# needs to read it.
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Sessions end after 30 minutes without activity and 12 hours after log-in whatever the activity
# (committees.middleware.SessionLifetimeMiddleware). The cookie lives as long as the longest session.
DANGWEI_SESSION_IDLE_TIMEOUT = env.int("DANGWEI_SESSION_IDLE_MINUTES", default=30) * 60
DANGWEI_SESSION_MAX_AGE = env.int("DANGWEI_SESSION_MAX_HOURS", default=12) * 3600
SESSION_COOKIE_AGE = DANGWEI_SESSION_MAX_AGE or 12 * 3600

# How long a worker keeps the years whose official holiday schedule is entered (the banner every
# page shows when one is missing; committees.calendar.official_years).
DANGWEI_CALENDAR_YEARS_SECONDS = env.int("DANGWEI_CALENDAR_YEARS_SECONDS", default=60)


# The cache: the header's fragment and to-do counts (committees.todo.cached_counts). Every web
# worker must see the same one – a change made in one worker outdates the counts the others keep –
# so the production recipe names Redis (DANGWEI_CACHE_URL, by default the broker's); without it
# (the demo's single runserver) the process keeps its own.
def cache_settings(url: str, *, prefix: str = "dangwei") -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        # A Redis that does not answer within half a second is a cache miss, not a failed page.
        backend = {
            "BACKEND": "committees.cache.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"default": {**backend, "KEY_PREFIX": prefix}}


CACHES = cache_settings(env.str("DANGWEI_CACHE_URL", default=""))
# How long a user's to-do counts in the header are kept at most (a change made through a page or
# the API outdates them at once; a step that falls due with time shows within this time).
DANGWEI_TODO_COUNTS_SECONDS = env.int("DANGWEI_TODO_COUNTS_SECONDS", default=60)
# How long a user's scope – the committees they see and manage, the roles they hold today – is
# kept at most (committees/scope.py; any change of roles or permissions outdates it at once).
DANGWEI_SCOPE_SECONDS = env.int("DANGWEI_SCOPE_SECONDS", default=3600)

# A strict policy: scripts and styles from our own origin or carrying the per-response nonce;
# no 'unsafe-inline', no 'unsafe-eval' (htmx runs with allowEval off, see base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Uploads: at most DANGWEI_MAX_UPLOAD_MB per file (committees.uploads checks size and type);
# request bodies other than files stay small, larger files spool to disk.
DANGWEI_MAX_UPLOAD_MB = env.int("DANGWEI_MAX_UPLOAD_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Deadline engine (reporting): channels, retries and the reclaim timeout for stuck sends.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATION_CHANNELS = [
    "reporting.channels.InAppChannel",
    "reporting.channels.EmailChannel",
]
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_SENDING_TIMEOUT = env.int("NOTIFICATION_SENDING_TIMEOUT", default=300)
#: Seconds a failed delivery waits before its next attempt, doubled after each failure.
NOTIFICATION_RETRY_BACKOFF = env.int("NOTIFICATION_RETRY_BACKOFF", default=60)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
