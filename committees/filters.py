"""The committee filter of every list page, cheap with a county's hundred-odd committees.

Django renders a ``<select>`` option by option through the form renderer's templates and, for a
``ModelChoiceField``, builds a model instance per option (with whatever ``select_related`` the
queryset carries): with the 123 committees a county secretary sees, the committee filter alone
cost more than the rest of the meetings list (12 ms of 45, issue 19). ``CommitteeFilter`` reads
``(id, name)`` pairs with one light query and writes the options itself; the choice is still
validated against the same queryset (the committees the user may see)."""

from __future__ import annotations

import functools
from html import escape

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as django_catalogue  # Django's own msgid, not ours
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


#: Django's input widgets whose template only includes ``input.html`` (text, number, date …).
PLAIN_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "date", "datetime", "time", "email", "search", "tel", "url", "hidden")
)


def _attributes(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html`` in Python: `` name="value"``, a bare name for True,
    nothing for False."""
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainInput:
    """Mixed into an input widget of ``PLAIN_INPUT_TEMPLATES``: the same ``<input>`` as its
    template, written in Python (a template render per input cost about as much as a row set)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
        html = f'<input type="{escape(str(widget["type"]))}" name="{escape(str(widget["name"]))}"{shown}'
        return mark_safe(f"{html}{_attributes(widget['attrs'])}>")  # noqa: S308  # nosec B308 B703  # escaped


@functools.cache
def _plain(widget_class: type) -> type:
    return type(f"Plain{widget_class.__name__}", (PlainInput, widget_class), {})


class PlainLabelField(forms.BoundField):
    """A bound field whose ``label_tag`` writes ``django/forms/label.html`` in Python."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        contents = contents or self.label
        if label_suffix is None:
            label_suffix = self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
        if label_suffix and contents and contents[-1] not in django_catalogue(":?.!"):
            contents = format_html("{}{}", contents, label_suffix)
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return conditional_escape(contents)
        id_for_label = widget.id_for_label(id_)
        if id_for_label:
            attrs = {**(attrs or {}), "for": id_for_label}
        if self.field.required and hasattr(self.form, "required_css_class"):
            attrs = {**(attrs or {})}
            attrs["class"] = (
                f"{attrs['class']} {self.form.required_css_class}" if "class" in attrs else self.form.required_css_class
            )
        tag = tag or "label"
        return format_html("<{}{}>{}</{}>", tag, mark_safe(_attributes(attrs or {})), contents, tag)  # noqa: S308  # nosec B308 B703


class ListFilterSet(django_filters.FilterSet):
    """The filter bar of a list page: as ``FilterSet``, with every plain ``<select>`` (kind,
    status, year…) written by ``NamedSelect``, every plain ``<input>`` by ``PlainInput`` and every
    ``<label>`` by ``PlainLabelField`` – each of them cost as much through the form templates as
    the rest of a row set (issue 19); the HTML is the same."""

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

    def qs_checking(self, name: str):
        """``qs`` with the search term ``name`` checked on each row alone (``search.checking``),
        without its index: for a query that already names the few rows to check
        (``paging.walked``), the index would read every row holding the term's grams first – 10 ms
        for a common term against 1 ms checking 200 rows by their keys (issue 19)."""
        from .search import checking

        return checking(self.qs_without(name), self.filters[name].field_name, self.form.cleaned_data[name])

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.bound_field_class = PlainLabelField
        for field in form_class.base_fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                field.widget = NamedSelect(attrs=widget.attrs, choices=widget.choices)
                field.widget.is_required = widget.is_required
            elif isinstance(widget, forms.widgets.Input) and widget.template_name in PLAIN_INPUT_TEMPLATES:
                widget.__class__ = _plain(type(widget))
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
