"""P-4 monthly report as an Excel workbook (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import MonthlyReport, ReportRow


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
