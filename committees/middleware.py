import functools
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user picked another language with the switch.

    Django's own middleware follows the browser's Accept-Language; office computers often run
    English browsers, and the interface must still open in Chinese.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code and translation.check_for_language(code):
            language = translation.get_supported_language_variant(code)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# --- Sessions: idle timeout and absolute lifetime ------------------------------------------------

SESSION_LOGIN_AT = "dangwei_login_at"
SESSION_ACTIVE_AT = "dangwei_active_at"
ACTIVITY_RESOLUTION = 60  # seconds


@receiver(user_logged_in)
def _record_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_ACTIVE_AT] = now


class SessionLifetimeMiddleware:
    """Log out after ``DANGWEI_SESSION_IDLE_TIMEOUT`` seconds without activity and
    ``DANGWEI_SESSION_MAX_AGE`` seconds after log-in, however active the user is (0 turns either off).

    htmx GET requests (the deadline table and the vote panel poll every few seconds) do not count
    as activity, so a page left open still times out. Other sessions of a user end on a password
    change through Django's session auth hash; this only bounds a session's own life.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.DANGWEI_SESSION_IDLE_TIMEOUT or settings.DANGWEI_SESSION_MAX_AGE
        ) and request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        now = int(time.time())
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        if login_at is None:  # logged in before this module was loaded (tests' force_login)
            last_login = request.user.last_login
            login_at = int(last_login.timestamp()) if last_login else now
        active_at = session.get(SESSION_ACTIVE_AT, login_at)
        max_age, idle_timeout = settings.DANGWEI_SESSION_MAX_AGE, settings.DANGWEI_SESSION_IDLE_TIMEOUT
        if (max_age and now - login_at >= max_age) or (idle_timeout and now - active_at >= idle_timeout):
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return
        is_polling = request.headers.get("HX-Request") == "true" and request.method == "GET"
        # Save at most once a minute: a page of many requests costs no extra session writes.
        if not is_polling and now - active_at >= ACTIVITY_RESOLUTION:
            session[SESSION_ACTIVE_AT] = now


# --- Content Security Policy (stand-in for Django 6.0's) -----------------------------------------
# Same settings (SECURE_CSP, SECURE_CSP_REPORT_ONLY), the same nonce sentinel and the same template
# variable ({{ csp_nonce }}) as django.middleware.csp; config/settings.py picks Django's own on 6.0,
# after which everything below can be deleted.

CSP_NONCE_SENTINEL = "<CSP_NONCE_SENTINEL>"


class _LazyNonce:
    """A nonce made on first use: a response whose page never printed it carries none."""

    def __init__(self):
        self.value = None

    def __str__(self):
        if self.value is None:
            self.value = secrets.token_urlsafe(16)
        return self.value

    def __bool__(self):
        return self.value is not None


def _build_policy(config: dict, nonce: _LazyNonce) -> str:
    directives = []
    for directive, values in config.items():
        if values is True:
            directives.append(directive)
            continue
        if values is False or values is None:
            continue
        sources = [
            (f"'nonce-{nonce}'" if nonce else None) if value == CSP_NONCE_SENTINEL else value for value in values
        ]
        directives.append(" ".join([directive, *(source for source in sources if source)]))
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._csp_nonce = _LazyNonce()
        response = self.get_response(request)
        for setting, override, header in (
            ("SECURE_CSP", "_csp_config", "Content-Security-Policy"),
            ("SECURE_CSP_REPORT_ONLY", "_csp_ro_config", "Content-Security-Policy-Report-Only"),
        ):
            # A view may set its own policy like Django 6.0's csp_override decorator does ({} = none).
            config = getattr(response, override, getattr(settings, setting, None))
            if config and header not in response:
                response.headers[header] = _build_policy(config, request._csp_nonce)
        return response


def csp_override(config: dict):
    """View decorator: this view's own policy ({} = none), as django.views.decorators.csp.csp_override."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._csp_config = config
            return response

        return wrapped

    return decorator


def csp(request):
    """Template context processor: ``{{ csp_nonce }}`` (django.template.context_processors.csp on 6.0)."""
    return {"csp_nonce": getattr(request, "_csp_nonce", "")}
