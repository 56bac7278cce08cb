"""Printable minutes (会议纪要) with WeasyPrint, laid out to GB/T 9704-2012 by the document layer
(``committees.documents``, ``documents/gbt9704.html``): CJK fonts embedded, PDF/A-3b because
approved minutes are kept permanently (M-M5).

Rendered inline: minutes of one meeting are small. WeasyPrint may fetch nothing but the app's
own static files (``StaticOnlyFetcher``)."""

from __future__ import annotations

import logging
import shutil
import subprocess  # nosec B404  # only pdftotext (shutil.which), no shell

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.pdf import static_only_fetcher

from .models import ItemStatus, Minutes, VoteOutcome
from .selectors.minutes import worded

#: WeasyPrint narrates every step at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def minutes_items(minutes: Minutes, *, full: bool) -> list[dict]:
    """M-M3: the distributed version leaves confidential items out; the full version keeps them.
    Their words (stances, ballots, outcomes, the arithmetic) in the language active now. An item
    deferred (缓议) says so, with its reason – the one given, or the vote's outcome when support
    and opposition were close (M-V5); minutes drafted before the reason was kept say 缓议 alone."""
    items = minutes.content.get("items", [])
    chosen = worded(items if full else [i for i in items if not i.get("is_confidential")])
    deferred_status = str(ItemStatus.DEFERRED.label)
    for item in chosen:
        vote = item.get("vote") or {}
        close_vote = vote.get("outcome") == str(VoteOutcome.DEFERRED.label)
        item.setdefault("deferred", item.get("status") == deferred_status)
        item["deferred"] = bool(item["deferred"] or close_vote)
        if item["deferred"] and not item.get("deferred_reason") and close_vote:
            item["deferred_reason"] = vote["outcome"]
    return chosen


def _recorder(minutes: Minutes, content: dict) -> str:
    """The recorder named on the minutes: the meeting's recorder, else whoever last edited the
    draft (the office member who wrote it up)."""
    if content.get("recorder"):
        return content["recorder"]
    edited = minutes.history.exclude(history_user=None).select_related("history_user__person").first()
    person = getattr(edited.history_user, "person", None) if edited is not None else None
    return person.name if person is not None else ""


def render_minutes_pdf(minutes: Minutes, *, full: bool = False) -> bytes:
    """The minutes as PDF/A-3b (approved) or a plain PDF marked as draft – in the committee's
    language (the site's), whoever asks: a printed document keeps one language (issue 14)."""
    with override(settings.LANGUAGE_CODE):
        content = worded(minutes.content)
        committee = minutes.committee.name
        copies_to = sorted(set(minutes.recipients.exclude(department="").values_list("department", flat=True)), key=str)
        start = minutes.meeting.start_at
        html = render_to_string(
            "meetings/minutes_pdf.html",
            {
                **documents.context(
                    copies_to=copies_to,
                    printed_by=_("%(committee)s office") % {"committee": committee},
                    printed_on=documents.chinese_date(timezone.localtime(minutes.approved_at))
                    if minutes.approved_at
                    else "",
                ),
                "minutes": minutes,
                "content": content,
                "items": minutes_items(minutes, full=full),
                "full": full,
                "document_number": documents.document_number(committee, minutes.year, minutes.number)
                if minutes.number
                else "",
                "started": f"{documents.chinese_date(timezone.localtime(start))} {timezone.localtime(start):%H:%M}",
                "recorder": _recorder(minutes, content),
                "draft_label": _("DRAFT"),
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
