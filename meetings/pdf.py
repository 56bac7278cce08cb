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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from committees import documents, docx
from committees.documents import said

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


def minutes_document(minutes: Minutes, *, full: bool = False) -> documents.Document:
    """The minutes as a document of the layer (``committees.documents``): the 纪要 mark, the document
    number, the meeting's particulars, the summary, each item (一、二、…) with its discussion,
    vote and decision, the signatures, the 版记. In the committee's language (the site's), whoever
    asks: a printed document keeps one language (issue 14). Rule ids are not printed."""
    with override(settings.LANGUAGE_CODE):
        content = worded(minutes.content)
        committee = minutes.committee.name
        start = timezone.localtime(minutes.meeting.start_at)
        recorder = content.get("recorder") or "—"
        document = documents.Document(
            issuer=_("%(committee)s minutes") % {"committee": content.get("committee") or committee},
            number=documents.document_number(committee, minutes.year, minutes.number) if minutes.number else "",
            title=minutes.title,
            draft="" if minutes.is_locked else _("DRAFT"),
            copies_to=sorted(set(minutes.recipients.exclude(department="").values_list("department", flat=True))),
            printed_by=_("%(committee)s office") % {"committee": committee},
            printed_on=documents.chinese_date(timezone.localtime(minutes.approved_at)) if minutes.approved_at else "",
            fine=f"SHA-256 {minutes.fingerprint}" if minutes.fingerprint else "",
        )
        add = document.add
        add("labelled", f"{documents.chinese_date(start)} {start:%H:%M}", _("Time"))
        add("labelled", content.get("place") or "—", _("Place"))
        add("labelled", content.get("chair") or "—", _("Chair"))
        add("labelled", "、".join(content.get("present", [])) or "—", _("Present"))
        if content.get("absent"):
            without_leave = _("without leave")
            absent = "、".join(f"{a['name']}（{a.get('reason') or without_leave}）" for a in content["absent"])
            add("labelled", absent, _("Absent"))
        if content.get("observers"):
            add("labelled", "、".join(content["observers"]), _("Observers"))
        add("labelled", recorder, _("Recorder"))
        for line in minutes.summary.splitlines():
            if line.strip():
                add("text", line.strip())
        for number, item in enumerate(minutes_items(minutes, full=full), start=1):
            _item_blocks(document, number, item)
        add(
            "signed",
            said(_("Chair"), content.get("chair") or "—") + "　" + said(_("Recorder"), recorder),
        )
        if document.printed_on:
            add("signed", document.printed_on)
    return document


def _item_blocks(document: documents.Document, number: int, item: dict) -> None:
    add = document.add
    add("heading", f"{documents.chinese_ordinal(number)}、{item['title']}")
    if item.get("deferred"):
        deferred = pgettext("minutes", "Deferred")
        reason = item.get("deferred_reason")
        add("text", said(deferred, reason) + "。" if reason else f"{deferred}。")
    if item.get("stances"):
        stances = "；".join(
            f"{s['name']}：{s['stance']}" + (f"（{s['reason']}）" if s.get("reason") else "") for s in item["stances"]
        )
        add("text", said(_("Discussion"), stances) + "。")
    if item.get("written_opinions"):
        written = "；".join(f"{w['name']}：{w.get('position') or '—'} {w['text']}" for w in item["written_opinions"])
        add("text", said(_("Written opinions (not votes)"), written) + "。")
    if item.get("recused"):
        add("text", said(_("Recused"), "、".join(item["recused"])) + "。")
    vote = item.get("vote")
    if vote:
        counts = "，".join(
            f"{word} {vote[key]}"
            for word, key in (
                (_("yes"), "yes"),
                (_("no"), "no"),
                (_("abstain"), "abstain"),
                (_("did not vote"), "not_voted"),
                (_("absent"), "absent"),
                (_("recused"), "recused"),
            )
        )
        due, present = pgettext("members due to attend", "due"), _("present")
        add(
            "text",
            said(_("Vote"), f"{vote['method']}；{due} {vote['due']}，{present} {vote['present']}；{counts}。"),
        )
        if vote.get("names"):
            add("text", "；".join(f"{n['name']}：{n['choice']}" for n in vote["names"]) + "。")
        add("text", f"{vote['arithmetic']}。")
    decision = item.get("decision")
    if decision:
        add("text", said(decision["kind"], decision["resolution"]))
        if decision.get("basis"):
            add("text", said(_("Basis and reasons"), decision["basis"]))
        if decision.get("responsible"):
            add("text", said(_("Responsible"), "、".join(decision["responsible"])))
        if decision.get("supervision"):
            add("text", said(_("Supervision"), decision["supervision"]))
        for reservation in decision.get("reservations", []):
            add("text", said(_("Reservation"), f"{reservation['name']}：{reservation['text']}"))


def render_minutes_pdf(minutes: Minutes, *, full: bool = False) -> bytes:
    """The minutes as PDF/A-3b (approved) or a plain PDF marked as draft, laid out to GB/T 9704."""
    document = minutes_document(minutes, full=full)
    return documents.render_pdf(document, f"minutes {minutes.pk}", archival=minutes.is_locked)


def render_minutes_docx(minutes: Minutes, *, full: bool = False) -> bytes:
    """The same minutes as .docx, to edit in WPS or Word (issue 15); the PDF stays the record."""
    with override(settings.LANGUAGE_CODE):
        return docx.render(minutes_document(minutes, full=full))


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
