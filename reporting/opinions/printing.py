"""The month's public opinion of a committee (X-1) on the document layer (``committees.documents``,
GB/T 9704-2012): the totals, then tables by source unit and by topic. PDF and .docx, in the
committee's language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from committees import documents
from committees.documents import Cell

from .selectors import OUTCOMES, MonthlySummary

#: Label, then one column per outcome (mm, scaled to the text area).
WIDTHS = (27, 18.4, 18.4, 18.4, 18.4, 18.4, 18.4, 18.4)


def _headers(first: str) -> tuple[str, ...]:
    return (
        first,
        pgettext("opinion summary", "Received"),
        pgettext("opinion summary", "Screened out"),
        pgettext("opinion summary", "Pending"),
        pgettext("opinion summary", "Adopted"),
        pgettext("opinion summary", "Partly adopted"),
        pgettext("opinion summary", "Not adopted"),
        pgettext("opinion summary", "Source told"),
    )


def _table(document, first: str, rows) -> None:
    table = [_headers(first)]
    for row in rows:
        table.append((row.label, *(str(row.counts[key]) for key in OUTCOMES)))
    if len(table) == 1:
        table.append((Cell(_("Nothing received this month."), span=len(WIDTHS)),))
    document.table(table, WIDTHS, size=10.5, header=True)


def summary_document(summary: MonthlySummary) -> documents.Document:
    committee = summary.committee.name
    with override(settings.LANGUAGE_CODE):
        office = _("%(committee)s office") % {"committee": committee}
        month = f"{summary.month.year}年{summary.month.month}月"
        document = documents.Document(
            issuer=committee,
            number="",
            title=_("Public opinion received in %(month)s") % {"month": month},
            printed_by=office,
            printed_on=documents.chinese_date(summary.as_of),
        )
        counts = summary.total.counts
        document.add(
            "text",
            _(
                "In %(month)s the units reflected %(received)s pieces of public opinion: %(screened)s were "
                "screened out after verification, %(pending)s are being handled, %(adopted)s were adopted, "
                "%(partly)s partly adopted and %(not_adopted)s not adopted; %(answered)s sources have been told."
            )
            % {
                "month": month,
                "received": counts["received"],
                "screened": counts["screened_out"],
                "pending": counts["pending"],
                "adopted": counts["adopted"],
                "partly": counts["partly"],
                "not_adopted": counts["not_adopted"],
                "answered": counts["answered"],
            },
        )
        document.add("heading", f"{documents.chinese_ordinal(1)}、{_('By source')}")
        _table(document, pgettext("opinion summary", "Source"), summary.by_source)
        document.add("heading", f"{documents.chinese_ordinal(2)}、{_('By topic')}")
        _table(document, pgettext("opinion summary", "Topic"), summary.by_topic)
        document.add("signed", office)
        document.add("signed", documents.said(_("Figures as of"), documents.chinese_date(summary.as_of)))
    return document
