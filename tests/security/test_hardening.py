"""Configuration hardening (issue 8): deployment check, CSP, cookies, session lifetime, lockout,
bandit, uploads.

Production values are checked in a subprocess that loads ``config.settings.production`` with the environment
of a production host, because the test settings turn https and session limits off.
"""

import base64
import datetime
import importlib
import io
import json
import os
import pkgutil
import re
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from committees.uploads import UploadValidator, validate_document, validate_pdf

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Right-pass-123"
T0 = datetime.datetime(2026, 11, 25, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Shanghai

# ------------------------------------------------------------------ production settings


def production_env(tmp_path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DANGWEI_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="dangwei.example.gov.cn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://dangwei.example.gov.cn",
        DATABASE_URL="postgres://dangwei@127.0.0.1:5432/dangwei",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        DANGWEI_VAR_DIR=str(tmp_path),
    )
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def production_settings(tmp_path, names, **extra) -> dict:
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run([sys.executable, "-c", script], production_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr.upper()


def test_without_a_secret_key_the_installation_makes_its_own_and_keeps_it(tmp_path):
    """Issue 18: the server used to fall back to a key written in the code, with which anyone could
    forge sessions and calendar feed addresses. Now it is this installation's own random key,
    private to its owner, the same on every start; another installation has another."""
    first = production_settings(tmp_path, ["SECRET_KEY"], DJANGO_SECRET_KEY=None)["SECRET_KEY"]
    again = production_settings(tmp_path, ["SECRET_KEY"], DJANGO_SECRET_KEY=None)["SECRET_KEY"]
    elsewhere = production_settings(tmp_path / "other", ["SECRET_KEY"], DJANGO_SECRET_KEY=None)["SECRET_KEY"]
    assert first == again != elsewhere
    assert len(first) >= 50 and "insecure" not in first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path, DJANGO_SECRET_KEY=None),
    )
    assert "security.W009" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key_when_required(tmp_path):
    result = run(
        [sys.executable, "manage.py", "check"],
        production_env(tmp_path, DJANGO_SECRET_KEY=None, DJANGO_REQUIRE_SECRET_KEY="1"),
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_its_database_and_broker(tmp_path):
    for variable in ("DATABASE_URL", "CELERY_BROKER_URL"):
        result = run([sys.executable, "manage.py", "check"], production_env(tmp_path, **{variable: None}))
        assert result.returncode != 0
        assert f"Set the {variable} environment variable" in result.stderr


def test_values_starting_with_a_dollar_are_read_as_they_were_set(tmp_path):
    """Issue 17: django-environ would read ``$NAME`` as the value of the variable NAME – a random
    secret key or a password may well start with "$"."""
    key = "$" + secrets.token_urlsafe(50)
    values = production_settings(
        tmp_path,
        ["SECRET_KEY", "DANGWEI_BALLOT_KEY", "EMAIL_HOST_PASSWORD"],
        DJANGO_SECRET_KEY=key,
        DANGWEI_BALLOT_KEY="$HOME",
        EMAIL_HOST_PASSWORD=r"$$pa\$s$",
    )
    assert values == {"SECRET_KEY": key, "DANGWEI_BALLOT_KEY": "$HOME", "EMAIL_HOST_PASSWORD": r"$$pa\$s$"}


SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "DANGWEI_SESSION_IDLE_TIMEOUT",
    "DANGWEI_SESSION_MAX_AGE",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_MAX_MEMORY_SIZE",
    "DANGWEI_MAX_UPLOAD_MB",
]


