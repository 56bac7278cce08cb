"""One way to fail: every refused API request answers ``{"rule", "detail", "fields"}``, and pages
show a refusal the same way whatever raised it (committees/errors.py)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from rest_framework import exceptions

from committees.errors import add_to_form, add_to_messages, api_exception_handler, refusals_on
from committees.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _answer(exc):
    response = api_exception_handler(exc, {})
    return response.status_code, response.data


def test_a_rule_refusal_is_409_with_its_id_and_article():
    status, body = _answer(RuleViolation("M-Q2", "不足应到会成员半数"))
    assert status == 409
    assert body["rule"] == "M-Q2" and body["fields"] == {}
    assert body["detail"].startswith("[M-Q2] 不足应到会成员半数")


def test_a_django_validation_error_is_400_with_its_fields():
    status, body = _answer(ValidationError({"start_at": ["太早"], "__all__": ["时间冲突"]}))
    assert status == 400
    assert body == {"rule": None, "detail": "时间冲突", "fields": {"start_at": ["太早"]}}


def test_a_plain_validation_error_has_no_fields():
    status, body = _answer(ValidationError("请填写理由"))
    assert (status, body) == (400, {"rule": None, "detail": "请填写理由", "fields": {}})


def test_a_drf_validation_error_keeps_fields_and_general_messages_apart():
    status, body = _answer(exceptions.ValidationError({"reason": ["必填"], "non_field_errors": ["不可重复"]}))
    assert status == 400
    assert body == {"rule": None, "detail": "不可重复", "fields": {"reason": ["必填"]}}


def test_field_errors_alone_still_give_a_detail():
    _status, body = _answer(exceptions.ValidationError({"reason": ["必填"]}))
    assert body["detail"] == "reason: 必填"


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (Http404(), 404),
        (PermissionDenied(), 403),
        (exceptions.NotAuthenticated(), 401),
        (exceptions.MethodNotAllowed("PUT"), 405),
    ],
)
def test_other_refusals_share_the_shape(exc, status):
    code, body = _answer(exc)
    assert code == status
    assert set(body) == {"rule", "detail", "fields"}
    assert body["rule"] is None and body["detail"]


def test_a_permission_refusal_may_name_its_rule():
    status, body = _answer(exceptions.PermissionDenied({"rule": "M-V8", "detail": "仅限出席成员"}))
    assert (status, body) == (403, {"rule": "M-V8", "detail": "仅限出席成员", "fields": {}})


class _Form(forms.Form):
    reason = forms.CharField()


def test_add_to_form_puts_field_messages_beside_their_field():
    form = _Form({"reason": "x"})
    form.is_valid()
    add_to_form(form, ValidationError({"reason": "太短", "other": "未知字段"}))
    assert form.errors["reason"] == ["太短"]
    assert form.non_field_errors() == ["未知字段"]


def test_add_to_form_shows_the_rule_above_the_form():
    form = _Form({"reason": "x"})
    form.is_valid()
    add_to_form(form, RuleViolation("M-N4", "须经书记批准"))
    assert len(form.non_field_errors()) == 1
    assert form.non_field_errors()[0].startswith("[M-N4] 须经书记批准")


def test_add_to_messages_shows_each_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    add_to_messages(request, ValidationError(["一", "二"]))
    add_to_messages(request, RuleViolation("M-Q2", "不足半数"))
    shown = [str(m) for m in get_messages(request)]
    assert shown[:2] == ["一", "二"] and shown[2].startswith("[M-Q2] 不足半数")


def test_the_schema_documents_the_refusal_shape(admin_client):
    schema = admin_client.get("/api/schema/?format=json").json()
    refusal = schema["components"]["schemas"]["Refusal"]
    assert set(refusal["properties"]) == {"rule", "detail", "fields"}
    operations = [op for path in schema["paths"].values() for method, op in path.items() if method == "post"]
    assert operations
    for operation in operations:
        assert operation["responses"]["409"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Refusal"
        }


def test_refusals_on_keeps_the_refusal_on_the_form_and_stops_the_block():
    form = _Form({"reason": "x"})
    form.is_valid()
    reached = []
    with refusals_on(form):
        raise RuleViolation("M-V4", "未过半数")
        reached.append("after")  # pragma: no cover
    assert reached == [] and form.non_field_errors()[0].startswith("[M-V4]")


def test_refusals_on_lets_other_errors_through():
    form = _Form({"reason": "x"})
    form.is_valid()
    with pytest.raises(KeyError), refusals_on(form):
        raise KeyError("bug")
