"""The committee filter of every list page, cheap with a county's hundred-odd committees.

Django renders a ``<select>`` option by option through the form renderer's templates and, for a
``ModelChoiceField``, builds a model instance per option (with whatever ``select_related`` the
queryset carries): with the 123 committees a county secretary sees, the committee filter alone
cost more than the rest of the meetings list (12 ms of 45, issue 19). ``CommitteeFilter`` reads
``(id, name)`` pairs with one light query and writes the options itself; the choice is still
validated against the same queryset (the committees the user may see)."""

from __future__ import annotations

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class NamedSelect(forms.Select):
    """A ``<select>`` of flat ``(value, label)`` choices written in Python, not by a template per
    option (no option groups, one value)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = (
            (value, " selected" if value in chosen else "", label)
            for value, label in ((("" if v is None else str(v)), label) for v, label in self.choices)
        )
        return format_html(
            "<select{}>{}</select>", flatatt(final), format_html_join("", '<option value="{}"{}>{}</option>', options)
        )


class IdNameIterator(ModelChoiceIterator):
    """The queryset's ``(id, name)`` pairs in its order, without model instances."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.select_related(None).values_list("pk", "name")


class CommitteeChoiceField(ModelChoiceField):
    iterator = IdNameIterator
    widget = NamedSelect


class CommitteeFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` over committees (any queryset of a model with ``name``), cheap to render."""

    field_class = CommitteeChoiceField