def test_production_defaults_are_secure(tmp_path):
    values = production_settings(tmp_path, SECURITY_SETTINGS)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["CSRF_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["DANGWEI_SESSION_IDLE_TIMEOUT"] == 30 * 60
    assert values["DANGWEI_SESSION_MAX_AGE"] == 12 * 3600
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024
    assert values["FILE_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024
    assert values["DANGWEI_MAX_UPLOAD_MB"] == 20


def test_make_run_serves_plain_http_with_debug(tmp_path):
    """``make run`` sets DJANGO_DEBUG=1 and serves http://127.0.0.1:8000 without a key."""
    names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"]
    env = {"DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": None, "DJANGO_ALLOWED_HOSTS": None}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": None, "CELERY_BROKER_URL": None}
    values = production_settings(tmp_path, names, **env)
    assert values == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
    }


def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("login")).status_code == 301


# ------------------------------------------------------------------ Content Security Policy


@pytest.mark.django_db  # ATOMIC_REQUESTS: the login page opens a transaction
def test_pages_carry_a_strict_csp_with_the_nonce_they_print(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["style-src"].startswith("'self'")


@pytest.mark.django_db  # ATOMIC_REQUESTS: the login page opens a transaction
def test_each_response_gets_its_own_nonce(client):
    first = client.get(reverse("login")).headers["Content-Security-Policy"]
    second = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group() != re.search(r"'nonce-[^']+'", second).group()


@pytest.mark.django_db  # ATOMIC_REQUESTS: the login page opens a transaction
def test_htmx_evaluates_nothing_and_inserts_no_style_of_its_own(client):
    page = client.get(reverse("login")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1))
    assert config == {"allowEval": False, "allowScriptTags": False, "includeIndicatorStyles": False}


def html_templates():
    folders = [
        ROOT / "templates",
        *(ROOT / app / "templates" for app in ("committees", "meetings", "supervision", "reporting")),
    ]
    return [path for folder in folders if folder.exists() for path in folder.rglob("*.html")]


def test_no_template_has_an_inline_script_without_the_nonce_or_an_event_handler_attribute():
    problems = []
    for path in html_templates():
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag:
                problems.append(f"{path}: {tag}")
        problems += [f"{path}: {found}" for found in re.findall(r"\son[a-z]+=\"", text)]
        problems += [f"{path}: {found}" for found in re.findall(r"javascript:", text)]
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["api_docs", "api_redoc"])
def test_the_api_documentation_pages_put_the_nonce_on_their_inline_parts(client, django_user_model, url_name):
    client.force_login(django_user_model.objects.create_user("someone", password=PASSWORD))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    page = response.content.decode()
    inline = [tag for tag in re.findall(r"<(?:script|style)\b[^>]*>", page) if "src=" not in tag]
    assert inline
    assert all(f'nonce="{nonce}"' in tag for tag in inline), inline
    assert "fonts.googleapis.com" not in page


def test_a_view_can_carry_its_own_policy(rf, settings):
    """For Redoc, whose styled-components insert <style> elements without a nonce."""
    from django.http import HttpResponse
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.views.decorators.csp import csp_override

    relaxed = {**settings.SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
    view = csp_override(relaxed)(lambda request: HttpResponse("ok"))
    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert "style-src 'self' 'unsafe-inline'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]  # no nonce printed, none sent
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert "style-src 'self';" in plain.headers["Content-Security-Policy"]


# ------------------------------------------------------------------ cookies


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client, settings, django_user_model):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    django_user_model.objects.create_user("someone", password=PASSWORD)
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302
    session, csrf = response.cookies[settings.SESSION_COOKIE_NAME], response.cookies[settings.CSRF_COOKIE_NAME]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"
    assert csrf["httponly"] and csrf["secure"] and csrf["samesite"] == "Lax"


def test_htmx_takes_the_csrf_token_from_the_page_not_from_the_cookie():
    """CSRF_COOKIE_HTTPONLY is only safe while no script reads the cookie."""
    base = (ROOT / "templates" / "base.html").read_text()
    assert """hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'""" in base
    assert not any("document.cookie" in path.read_text() for path in (ROOT / "static").rglob("*.js"))


# ------------------------------------------------------------------ session lifetime


@pytest.fixture
def limited_sessions(settings):
    settings.DANGWEI_SESSION_IDLE_TIMEOUT = 30 * 60
    settings.DANGWEI_SESSION_MAX_AGE = 12 * 3600


