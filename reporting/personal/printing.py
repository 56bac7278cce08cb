"""The organisation department's reply to a personal-matter report (R-2, 003 个人有关事项报告 第八条)
as a document of the layer (``committees.documents``, GB/T 9704-2012): PDF and .docx, for the
cadre and the department only – the same people who see the report (``visible_reports``)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.models import Committee, RoleAssignment
from reporting.selectors import ORGANISATION_ROLES

from .models import PersonalMatterReport


def replying_committee(report: PersonalMatterReport) -> Committee:
    """Whose organisation department replied: the report's committee's, or its parent's when the
    person who replied sits there (a town cadre's reports are answered by the county)."""
    candidates = [report.committee] + ([report.committee.parent] if report.committee.parent_id else [])
    person = getattr(report.replied_by, "person", None)
    if person is not None:
        held = set(
            RoleAssignment.objects.on(timezone.localdate(report.replied_at))
            .filter(person=person, role__in=ORGANISATION_ROLES, committee__in=candidates)
            .values_list("committee_id", flat=True)
        )
        for committee in candidates:
            if committee.pk in held:
                return committee
    return report.committee


def reply_document(report: PersonalMatterReport) -> documents.Document:
    """答复意见: to the cadre, what the report was (its kind, the event's and the filing's days), the
    department's reply, and the day by which the cadre acts on it (第八条: ignoring the reply is
    handled)."""
    with override(settings.LANGUAGE_CODE):
        department = _("%(committee)s organisation department") % {"committee": replying_committee(report).name}
        replied = documents.chinese_date(timezone.localtime(report.replied_at))
        cadre = report.cadre.name
        document = documents.Document(
            issuer=department,
            number="",
            title=_("Reply to the personal-matter report of %(name)s") % {"name": cadre},
            printed_by=department,
            printed_on=replied,
        )
        add = document.add
        add("flush", _("Comrade %(name)s:") % {"name": cadre})
        matter = report.get_kind_display() if report.kind else report.get_occasion_display()
        filed = documents.chinese_date(timezone.localtime(report.filed_at)) if report.filed_at else "—"
        add(
            "text",
            _("Your report on %(matter)s, filed on %(filed)s, has been reviewed.") % {"matter": matter, "filed": filed},
        )
        for line in report.reply_text.splitlines():
            if line.strip():
                add("text", line.strip())
        if report.reply_response_due_at:
            due = documents.chinese_date(timezone.localtime(report.reply_response_due_at))
            add(
                "text",
                _("Act on this reply and report back to the organisation department by %(date)s.") % {"date": due},
            )
        add("signed", department)
        add("signed", replied)
    return document
