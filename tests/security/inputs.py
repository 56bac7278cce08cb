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


def _classes(modules: list[str], base: type, keep=lambda cls: True) -> list[type]:
    """Every class deriving from ``base`` defined in ``modules`` (those that exist), by name."""
    found = {}
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, base) and value.__module__ == module_name and keep(value):
                found[f"{module_name}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


def form_classes() -> list[type[forms.Form]]:
    return _classes(FORM_MODULES, forms.BaseForm, keep=lambda cls: bool(cls.base_fields))


def serializer_classes() -> list[type[serializers.Serializer]]:
    return _classes(API_MODULES, serializers.BaseSerializer)
