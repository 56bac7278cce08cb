"""Every named URL of the project, the real object each URL kwarg points at, and one request per
role: the machinery behind the permission matrix (``matrix.py`` holds the expectations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: URL names left out of the matrix, with the reason. Everything else must have an entry.
EXCLUDED = {
    "login": "django.contrib.auth: public by design, tested by Django (and rate-limited by axes)",
    "logout": "django.contrib.auth: ends the session of whoever calls it",
    "password_change": "django.contrib.auth: the user's own password, login_required in Django",
    "password_change_done": "django.contrib.auth: static confirmation page",
    "password_reset": "django.contrib.auth: public by design (e-mail link)",
    "password_reset_done": "django.contrib.auth: static confirmation page",
    "password_reset_confirm": "django.contrib.auth: guarded by the signed token",
    "password_reset_complete": "django.contrib.auth: static confirmation page",
    "set_language": "public: sets the language cookie, and for a signed-in person only their own language",
    "schema": "drf-spectacular: the OpenAPI document, fuzzed by test_zero_500s.py",
    "api_docs": "drf-spectacular: Swagger UI shell that loads the schema",
    "api_redoc": "drf-spectacular: ReDoc shell that loads the schema",
}
#: Namespaces left out entirely: the Django admin (staff only, Django's own permission checks).
EXCLUDED_NAMESPACES = {"admin": "django.contrib.admin: staff only, model permissions checked by Django"}

#: The object a ``pk`` kwarg points at, by the URL name's prefix (the longest matching prefix wins).
#: Page names use ``app_…``; DRF router names are ``basename-list|detail|<action>``.
PK_OBJECTS = {
    # committees pages and API
    "committee_": "committee",
    "assign_role": "committee",
    "end_role": "role_assignment",
    "person_detail": "person",
    "rule_set_": "rule_set",
    "committee-": "committee",
    "person-": "person",
    "roleassignment-": "role_assignment",
    "portfolio-": "portfolio",
    "ruleset-": "rule_set",
    # reporting pages and API
    "notification_": "notification",
    "notification-": "notification",
    "deadline-": "deadline",
    "emergencies_": "emergency",
    "emergencies_attachment": "emergency_attachment",
    "emergency-": "emergency",
    "leave_": "leave_request",
    "leave_decide": "leave_step",
    "leave_calendar": "committee",
    "leave_presence": "committee",
    "leave_summary": "committee",
    "leave-request-": "leave_request",
    "leave-step-": "leave_step",
    "personal_report_": "personal_report",
    "personal_family_": "family_event",
    "personalmatterreport-": "personal_report",
    "familyeventdeclaration-": "family_event",
    "petitions_": "petition",
    "petition-": "petition",
    "periodic_": "periodic",
    "grassroots_committee": "committee",
    "openness_committee": "committee",
    "interviews_committee": "committee",
    "interview_detail": "interview",
    "interview_act": "interview",
    "interview-request-": "interview",
    "interview_day": "interview_day",
    "interview-day-": "interview_day",
    "interview_card": "interview_card",
    "opinion_": "opinion_entry",
    "opinion-entry-": "opinion_entry",
    "opinions_summary": "committee",
    "proposal_": "proposal",
    "proposal-": "proposal",
    "proposals_report": "committee",
    "talk_": "talk",
    "talks_committee": "committee",
    "openness_check": "openness_check",
    "openness-check-": "openness_check",
    "worklog_week": "committee",
    "work-log-": "work_log",
    "grassroots_entry": "grassroots_entry",
    "grassroots-entry-": "grassroots_entry",
    "grassroots-floor-": "grassroots_floor",
    "periodic-report-": "periodic",
    # meetings pages and API
    "meetings_": "meeting",
    "meetings_item": "item",
    "meetings_vote_open": "item",
    "meetings_vote": "vote",
    "meetings_attachment": "attachment",
    "meetings_opinion_file": "opinion",
    "meetings_acknowledge": "notice_recipient",
    "meetings_cadence": "committee",
    "meetings_emergency_": "emergency_handling",
    "meetings_decision": "decision",
    "meetings_minutes": "minutes",
    "meetings_archive": "committee",
    "meeting-": "meeting",
    "agendaitem-": "item",
    "attendance-": "attendance",
    "stance-": "stance",
    "writtenopinion-": "opinion",
    "vote-": "vote",
    "decision-": "decision",
    "minutes-": "minutes",
    # democratic life (DL) pages and API
    "democratic_life_": "dl_record",
    "democratic_life_material_file": "dl_material",
    "democratic_life_measure_complete": "dl_measure",
    "democratic_life_decide": "dl_postponement",
    "democratic-life-": "dl_record",
    "democratic-life-postponement-": "dl_postponement",
    "democratic-life-measure-": "dl_measure",
    # evaluation pages and API
    "evaluation_": "evaluation",
    "evaluation_subject_action": "evaluation_subject",
    "evaluation_talk_": "admonishment_talk",
    "evaluation_report_": "annual_report",
    "evaluation-": "evaluation",
    "admonishment-talk-": "admonishment_talk",
    "annual-report-": "annual_report",
    # supervision pages and API
    "supervision_": "supervision_item",
    "supervision_case_": "case",
    "supervision_inspection_": "inspection",
    "supervision_inquiry_": "letter_inquiry",
    "supervision_case_open": "supervision_item",
    "supervision_decision_": "decision",
    "supervision-item-": "supervision_item",
    "inspection-": "inspection",
    "accountability-case-": "case",
    "letter-inquiry-": "letter_inquiry",
}


def object_key_for_pk(name: str) -> str:
    matches = [prefix for prefix in PK_OBJECTS if name.startswith(prefix)]
    if not matches:
        raise LookupError(f"No object for the pk of {name!r}: add its prefix to PK_OBJECTS in {__name__}")
    return PK_OBJECTS[max(matches, key=len)]


def url_kwargs(name: str, kwarg_names: tuple[str, ...], world) -> dict:
    """Real values for the kwargs of URL ``name`` in ``world`` (see world.py)."""
    objects = world.objects
    values = {}
    for kwarg in kwarg_names:
        if kwarg == "pk":
            values[kwarg] = objects[object_key_for_pk(name)].pk
        elif kwarg == "committee_pk":
            values[kwarg] = world.home.pk
        elif kwarg == "item_pk":
            values[kwarg] = objects["supervision_item"].pk
        elif kwarg == "year":
            values[kwarg] = 2026
        elif kwarg == "token":
            values[kwarg] = objects["feed_token"]
        elif kwarg == "kind":
            values[kwarg] = objects["periodic_received"].kind
        elif kwarg == "start":
            values[kwarg] = objects["periodic_received"].period_start.isoformat()
        elif kwarg == "source":
            values[kwarg] = "item"  # supervision.sources: a case opened from a supervision item
        elif kwarg == "action":
            if name.startswith("evaluation_"):
                values[kwarg] = "problems"
            elif name.startswith("interview_"):
                values[kwarg] = "schedule"  # the leader sets the appointment
            elif name.startswith("talks_"):
                values[kwarg] = "line"  # the organisation department adds a line
            elif name.startswith("proposal_"):
                values[kwarg] = "accept"  # the committee accepts
            elif name.startswith("opinion_"):
                values[kwarg] = "analyse"  # the party office analyses
            else:
                values[kwarg] = "urge"
        elif kwarg == "form_name":
            values[kwarg] = "approval"
        else:
            raise LookupError(f"No value for kwarg {kwarg!r} of {name!r}: add it to url_kwargs in {__name__}")
    return values


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespace


def all_routes() -> dict[str, Route]:
    """Every named URL (recursively, DRF routers included), by name; format-suffix variants of
    the DRF routes (``.json``) collapse into their base route."""
    routes: dict[str, Route] = {}
    for text, pattern, namespace in _walk(get_resolver().url_patterns):
        if namespace in EXCLUDED_NAMESPACES or not pattern.name:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        kwargs = tuple(k for k in pattern.pattern.regex.groupindex if k != "format")
        if "format" in pattern.pattern.regex.groupindex and name in routes:
            continue
        routes.setdefault(name, Route(name, text, kwargs))
    return routes


def matrix_routes() -> dict[str, Route]:
    return {name: route for name, route in all_routes().items() if name not in EXCLUDED}


_LOGIN_URL = None


def status_of(response) -> str:
    """The status as the matrix writes it: ``login`` for a redirect to the login page."""
    global _LOGIN_URL
    if _LOGIN_URL is None:
        _LOGIN_URL = resolve_url(settings.LOGIN_URL)
    if response.status_code == 302 and response["Location"].startswith(_LOGIN_URL):
        return "login"
    return str(response.status_code)


def request_status(client: Client, method: str, url: str) -> str:
    """One request whose effects are rolled back, so every cell starts from the same world."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return status_of(response)


def url_for(route: Route, world) -> str:
    return reverse(route.name, kwargs=url_kwargs(route.name, route.kwargs, world))


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client
