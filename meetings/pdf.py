"""Printable minutes (会议纪要) with WeasyPrint: A4, the official-document look, CJK fonts
embedded, PDF/A-3b because approved minutes are kept permanently (M-M5).

Rendered inline: minutes of one meeting are small. WeasyPrint may fetch nothing but the app's
own static files (``StaticOnlyFetcher``)."""

from __future__ import annotations

import logging
import shutil
import subprocess  # nosec B404  # only pdftotext (shutil.which), no shell

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees.pdf import static_only_fetcher

from .models import Minutes
from .selectors.minutes import worded

#: WeasyPrint narrates every step at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def minutes_items(minutes: Minutes, *, full: bool) -> list[dict]:
    """M-M3: the distributed version leaves confidential items out; the full version keeps them.
    Their words (stances, ballots, outcomes, the arithmetic) in the language active now."""
    items = minutes.content.get("items", [])
    return worded(items if full else [i for i in items if not i.get("is_confidential")])


def page_label() -> str:
    """A CSS ``content`` value: "第 X 页 共 Y 页" in Chinese, "Page X of Y" in English."""
    text = _("Page %(page)s of %(pages)s")
    text = text.replace('"', "").replace("\\", "")
    text = text.replace("%(page)s", "\x00page\x00").replace("%(pages)s", "\x00pages\x00")
    parts = []
    for chunk in text.split("\x00"):
        if chunk in ("page", "pages"):
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(f'"{chunk}"')
    return " ".join(parts)


def render_minutes_pdf(minutes: Minutes, *, full: bool = False) -> bytes:
    """The minutes as PDF/A-3b (approved) or a plain PDF marked as draft – in the committee's
    language (the site's), whoever asks: a printed document keeps one language (issue 14)."""
    with override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "meetings/minutes_pdf.html",
            {
                "minutes": minutes,
                "content": worded(minutes.content),
                "items": minutes_items(minutes, full=full),
                "full": full,
                "draft_label": _("DRAFT"),
                "page_label": page_label(),
                "LANGUAGE_CODE": settings.LANGUAGE_CODE,
            },
        )
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.STATICFILES_DIRS[0]), url_fetcher=static_only_fetcher())
    if minutes.is_locked:
        return document.write_pdf(pdf_variant="pdf/a-3b")
    return document.write_pdf()


def pdf_text(data: bytes) -> str:
    """The text of a PDF (poppler's pdftotext), for the verification page."""
    program = shutil.which("pdftotext")
    if program is None:
        return ""
    result = subprocess.run([program, "-", "-"], input=data, capture_output=True, timeout=30, check=False)  # noqa: S603  # nosec B603
    return result.stdout.decode("utf-8", errors="replace")


#: Minutes with more items than this are rendered by a Celery worker (time limit, memory cap
#: per child) and kept in storage; smaller ones are rendered inline.
INLINE_MAX_ITEMS = 15


def is_large(minutes: Minutes) -> bool:
    return len(minutes.content.get("items", [])) > INLINE_MAX_ITEMS


def stored_name(minutes: Minutes, *, full: bool) -> str:
    """Approved minutes never change: the stored PDF is named by their fingerprint."""
    return f"meetings/minutes-pdf/{minutes.pk}-{'full' if full else 'distributed'}-{minutes.fingerprint}.pdf"


def stored_pdf(minutes: Minutes, *, full: bool) -> bytes | None:
    from django.core.files.storage import default_storage

    name = stored_name(minutes, full=full)
    if not minutes.is_locked or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def store_pdf(minutes: Minutes, *, full: bool) -> str:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = stored_name(minutes, full=full)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_minutes_pdf(minutes, full=full)))
    return name
