"""L-7 printable leave form (请假条 / 外出报告单) and L-8 half-year summary as documents of the layer
(``committees.documents``, GB/T 9704-2012: PDF and .docx), and the summary as Excel (openpyxl).
Printed in the committee's language (the site's), whoever prints them."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from committees import documents
from committees.documents import Cell, said

from .models import PRIVATE_KINDS, LeaveRequest

#: The form's four columns: label, value, label, value (mm, scaled to the text area).
FORM_WIDTHS = (30, 48, 30, 48)
#: The summary's columns: name, kind, destination, dates, days, reason, state, reported back.
SUMMARY_WIDTHS = (16, 18, 18, 30, 11, 31, 16, 16)


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


def _label(text) -> Cell:
    return Cell(str(text), label=True)


def _days(value) -> str:
    return f"{value.normalize():f}"


def _dates(leave: LeaveRequest) -> str:
    first = documents.chinese_date(leave.start_date)
    if leave.starts_afternoon:
        first += pgettext("leave from", "afternoon")
    last = documents.chinese_date(leave.end_date)
    if leave.ends_morning:
        last += pgettext("leave until", "noon")
    return f"{first}—{last}"


def leave_number(leave: LeaveRequest) -> str:
    """The request's number: its place among the committee's requests submitted in the same year
    (临江区委假〔2026〕7号); requests are never deleted (PROTECT), so it stays as printed."""
    rows = LeaveRequest.objects.filter(committee_id=leave.committee_id)
    year, number = documents.number_in_year(rows, "submitted_at", leave.submitted_at, leave.pk)
    return documents.document_number(f"{leave.committee.name}假", year, number)


def leave_form(leave: LeaveRequest, steps) -> documents.Document:
    """L-7: the uniform form – 请假条 for private leave, 外出报告单 for a trip – with the reason, the
    dates, and each approver's annotation signed and dated (001 (四)3); a step not yet decided
    keeps room for a handwritten one."""
    with override(settings.LANGUAGE_CODE):
        private = leave.kind in PRIVATE_KINDS
        document = documents.Document(
            issuer="",
            number=said(_("No."), leave_number(leave)),
            title=_("Leave request form") if private else _("Trip report form"),
        )
        days = _("%(calendar)s calendar days, %(working)s working days") % {
            "calendar": _days(leave.calendar_days),
            "working": _days(leave.working_days),
        }
        reason = leave.reason
        if leave.is_late:
            reason += "\n" + said(_("Reported late; urgency"), leave.urgency_reason)
        rows = [
            (
                _label(pgettext("person", "Name")),
                leave.person.name,
                _label(_("Position")),
                leave.person.position or leave.get_requester_role_display(),
            ),
            (_label(_("Kind")), leave.get_kind_display(), _label(_("Destination")), leave.destination),
            (_label(_("Dates")), Cell(f"{_dates(leave)}（{days}）", span=3)),
            (_label(pgettext("leave form", "Reason")), Cell(reason, span=3, lines=2)),
            (
                _label(_("Duties covered by")),
                leave.covered_by.name if leave.covered_by_id else "—",
                _label(_("Contact while away")),
                leave.contact,
            ),
        ]
        for step in steps:
            if step.decided_at:
                signer = step.decided_by.name if step.decided_by_id else ""
                if step.stands_in_for_id:
                    signer += _(" (for %(name)s)") % {"name": step.stands_in_for.name}
                signed = f"{signer}　{documents.chinese_date(timezone.localtime(step.decided_at))}"
                text = f"{step.annotation or step.get_state_display()}\n{signed}"
                rows.append((_label(step.title_text), Cell(text, span=3, lines=2)))
            else:
                rows.append((_label(step.title_text), Cell("", span=3, lines=3)))
        back = ""
        if leave.returned_at:
            back = f"{leave.briefing}\n{documents.chinese_date(timezone.localtime(leave.returned_at))}"
        rows.append((_label(_("Report back")), Cell(back, span=3, lines=2)))
        document.table(rows, FORM_WIDTHS)
    return document


def summary_document(committee, start, end, requests, sent_on=None) -> documents.Document:
    """L-8: the half-year summary the committee sends its parent's organisation department – one
    row a request of the period, set in 五号 to fit eight columns on the portrait page."""
    with override(settings.LANGUAGE_CODE):
        office = _("%(committee)s office") % {"committee": committee.name}
        document = documents.Document(
            issuer=office,
            number="",
            title=_("Half-year leave and travel summary of %(committee)s") % {"committee": committee.name},
            printed_by=office,
            printed_on=documents.chinese_date(sent_on) if sent_on else "",
        )
        period = _("%(start)s to %(end)s") % {
            "start": documents.chinese_date(start),
            "end": documents.chinese_date(end),
        }
        document.add("text", said(_("Period"), period) + "；" + said(_("Requests"), len(requests)) + "。")
        rows = [
            (
                pgettext("person", "Name"),
                _("Kind"),
                _("Destination"),
                _("Dates"),
                _("Days"),
                _("Reason"),
                _("State"),
                _("Reported back"),
            )
        ]
        for leave in requests:
            rows.append(
                (
                    leave.person.name,
                    leave.get_kind_display(),
                    leave.destination,
                    _dates(leave),
                    _days(leave.calendar_days),
                    leave.reason,
                    leave.get_state_display(),
                    documents.chinese_date(timezone.localtime(leave.returned_at)) if leave.returned_at else "—",
                )
            )
        if not requests:
            rows.append((Cell(_("No leave or trips in this period."), span=len(SUMMARY_WIDTHS)),))
        document.table(rows, SUMMARY_WIDTHS, size=10.5, header=True)
    return document
