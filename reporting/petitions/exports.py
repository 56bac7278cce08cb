"""P-4 monthly report as an Excel workbook (openpyxl), and as a document of the layer
(``committees.documents``, GB/T 9704-2012: PDF and .docx) for the committee's monthly hearing."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font

from committees import documents
from committees.documents import Cell, said

from .selectors import MonthlyReport, ReportRow

#: The report's tables: the row's label, then the seven figures (mm, scaled to the text area).
REPORT_WIDTHS = (37, 17, 17, 17, 17, 17, 17, 17)


def _headers() -> list[str]:
    return [
        "",
        _("Received"),
        _("Answered"),
        _("Open at month end"),
        _("Overdue"),
        _("of which answered late"),
        _("of which open past due"),
        _("Average handling days"),
    ]


def _values(row: ReportRow) -> list:
    return [
        row.label,
        row.received,
        row.answered,
        row.open,
        row.overdue,
        row.answered_late,
        row.open_overdue,
        row.average_days,
    ]


def report_workbook(report: MonthlyReport) -> bytes:
    """One sheet: the totals, then the figures by responsible unit and by reception type."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{report.month:%Y-%m}"
    bold = Font(bold=True)
    sheet.append([_("Petition work report (P-4)")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Committee"), report.committee.name])
    sheet.append([_("Month"), f"{report.month:%Y-%m}"])
    for title, rows in (
        (_("Total"), [report.total]),
        (_("By responsible unit"), report.by_unit),
        (_("By reception type"), report.by_reception_type),
    ):
        sheet.append([])
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(_headers())
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            sheet.append(_values(row))
    sheet.column_dimensions["A"].width = 36
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_document(report: MonthlyReport) -> documents.Document:
    """P-4: the month's figures as the report the committee hears – a paragraph of the totals,
    then the figures by responsible unit and by reception type, in 五号 tables."""
    with override(settings.LANGUAGE_CODE):
        committee = report.committee.name
        office = _("%(committee)s office") % {"committee": committee}
        month = documents.chinese_month(report.month)
        document = documents.Document(
            issuer=office,
            number="",
            title=_("Report on the petition work of %(committee)s in %(month)s")
            % {"committee": committee, "month": month},
            printed_by=office,
        )
        total = report.total
        average = "—" if total.average_days is None else total.average_days
        document.add(
            "text",
            _(
                "In %(month)s, %(received)s petitions were received and %(answered)s answered; %(open)s were open "
                "at the month's end. %(overdue)s were overdue (%(late)s answered late, %(open_overdue)s open past "
                "their due time). Average handling time: %(average)s days."
            )
            % {
                "month": month,
                "received": total.received,
                "answered": total.answered,
                "open": total.open,
                "overdue": total.overdue,
                "late": total.answered_late,
                "open_overdue": total.open_overdue,
                "average": average,
            },
        )
        sections = ((_("By responsible unit"), report.by_unit), (_("By reception type"), report.by_reception_type))
        for number, (heading, rows) in enumerate(sections, start=1):
            document.add("heading", f"{documents.chinese_ordinal(number)}、{heading}")
            table = [tuple(_headers())]
            for row in rows:
                table.append(tuple("—" if value is None else str(value) for value in _values(row)))
            if not rows:
                table.append((Cell(_("No petitions in this month."), span=len(REPORT_WIDTHS)),))
            document.table(table, REPORT_WIDTHS, size=10.5, header=True)
        document.add("signed", office)
        # The cutoff is the instant after the month (or now): the figures stand as of the day before it.
        as_of = timezone.localtime(report.cutoff - datetime.timedelta(microseconds=1))
        document.add("signed", said(_("Figures as of"), documents.chinese_date(as_of)))
    return document
