"""The report on delegates' proposals the annual session hears (M-C4), on the document layer
(``committees.documents``, GB/T 9704-2012): the counts, then every proposal with its authors, how
it was decided, who undertakes it, where its handling stands and the author's satisfaction."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.documents import Cell

from .models import ProposalState, Satisfaction
from .selectors import ReportRow

#: No., title, author, co-signers, decision, undertaking unit, handling, satisfaction (mm).
WIDTHS = (12, 34, 16, 22, 16, 22, 18, 16)


def _count(rows, **where) -> int:
    return sum(1 for row in rows if all(getattr(row.proposal, k) == v for k, v in where.items()))


def report_document(committee, year: int, rows: list[ReportRow], today=None) -> documents.Document:
    today = today or timezone.localdate()
    with override(settings.LANGUAGE_CODE):
        document = documents.Document(
            issuer=committee.name,
            number="",
            title=_("Report on the handling of delegates' proposals to the annual session of %(year)s")
            % {"year": year},
            printed_by=_("%(committee)s office") % {"committee": committee.name},
            printed_on=documents.chinese_date(today),
        )
        accepted = [row for row in rows if row.proposal.state == ProposalState.ACCEPTED]
        document.add(
            "text",
            _(
                "For the annual session of %(year)s the delegates submitted %(total)s proposals: %(accepted)s were "
                "accepted as proposals and handled as supervision items, %(converted)s converted into suggestions "
                "and %(withdrawn)s withdrawn. Of the accepted, %(reported)s have reported their handling; the "
                "authors are satisfied with %(satisfied)s, basically satisfied with %(basically)s and not "
                "satisfied with %(dissatisfied)s."
            )
            % {
                "year": year,
                "total": len(rows),
                "accepted": len(accepted),
                "converted": _count(rows, state=ProposalState.CONVERTED),
                "withdrawn": _count(rows, state=ProposalState.WITHDRAWN),
                "reported": sum(
                    1 for row in accepted if row.item and row.item.state in ("feedback", "accepted", "closed")
                ),
                "satisfied": _count(rows, satisfaction=Satisfaction.SATISFIED),
                "basically": _count(rows, satisfaction=Satisfaction.BASICALLY),
                "dissatisfied": _count(rows, satisfaction=Satisfaction.DISSATISFIED),
            },
        )
        table = [
            (
                _("No."),
                _("Title"),
                _("Author"),
                _("Co-signers"),
                _("Decision"),
                _("Undertaking unit"),
                _("Handling"),
                _("Satisfaction"),
            )
        ]
        for row in rows:
            proposal, item = row.proposal, row.item
            unit = ""
            if item is not None:
                unit = item.unit_committee.name if item.unit_committee else item.unit_name
            table.append(
                (
                    str(row.number),
                    proposal.title,
                    proposal.author.name,
                    "、".join(person.name for person in proposal.cosigners.all()),
                    str(proposal.get_state_display()),
                    unit,
                    str(item.get_state_display()) if item else "",
                    str(proposal.get_satisfaction_display()) if proposal.satisfaction else "",
                )
            )
        if len(table) == 1:
            table.append((Cell(_("No proposal this year."), span=len(WIDTHS)),))
        document.table(table, WIDTHS, size=10.5, header=True)
        document.add("signed", committee.name)
        document.add("signed", documents.chinese_date(today))
    return document
