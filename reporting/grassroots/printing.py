"""The year's grassroots time of a committee's team (X-6) as a document of the layer
(``committees.documents``, GB/T 9704-2012): one row a floor of each member, done against the floor
– for the organisation department's yearly check. PDF and .docx, in the committee's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from committees import documents
from committees.documents import Cell

from . import rules, selectors

#: Name, floor, at least, done, to go, state (mm, scaled to the text area).
WIDTHS = (24, 52, 18, 18, 18, 26)


def year_document(committee, year: int, today=None) -> documents.Document:
    """X-6: each member's floors of ``year``: what was done against each, what is left, and whether
    it is met, still fits in the year, or no longer does."""
    today = today or timezone.localdate()
    with override(settings.LANGUAGE_CODE):
        office = _("%(committee)s office") % {"committee": committee.name}
        document = documents.Document(
            issuer=committee.name,
            number="",
            title=_("Grassroots time of the team of %(committee)s in %(year)s")
            % {"committee": committee.name, "year": year},
            printed_by=office,
            printed_on=documents.chinese_date(today),
        )
        rows = [(pgettext("person", "Name"), _("Floor"), _("At least"), _("Done"), _("To go"), _("State"))]
        for person, targets in selectors.board(committee, year):
            for number, target in enumerate(targets):
                if target.is_met:
                    state = _("met")
                elif rules.still_fits(today, target.year, target.measure, target.remaining):
                    state = _("in progress")
                else:
                    state = _("no longer fits")
                rows.append(
                    (
                        person.name if number == 0 else "",
                        str(target.get_measure_display()),
                        str(target.floor),
                        str(target.done),
                        str(target.remaining),
                        state,
                    )
                )
        if len(rows) == 1:
            rows.append((Cell(_("No floor this year."), span=len(WIDTHS)),))
        document.table(rows, WIDTHS, size=12, header=True)
        document.add("signed", office)
        document.add("signed", documents.said(_("Figures as of"), documents.chinese_date(today)))
    return document
