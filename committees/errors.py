"""One way to fail (STYLE.md "Errors that cite the rule"; HackSoft's single exception handler).

A service refuses with :class:`committees.rules.RuleViolation` (the rulebook says no: its id and
article) or Django's ``ValidationError`` (the input is wrong: a message per field). Everything
that shows a refusal goes through here:

- the API answers every refusal in one JSON shape, ``{"rule": …, "detail": …, "fields": {…}}``
  (:func:`api_exception_handler`, documented in the OpenAPI schema by :class:`RefusalSchema`);
- a page puts it on its form (:func:`add_to_form`) or, for a one-button action that returns to
  another page, into the messages (:func:`add_to_messages`); ``with refusals_on(form):`` and
  ``with refusals_in_messages(request):`` around the service call do it without a try block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from .rules import RuleViolation

#: What a service raises when it refuses: the rulebook's no, or wrong input.
REFUSALS = (RuleViolation, ValidationError)

#: The keys DRF and Django use for errors that belong to no field.
_GENERAL_KEYS = {NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY, "detail"}


def refusal_body(*, rule: str | None = None, detail: str = "", fields: dict | None = None) -> dict:
    """The one JSON shape of every refused API request."""
    return {"rule": rule, "detail": detail, "fields": fields or {}}


def _texts(value) -> list[str]:
    """DRF error details (a string, a list or a nested dict of them) as flat strings."""
    if isinstance(value, dict):
        return [text for nested in value.values() for text in _texts(nested)]
    if isinstance(value, (list, tuple)):
        return [text for nested in value for text in _texts(nested)]
    return [str(value)]


def _split(errors: dict) -> tuple[list[str], dict[str, list[str]]]:
    """General messages and messages per field, from a ``{field: errors}`` mapping."""
    general, fields = [], {}
    for name, value in errors.items():
        if name in _GENERAL_KEYS:
            general.extend(_texts(value))
        else:
            fields[name] = _texts(value)
    return general, fields


def _validation_body(error: ValidationError | exceptions.ValidationError) -> dict:
    if isinstance(error, ValidationError):
        errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    else:
        errors = error.detail if isinstance(error.detail, dict) else {NON_FIELD_ERRORS: error.detail}
    general, fields = _split(errors)
    if not general:
        general = [f"{name}: {texts[0]}" for name, texts in fields.items()][:1]
    return refusal_body(detail=" ".join(general), fields=fields)


def api_exception_handler(exc, context):
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: a rule's refusal is 409 with its id, bad input 400
    with the fields, then 401/403/404/405/415/429 as DRF decides them – all in one shape."""
    if isinstance(exc, RuleViolation):
        set_rollback()  # like every other refusal under ATOMIC_REQUESTS: nothing of the request stays
        return Response(refusal_body(rule=exc.rule_id, detail=str(exc)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    # A failed log-in is the one thing a refused request keeps: django-axes recorded it in this
    # request's transaction, and without it the lockout would never come (jazzband/django-axes#628).
    # Authentication runs before the view does anything, so the failure is all there is to keep.
    connection = transaction.get_connection()
    keeps_failed_login = (
        isinstance(exc, exceptions.AuthenticationFailed)
        and connection.in_atomic_block
        and not connection.needs_rollback
    )
    response = drf_exception_handler(exc, context)
    if keeps_failed_login:
        transaction.set_rollback(False)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc, (Http404, DjangoPermissionDenied, exceptions.APIException)):
        data = response.data if isinstance(response.data, dict) else {"detail": response.data}
        rule = data.get("rule")  # a permission refusal that names its rule: 403 {"rule": "M-V8", …}
        response.data = refusal_body(
            rule=str(rule) if rule else None, detail=" ".join(_texts(data.get("detail", data)))
        )
    return response


def add_to_form(form, error: RuleViolation | ValidationError) -> None:
    """A refusal on the form that asked for it: the rule and its article above the form, a
    field's message beside the field (or above, when the form has no such field)."""
    if isinstance(error, RuleViolation):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def add_to_messages(request, error: RuleViolation | ValidationError) -> None:
    """A refusal of a one-button action, shown on the page the action returns to."""
    if isinstance(error, RuleViolation):
        messages.error(request, str(error))
        return
    for message in error.messages:
        messages.error(request, message)


class RefusalSerializer(serializers.Serializer):
    """What every refused request answers (documented once, referenced by every operation)."""

    rule = serializers.CharField(
        allow_null=True, help_text="The rule id when the rulebook refuses (409), e.g. M-Q2; null otherwise."
    )
    detail = serializers.CharField(help_text="The refusal in the user's language, citing the article for a rule.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (400).",
    )


class RefusalSchema(AutoSchema):
    """drf-spectacular: every operation documents its refusals with :class:`RefusalSerializer`."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["400", "409"]
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(RefusalSerializer, code, direction=direction))
        return responses


@contextmanager
def refusals_on(form) -> Iterator[None]:
    """Run a service for a form; a refusal lands on the form and the view goes on to render it::

    if form.is_valid():
        with refusals_on(form):
            services.close_vote(vote, acting_user=request.user)
            return redirect(...)
    return render(...)
    """
    try:
        yield
    except REFUSALS as error:
        add_to_form(form, error)


@contextmanager
def refusals_in_messages(request) -> Iterator[None]:
    """Run a one-button action; a refusal becomes a message on the page the view returns to."""
    try:
        yield
    except REFUSALS as error:
        add_to_messages(request, error)