@pytest.fixture
def logged_in(client, django_user_model, time_machine, limited_sessions):
    django_user_model.objects.create_user("someone", password=PASSWORD)
    time_machine.move_to(T0, tick=False)
    assert client.post(reverse("login"), {"username": "someone", "password": PASSWORD}).status_code == 302
    return client


def is_logged_in(client, headers=None) -> bool:
    response = client.get(reverse("password_change"), headers=headers or {})
    assert response.status_code in {200, 302}
    return response.status_code == 200


def at(time_machine, **delta):
    time_machine.move_to(T0 + datetime.timedelta(**delta), tick=False)


@pytest.mark.django_db
def test_session_survives_29_minutes_59_seconds_idle_twice(logged_in, time_machine):
    at(time_machine, minutes=29, seconds=59)
    assert is_logged_in(logged_in)
    at(time_machine, minutes=59, seconds=58)
    assert is_logged_in(logged_in)


@pytest.mark.django_db
def test_session_ends_after_exactly_30_idle_minutes(logged_in, time_machine):
    at(time_machine, minutes=10)
    assert is_logged_in(logged_in)
    at(time_machine, minutes=40)
    assert not is_logged_in(logged_in)
    assert SESSION_KEY not in logged_in.session
    at(time_machine, minutes=40, seconds=1)
    assert not is_logged_in(logged_in)  # really logged out, not only refused once


@pytest.mark.django_db
def test_the_ended_session_says_why_on_the_login_page(logged_in, time_machine):
    at(time_machine, minutes=31)
    page = logged_in.get(reverse("password_change"), follow=True)
    assert page.request["PATH_INFO"] == reverse("login")
    with translation.override("zh-hans"):
        assert translation.gettext("Your session has ended. Please log in again.") in page.content.decode()


@pytest.mark.django_db
def test_htmx_polling_does_not_keep_an_idle_session_alive(logged_in, time_machine):
    for minute in (5, 15, 25):
        at(time_machine, minutes=minute)
        assert is_logged_in(logged_in, {"HX-Request": "true"})
    at(time_machine, minutes=30)
    assert not is_logged_in(logged_in)


@pytest.mark.django_db
def test_session_ends_12_hours_after_log_in_however_active(logged_in, time_machine):
    for minutes in range(20, 12 * 60, 20):
        at(time_machine, minutes=minutes)
        assert is_logged_in(logged_in), minutes
    at(time_machine, hours=11, minutes=59, seconds=59)
    assert is_logged_in(logged_in)
    at(time_machine, hours=12)
    assert not is_logged_in(logged_in)


@pytest.mark.django_db
def test_logging_in_again_starts_a_new_12_hours(logged_in, time_machine):
    at(time_machine, hours=12)
    assert not is_logged_in(logged_in)
    assert logged_in.post(reverse("login"), {"username": "someone", "password": PASSWORD}).status_code == 302
    at(time_machine, hours=12, minutes=1)
    assert is_logged_in(logged_in)


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions_but_not_this_one(django_user_model):
    django_user_model.objects.create_user("someone", password=PASSWORD)
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post(reverse("login"), {"username": "someone", "password": PASSWORD}).status_code == 302
        assert is_logged_in(client)
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "New-pass-4567", "new_password2": "New-pass-4567"},
    )
    assert response.status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)


# ------------------------------------------------------------------ login lockout (django-axes)


