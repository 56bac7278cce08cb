"""Texts stored as a message key and parameters, worded in the reader's language when shown.

A notification, a vote's arithmetic, the words of the minutes or a leave step's rule text is
written once and read by people who chose different languages (issue 14). Storing the words
would freeze the writer's language; so the row stores ``{"key": "...", "params": {...}}`` and
``render`` words it under the language active when it is shown (the request's), e-mailed (the
recipient's) or printed (the committee's: a PDF keeps one language).

The key names a msgid registered with ``phrase`` in the owning app's ``phrases.py`` (found the
way the admin finds ``admin.py``: every installed app's ``phrases`` module is imported the first
time an unknown key is worded), so ``makemessages`` finds the English text – wrap it in
``gettext_noop`` – and the ``.po`` files translate it as any other string.
A parameter is a plain value, a nested stored phrase (``{"key": ..., "params": ...}``), a list
(worded item by item and joined the reader's way: "、" in Chinese, ", " in English), lines
(``lines(...)``: each worded, one per line) or a typed value (``{"date": "2027-03-01"}``,
``{"datetime": "<ISO 8601 with offset>"}``) formatted in the reader's language. A lazy
translation – a choice's label (``Kind.X.label``), a verbose name – is kept as its msgid
(``{"msgid": ..., "context": ...}``) and translated for the reader. A stored
value that is a plain string (rows written before issue 14) is shown as it is.
"""

from __future__ import annotations

import datetime
from contextlib import nullcontext
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext, override, pgettext

#: key → English msgid. Filled by ``phrase`` when the owning modules are imported.
PHRASES: dict[str, str] = {}


def phrase(key: str, msgid: str) -> str:
    """Register the msgid of ``key`` (wrap the literal in ``gettext_noop`` so it is extracted) and
    return the key. Registering a key twice with another text is a programming error."""
    known = PHRASES.setdefault(key, msgid)
    if known != msgid:
        raise ValueError(f"Phrase {key!r} is registered twice with different texts")
    return key


def stored(key: str, **params: Any) -> dict[str, Any]:
    """The JSON-serialisable value a row stores for ``key`` worded with ``params``."""
    if _msgid(key) is None:
        raise KeyError(f"Unknown phrase {key!r}")
    return {"key": key, "params": {name: _storable(value) for name, value in params.items()}}


def lines(*values: Any) -> dict[str, Any]:
    """A text of several lines (a notice's agenda), each a phrase or plain text, for ``stored``."""
    return {"lines": [_storable(value) for value in values]}


def render(value: Any, language: str | None = None) -> str:
    """Word a stored phrase (or a legacy plain string) in ``language``, else the active one."""
    with override(language) if language else nullcontext():
        return _word(value)


def _msgid(key: str) -> str | None:
    if key not in PHRASES:
        autodiscover_modules("phrases")
    return PHRASES.get(key)


def _storable(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_storable(item) for item in value]
    if isinstance(value, (str, int, float, bool, dict)) or value is None:
        return value
    if isinstance(value, Promise):
        label = _msgid_of(value)
        if label is not None:
            return label
    return str(value)


def _msgid_of(value: Promise) -> dict[str, str] | None:
    """The msgid (and context) of a ``gettext_lazy`` / ``pgettext_lazy`` value, else None."""
    try:
        func, args, kwargs = value.__reduce__()[1][:3]
    except (TypeError, ValueError, IndexError):  # not Django's lazy proxy
        return None
    name = getattr(func, "__name__", "")
    if name == "gettext" and len(args) == 1 and not kwargs and isinstance(args[0], str):
        return {"msgid": args[0]}
    if name == "pgettext" and len(args) == 2 and not kwargs and all(isinstance(a, str) for a in args):
        return {"msgid": args[1], "context": args[0]}
    return None  # a lazy translation or a model: its words now (callers pass names, not objects)


def _word(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return pgettext("list separator", ", ").join(_word(item) for item in value)
    if isinstance(value, dict):
        if "key" in value:
            msgid = _msgid(value["key"])
            if msgid is None:  # a key removed since the row was written: show what is known
                return str(value["key"])
            params = {name: _word(param) for name, param in (value.get("params") or {}).items()}
            text = gettext(msgid)
            return text % params if params else text
        if "lines" in value:
            return "\n".join(_word(line) for line in value["lines"])
        if "msgid" in value:
            context = value.get("context")
            return pgettext(context, value["msgid"]) if context else gettext(value["msgid"])
        if "datetime" in value:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value["datetime"]))
            return formats.date_format(moment, "DATETIME_FORMAT")
        if "date" in value:
            return formats.date_format(datetime.date.fromisoformat(value["date"]), "DATE_FORMAT")
    return str(value)
