"""The team's week of work logs (X-5) as a document of the layer (``committees.documents``,
GB/T 9704-2012): one row a member, one column a day, the missing logs counted – for the principal
leader's weekly review. PDF and .docx, in the committee's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from committees import documents
from committees.documents import Cell

from . import selectors

#: Name, the seven days, missing (mm, scaled to the text area).
WIDTHS = (18, 18, 18, 18, 18, 18, 18, 18, 12)


def week_document(committee, monday, today=None) -> documents.Document:
    """X-5: each member's week – logged (late marked), missing, due today, no log due – with the
    missing ones counted."""
    today = today or timezone.localdate()
    days, rows = selectors.week(committee, monday, today)
    with override(settings.LANGUAGE_CODE):
        office = _("%(committee)s office") % {"committee": committee.name}
        document = documents.Document(
            issuer=committee.name,
            number="",
            title=_("Work logs of the team of %(committee)s, %(start)s to %(end)s")
            % {
                "committee": committee.name,
                "start": documents.chinese_date(days[0]),
                "end": documents.chinese_date(days[-1]),
            },
            printed_by=office,
            printed_on=documents.chinese_date(today),
        )
        words = {  # a narrow column's words
            "logged": pgettext("work log cell", "logged"),
            "missing": pgettext("work log cell", "missing"),
            "due": pgettext("work log cell", "due today"),
            "holiday": pgettext("work log cell", "no log due"),
            "": "",
        }
        table = [(pgettext("person", "Name"), *(f"{day.month}.{day.day}" for day in days), _("Missing"))]
        for row in rows:
            cells = []
            for _day, state, log in row.cells:
                word = words[state]
                if log is not None and log.is_late:
                    late = pgettext("work log cell", "late")
                    word = f"{word}（{late}）"
                cells.append(word)
            table.append((row.person.name, *cells, str(row.missing)))
        if not rows:
            table.append((Cell(_("No team member this week."), span=len(WIDTHS)),))
        document.table(table, WIDTHS, size=10.5, header=True)
        document.add("signed", office)
        document.add("signed", documents.chinese_date(today))
    return document
