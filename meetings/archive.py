"""One-click archive export (M-M5): a ZIP of a committee's year for the paper archive – every
approved minutes PDF (full version: the archive keeps everything; each export is logged as a
confidential read, M-M7), the decisions register as Excel, and the notices and agendas."""

from __future__ import annotations

import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from committees.models import Committee

from . import pdf
from .models import Minutes, MinutesStatus, Notice
from .selectors.decisions import visible_decisions
from .selectors.minutes import read_minutes


def decisions_workbook(decisions) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Decisions")
    header = [
        _("Decided at"),
        _("Resolution"),
        _("Category"),
        _("Kind"),
        _("Status"),
        _("Basis and reasons"),
        _("Responsible"),
        _("Supervision"),
        _("Confidential"),
        _("Supersedes"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for d in decisions:
        sheet.append(
            [
                timezone.localtime(d.decided_at).strftime("%Y-%m-%d %H:%M"),
                d.resolution,
                str(d.get_category_display()),
                str(d.get_kind_display()),
                str(d.get_status_display()),
                d.basis,
                "、".join(p.name for p in d.responsible.all()),
                d.supervision,
                _("yes") if d.is_confidential else "",
                d.supersedes_id or "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def archive_zip(user, committee: Committee, year: int) -> bytes:
    """The ZIP for ``committee`` and ``year``; confidential content follows what ``user`` may see."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        minutes = Minutes.objects.filter(committee=committee, year=year).exclude(status=MinutesStatus.DRAFT)
        for m in minutes.select_related("meeting", "committee").order_by("number"):
            full = read_minutes(user, m, full=True, what="archive")
            archive.writestr(f"minutes/{year}-{m.number:03d}.pdf", pdf.render_minutes_pdf(m, full=full))
        decisions = (
            visible_decisions(user)
            .filter(committee=committee, decided_at__year=year)
            .prefetch_related("responsible")
            .order_by("decided_at", "pk")
        )
        archive.writestr(f"decisions-{year}.xlsx", decisions_workbook(decisions))
        notices = Notice.objects.filter(meeting__committee=committee, sent_at__year=year).select_related("meeting")
        for notice in notices.order_by("sent_at", "pk"):
            local = timezone.localtime(notice.sent_at)
            archive.writestr(f"notices/{local:%Y%m%d}-{notice.pk}-{notice.kind}.txt", notice.text)
    return buffer.getvalue()
