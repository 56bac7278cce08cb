"""What users can type into: every form class of the apps and every serializer of their APIs (the
zero-500s fuzzing and the bounds tests walk the same lists)."""

from __future__ import annotations

import importlib
import inspect

from django import forms
from rest_framework import serializers

FORM_MODULES = [
    "committees.forms",
    "meetings.forms",
    "reporting.emergencies.forms",
    "reporting.leave.forms",
    "reporting.periodic.forms",
    "reporting.personal.forms",
    "reporting.petitions.forms",
    "supervision.forms",
    "supervision.evaluation.forms",
    "meetings.democratic_life.forms",
]
API_MODULES = [module.replace(".forms", ".api") for module in FORM_MODULES]


def form_classes() -> list[type[forms.Form]]:
    found = {}
    for module_name in FORM_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module_name
                and value.base_fields
            ):
                found[f"{module_name}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


def serializer_classes() -> list[type[serializers.Serializer]]:
    found = {}
    for module_name in API_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, serializers.BaseSerializer)
                and value.__module__ == module_name
            ):
                found[f"{module_name}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]
