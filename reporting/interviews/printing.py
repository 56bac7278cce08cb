"""约谈意见处理卡 (003 领导干部接受约谈制度 四.3) on the document layer (``committees.documents``):
a form – the interview (who asked whom, when), the matter raised, the leader's instruction, the
handling unit and the reply due, then how it was handled – with room left for the handwritten
instruction and reply when printed before them. PDF and .docx, in the committee's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.documents import Cell

from .models import HandlingCard

#: Label, value, label, value (mm, scaled to the text area).
WIDTHS = (30, 48, 30, 48)


def _label(text) -> Cell:
    return Cell(str(text), label=True)


def _day(value) -> str:
    return documents.chinese_date(value) if value else ""


def card_number(card: HandlingCard) -> str:
    """The card's place among the committee's cards of its year (临江区委约〔2026〕3号)."""
    committee = card.interview.committee
    rows = HandlingCard.objects.filter(interview__committee_id=committee.pk)
    year, number = documents.number_in_year(rows, "created_at", card.created_at, card.pk)
    return documents.document_number(f"{committee.name}约", year, number)


def card_document(card: HandlingCard) -> documents.Document:
    interview = card.interview
    with override(settings.LANGUAGE_CODE):
        document = documents.Document(
            issuer="",
            number=documents.said(_("No."), card_number(card)),
            title=_("Interview handling card"),
            printed_by="",
        )
        held = timezone.localtime(interview.held_at).date() if interview.held_at else None
        document.table(
            [
                (_label(_("Requested by")), interview.requester.name, _label(_("Leader")), interview.leader.name),
                (_label(_("Date of the interview")), _day(held), _label(_("Handling unit")), card.unit),
                (_label(_("Matter raised")), Cell(card.matter, span=3, lines=4)),
                (_label(_("Leader's instruction")), Cell(card.instruction, span=3, lines=3)),
                (_label(_("Reply due")), _day(card.reply_due), _label(_("Replied on")), _day(card.replied_on)),
                (_label(_("How it was handled")), Cell(card.outcome, span=3, lines=4)),
            ],
            WIDTHS,
            size=documents.SIZE_4,
        )
    return document
