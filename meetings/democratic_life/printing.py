"""The written report on a democratic life meeting (DL-4, 003 民主生活会 七) as a document of the
layer (``committees.documents``, GB/T 9704-2012): addressed to the higher-level committee, copied
to its discipline commission – PDF and .docx, in the committee's language (the site's)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.documents import Cell, said

from .models import DemocraticLifeRecord, OpinionSource

#: The measures table: problem, measure, responsible, due, state (mm, scaled to the text area).
MEASURE_WIDTHS = (44, 52, 20, 22, 18)


def report_document(record: DemocraticLifeRecord) -> documents.Document:
    """DL-4: when and on what theme the meeting was held (DL-1), how it was prepared – opinions
    collected by source, heart-to-heart talks – the report's own words as submitted, and the
    rectification measures with their due dates and state (DL-3). Before the report is submitted
    it prints as a draft."""
    with override(settings.LANGUAGE_CODE):
        committee = record.committee
        parent = committee.parent
        obligation = record.report_obligation
        submitted = obligation.submitted_at if obligation else None
        document = documents.Document(
            issuer=committee.name,
            number="",
            title=_("Report on the %(year)s democratic life meeting of %(committee)s")
            % {"year": record.year, "committee": committee.name},
            draft="" if submitted else _("DRAFT"),
            copies_to=[_("%(committee)s discipline inspection commission") % {"committee": parent.name}]
            if parent
            else [],
            printed_by=_("%(committee)s office") % {"committee": committee.name},
            printed_on=documents.chinese_date(timezone.localtime(submitted)) if submitted else "",
        )
        add = document.add
        if parent:
            add("flush", f"{parent.name}：")
        meeting = record.meeting
        if meeting is not None:
            held = timezone.localtime(meeting.start_at)
            add(
                "text",
                _("%(committee)s held its %(year)s democratic life meeting on %(date)s at %(place)s.")
                % {
                    "committee": committee.name,
                    "year": record.year,
                    "date": documents.chinese_date(held),
                    "place": meeting.place or "—",
                },
            )
        if record.theme:
            add("text", said(_("Theme"), record.theme) + "。")
        number = 0

        def heading(text) -> None:
            nonlocal number
            number += 1
            add("heading", f"{documents.chinese_ordinal(number)}、{text}")

        heading(_("Preparation"))
        counts = dict(record.opinions.values_list("source").annotate(n=Count("pk")))
        by_source = "，".join(f"{label}{counts[value]}" for value, label in OpinionSource.choices if counts.get(value))
        opinions = _("%(count)s opinions were collected beforehand") % {"count": sum(counts.values())}
        talks = _("%(count)s heart-to-heart talks were held among the members.") % {"count": record.talks.count()}
        add("text", opinions + (f"（{by_source}）" if by_source else "") + "；" + talks)
        if obligation is not None and obligation.text.strip():
            heading(_("The meeting"))
            for line in obligation.text.splitlines():
                if line.strip():
                    add("text", line.strip())
        measures = list(record.measures.select_related("responsible").order_by("due_date", "pk"))
        heading(_("Rectification measures"))
        rows = [(_("Problem found"), _("Rectification measure"), _("Responsible"), _("Due"), _("State"))]
        for measure in measures:
            state = _("Completed") if measure.completed_at else _("In progress")
            rows.append(
                (
                    measure.problem,
                    measure.measure,
                    measure.responsible.name,
                    documents.chinese_date(measure.due_date),
                    state,
                )
            )
        if not measures:
            rows.append((Cell(_("No rectification measures recorded."), span=len(MEASURE_WIDTHS)),))
        document.table(rows, MEASURE_WIDTHS, size=12, header=True)
        add("signed", committee.name)
        if submitted:
            add("signed", documents.chinese_date(timezone.localtime(submitted)))
    return document
