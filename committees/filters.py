"""The committee filter of every list page, cheap with a county's hundred-odd committees.

Django renders a ``<select>`` option by option through the form renderer's templates and, for a
``ModelChoiceField``, builds a model instance per option (with whatever ``select_related`` the
queryset carries): with the 123 committees a county secretary sees, the committee filter alone
cost more than the rest of the meetings list (12 ms of 45, issue 19). ``CommitteeFilter`` reads
``(id, name)`` pairs with one light query and writes the options itself; the choice is still
validated against the same queryset (the committees the user may see)."""

from __future__ import annotations

from html import escape

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


def _text(label) -> str:
    """``label`` escaped for HTML unless it is already safe (as the option template does)."""
    return label.__html__() if hasattr(label, "__html__") else escape(str(label))


class NamedSelect(forms.Select):
    """A ``<select>`` of flat ``(value, label)`` choices written in Python, not by a template per
    option (no option groups, one value): the same HTML as Django's ``select.html``, ~20× faster
    for a list of committees."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = []
        for choice, label in self.choices:
            choice = "" if choice is None else str(choice)
            selected = " selected" if choice in chosen else ""
            options.append(f'<option value="{escape(choice)}"{selected}>{_text(label)}</option>')
        html = f"<select{flatatt(final)}>{''.join(options)}</select>"
        return mark_safe(html)  # noqa: S308  # nosec B308 B703  # every part escaped above


class ListFilterSet(django_filters.FilterSet):
    """The filter bar of a list page: as ``FilterSet``, with every plain ``<select>`` (kind,
    status, year…) written by ``NamedSelect`` – each of them cost as much through the form
    templates as the rest of a row set (issue 19)."""

    def search_term_name(self) -> str | None:
        """The name of the filter bar's search term (a ``TextSearchFilter`` on a column) when the
        request gave one, else ``None``."""
        from .forms import TextSearchFilter

        if not self.is_bound or not self.is_valid():
            return None
        for name, value in self.form.cleaned_data.items():
            found = self.filters[name]
            if isinstance(found, TextSearchFilter) and found.method is None and value not in (None, ""):
                return name
        return None

    def qs_without(self, name: str):
        """The queryset filtered by every filter of the bar but ``name``, as ``qs`` filters it."""
        queryset = self.queryset.all()
        for other, value in self.form.cleaned_data.items():
            if other != name:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                field.widget = NamedSelect(attrs=widget.attrs, choices=widget.choices)
                field.widget.is_required = widget.is_required
        return form_class


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
