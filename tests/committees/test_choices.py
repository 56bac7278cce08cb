"""Issue 19: the choice labels of every model come from a dictionary built once per field, and say
exactly what Django's own ``get_FOO_display`` says, in each language, for every choice and for a
value that is not one."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from committees.choices import PROJECT_APPS


def fields_with_cached_labels():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            for field in model._meta.concrete_fields:
                display = model.__dict__.get(f"get_{field.name}_display")
                if getattr(display, "is_cached_display", False):
                    yield model, field


def test_every_field_with_fixed_choices_has_the_cached_labels():
    fields = list(fields_with_cached_labels())
    assert len(fields) > 50
    assert any(model.__name__ == "Meeting" and field.name == "status" for model, field in fields)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_cached_labels_say_what_django_says(language):
    with translation.override(language):
        for model, field in fields_with_cached_labels():
            for value in [*(value for value, _label in field.flatchoices), "not-a-choice"]:
                instance = model.__new__(model)
                instance.__dict__[field.attname] = value
                expected = Model._get_FIELD_display(instance, field)
                assert getattr(instance, f"get_{field.name}_display")() == expected, (model, field.name, value)
