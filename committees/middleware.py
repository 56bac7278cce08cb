import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

#: The language the signed-in person picked (``Person.language``), put in the session at log-in:
#: the interface follows it on a computer where the switch was never used (no cookie).
SESSION_LANGUAGE = "dangwei_language"


@receiver(user_logged_in)
def _language_of_the_person(sender, request, user, **kwargs):
    language = getattr(getattr(user, "person", None), "language", "")
    if request is not None and hasattr(request, "session") and language:
        request.session[SESSION_LANGUAGE] = language


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user picked another language with the switch (the cookie, or
    at log-in the language saved for the person).

    Django's own middleware follows the browser's Accept-Language; office computers often run
    English browsers, and the interface must still open in Chinese.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or request.session.get(SESSION_LANGUAGE)
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


class StepsChangedMiddleware:
    """A POST, PUT, PATCH or DELETE that succeeded may have added or ended a step waiting for
    someone: the header's cached to-do counts are recomputed for everyone on their next page
    (``committees.todo.steps_changed``). It runs after the view's transaction committed
    (``ATOMIC_REQUESTS`` wraps the view only), so no page counts before the change is visible and
    keeps the old figure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400:
            from . import todo

            todo.steps_changed()
        return response


class NoStoreMiddleware:
    """Pages and API answers carry personal data (reports, petitions, leave, votes): no browser,
    proxy or back-button cache may keep them. Every answer that did not set its own
    ``Cache-Control`` gets ``no-store`` (static files are served by WhiteNoise before this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
