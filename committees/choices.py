"""Choice labels at the cost of a dictionary lookup.

Django's ``get_FOO_display()`` rebuilds a dictionary of every choice of the field (through
``make_hashable``) on each call: a list page calls it a few times per row, and it was one of the
larger costs of rendering a page of a county's meetings (issue 19). ``install()`` (called from
``CommitteesConfig.ready``) gives every model of this project a ``get_FOO_display`` that builds
the dictionary once per field – the labels stay lazy, so each call still answers in the
language of the request – and leaves alone any ``get_FOO_display`` a model defines itself and
fields whose choices are a callable (they may change)."""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

#: The apps whose models get the fast labels.
PROJECT_APPS = ("committees", "meetings", "reporting", "supervision")


def _display(field):
    labels = {make_hashable(value): label for value, label in field.flatchoices}

    def get_display(self):
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    get_display.__name__ = f"get_{field.name}_display"
    get_display.is_cached_display = True
    return get_display


def install() -> None:
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            for field in model._meta.concrete_fields:
                name = f"get_{field.name}_display"
                django_default = isinstance(model.__dict__.get(name), partialmethod)
                if field.choices is not None and not callable(field.choices) and django_default:
                    setattr(model, name, _display(field))
