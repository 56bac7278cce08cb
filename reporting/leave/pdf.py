"""L-7 printable leave form and L-8 half-year summary: PDF (WeasyPrint) and Excel (openpyxl)."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from committees.pdf import static_only_fetcher


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """Render a template to PDF. CJK text uses the system's Noto Sans CJK / WenQuanYi fonts."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base = str(settings.STATICFILES_DIRS[0])
    return HTML(string=html, base_url=base, url_fetcher=static_only_fetcher()).write_pdf()


def summary_workbook(committee, start, end, requests) -> bytes:
    """L-8: one row per request of the period, for the parent's organisation department."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{start:%Y-%m-%d}"[:31]
    sheet.append(
        [
            _("Leave and travel summary of %(committee)s, %(start)s – %(end)s")
            % {"committee": committee.name, "start": start.isoformat(), "end": end.isoformat()}
        ]
    )
    sheet["A1"].font = Font(bold=True)
    headers = [
        pgettext("person", "Name"),
        _("Kind"),
        _("Destination"),
        _("First day"),
        _("Last day"),
        _("Calendar days"),
        _("Working days"),
        _("Reason"),
        _("State"),
        _("Reported back at"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for leave in requests:
        sheet.append(
            [
                leave.person.name,
                leave.get_kind_display(),
                leave.destination,
                leave.start_date,
                leave.end_date,
                float(leave.calendar_days),
                float(leave.working_days),
                leave.reason,
                leave.get_state_display(),
                timezone.localtime(leave.returned_at).strftime("%Y-%m-%d %H:%M") if leave.returned_at else "",
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (12, 22, 20, 12, 12, 10, 10, 40, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