@pytest.mark.django_db
def test_one_failure_short_of_the_limit_still_logs_in(client, django_user_model):
    django_user_model.objects.create_user("target", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "target", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "target", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_limit_of_failures_locks_with_the_translated_page(client, django_user_model):
    django_user_model.objects.create_user("target", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "target", "password": "wrong"})
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert "账号已锁定" in locked.content.decode()
    again = client.post(reverse("login"), {"username": "target", "password": PASSWORD})
    assert again.status_code == 429
    assert SESSION_KEY not in client.session


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.django_db
def test_failed_basic_logins_on_the_api_lock_the_account_too(client, django_user_model):
    """Issue 17: DRF rolls a request back when it answers an error under ATOMIC_REQUESTS, and with
    it the failure django-axes recorded (jazzband/django-axes#628); committees.api keeps it."""
    django_user_model.objects.create_user("target", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        refused = client.get("/api/committees/", HTTP_AUTHORIZATION=basic_auth("target", "wrong"))
        assert refused.status_code == 403  # SessionAuthentication first: no WWW-Authenticate, so 403
    assert AccessAttempt.objects.get(username="target").failures_since_start == settings.AXES_FAILURE_LIMIT
    locked = client.get("/api/committees/", HTTP_AUTHORIZATION=basic_auth("target", PASSWORD))
    assert locked.status_code == 403
    assert client.post(reverse("login"), {"username": "target", "password": PASSWORD}).status_code == 429


# ------------------------------------------------------------------ bandit


BANDIT_PATHS = ["config", "committees", "meetings", "supervision", "reporting"]
BANDIT_ONE_LINE = ["-f", "custom", "--msg-template", "{relpath}:{line} {test_id} {msg}"]


def test_bandit_finds_no_issue():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", *BANDIT_PATHS, "-x", "*/migrations/*", "-q", *BANDIT_ONE_LINE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert result.stdout.strip() == ""


# ------------------------------------------------------------------ uploads


def docx_bytes(main_part="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


GOOD_FILES = {
    "纪要.pdf": b"%PDF-1.7\n...",
    "照片.png": b"\x89PNG\r\n\x1a\n....",
    "照片.jpg": b"\xff\xd8\xff\xe0....",
    "照片.JPEG": b"\xff\xd8\xff\xe1....",
    "汇报.docx": docx_bytes(),
    "台账.xlsx": xlsx_bytes(),
    "说明.txt": "情况说明：已整改。".encode(),
    "说明-gbk.txt": "情况说明：已整改。".encode("gb18030"),
}


@pytest.mark.parametrize("name", GOOD_FILES)
def test_allowed_types_with_matching_content_pass(name):
    validate_document(SimpleUploadedFile(name, GOOD_FILES[name]))


BAD_FILES = {
    "program.exe": b"MZ\x90\x00",
    "program.pdf": b"MZ\x90\x00",  # an executable renamed
    "page.html": b"<script>alert(1)</script>",
    "page.svg": b"<svg onload='alert(1)'/>",
    "macro.docm": docx_bytes(),
    "汇报.docx": docx_bytes("xl/workbook.xml"),  # a workbook named .docx
    "台账.xlsx": docx_bytes(),  # a document named .xlsx
    "archive.docx": b"PK\x03\x04 not a zip",
    "照片.png": b"\xff\xd8\xff\xe0",  # a JPEG named .png
    "binary.txt": b"abc\x00def",
    "no-extension": b"%PDF-1.7",
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_other_types_and_disguised_content_are_refused(name):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, BAD_FILES[name]))
    assert error.value.code in {"file_type_not_allowed", "file_content_mismatch"}


def test_size_limit_exactly_the_limit_passes_one_byte_more_fails(settings):
    settings.DANGWEI_MAX_UPLOAD_MB = 1
    validate_document(SimpleUploadedFile("a.txt", b"a" * (1024 * 1024)))
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("a.txt", b"a" * (1024 * 1024 + 1)))
    assert error.value.code == "file_too_large"


def test_the_minutes_verification_takes_only_pdf():
    validate_pdf(SimpleUploadedFile("纪要.pdf", GOOD_FILES["纪要.pdf"]))
    with pytest.raises(ValidationError) as refused:
        validate_pdf(SimpleUploadedFile("汇报.docx", GOOD_FILES["汇报.docx"]))
    assert refused.value.code == "file_type_not_allowed"


def test_the_validator_reads_from_the_start_and_leaves_the_file_at_the_start():
    upload = SimpleUploadedFile("纪要.pdf", GOOD_FILES["纪要.pdf"])
    upload.read(3)
    validate_document(upload)
    assert upload.read() == GOOD_FILES["纪要.pdf"]


def test_an_unknown_extension_cannot_be_configured():
    with pytest.raises(ValueError, match="exe"):
        UploadValidator(["pdf", "exe"])


def upload_fields():
    from meetings.democratic_life.api import AddMaterialSerializer
    from meetings.democratic_life.api import ReportSerializer as DLReportSerializer
    from meetings.democratic_life.forms import MaterialForm
    from meetings.democratic_life.forms import ReportForm as DLReportForm
    from meetings.forms import AttachmentForm, VerifyForm, WrittenOpinionForm
    from reporting.emergencies.forms import FollowUpForm, ReportForm
    from reporting.periodic.api import SubmitSerializer
    from reporting.periodic.forms import SubmitForm
    from supervision.forms import FeedbackForm

    return {
        "meetings.AttachmentForm.file": (AttachmentForm.base_fields["file"], validate_document),
        "meetings.WrittenOpinionForm.file": (WrittenOpinionForm.base_fields["file"], validate_document),
        "meetings.VerifyForm.file": (VerifyForm.base_fields["file"], validate_pdf),
        "emergencies.ReportForm.attachments": (ReportForm.base_fields["attachments"], validate_document),
        "emergencies.FollowUpForm.attachments": (FollowUpForm.base_fields["attachments"], validate_document),
        "periodic.SubmitForm.attachment": (SubmitForm.base_fields["attachment"], validate_document),
        "periodic.SubmitSerializer.attachment": (SubmitSerializer().fields["attachment"], validate_document),
        "supervision.FeedbackForm.attachment": (FeedbackForm.base_fields["attachment"], validate_document),
        "democratic_life.MaterialForm.file": (MaterialForm.base_fields["file"], validate_document),
        "democratic_life.ReportForm.attachment": (DLReportForm.base_fields["attachment"], validate_document),
        "democratic_life.AddMaterialSerializer.file": (AddMaterialSerializer().fields["file"], validate_document),
        "democratic_life.ReportSerializer.attachment": (DLReportSerializer().fields["attachment"], validate_document),
    }


def upload_forms_and_serializers():
    """Every form and serializer class defined in a forms or api module of the four apps."""
    from django import forms
    from rest_framework import serializers

    for app in ("committees", "meetings", "supervision", "reporting"):
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if module_info.name.rsplit(".", 1)[-1] not in {"forms", "api"}:
                continue
            module = importlib.import_module(module_info.name)
            for cls in vars(module).values():
                if isinstance(cls, type) and cls.__module__ == module.__name__:
                    if issubclass(cls, forms.BaseForm):
                        yield module.__name__, cls, cls.base_fields, forms.FileField
                    elif issubclass(cls, serializers.Serializer):
                        yield module.__name__, cls, cls._declared_fields, serializers.FileField


def test_every_upload_field_is_limited():
    for name, (field, validator) in upload_fields().items():
        assert validator in field.validators, name
    # A new upload field must be added to the list above (and get a validator).
    found = {
        f"{module.split('.')[-2]}.{cls.__name__}.{name}"
        for module, cls, fields, file_field in upload_forms_and_serializers()
        for name, field in fields.items()
        if isinstance(field, file_field)
    }
    assert found == set(upload_fields())


@pytest.mark.django_db
def test_a_refused_upload_is_a_translated_form_error():
    from reporting.periodic.forms import SubmitForm

    with translation.override("zh-hans"):
        form = SubmitForm({"text": ""}, {"attachment": SimpleUploadedFile("program.pdf", b"MZ\x90\x00")})
        assert not form.is_valid()
        assert form.errors["attachment"] == [
            translation.gettext("The content of the file is not a .%(extension)s file.") % {"extension": "pdf"}
        ]
