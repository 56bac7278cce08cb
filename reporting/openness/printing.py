"""The year's openness results of the units under a committee (X-2) as the committee's 通报 on the
document layer (``committees.documents``, GB/T 9704-2012): 第十三条 (五) has the results, once
approved by the committee, made known; 第十四条 commends the excellent and criticises the failed,
which rectify within a time limit. PDF and .docx, in the committee's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from committees import documents
from committees.documents import Cell
from committees.selectors import current_rules
from reporting.templatetags.openness import signed_percent

from . import selectors
from .models import Grade

#: Unit, routine checks, focused checks, year-end score, grade, effect (mm, scaled to the text area).
WIDTHS = (44, 30, 22, 20, 20, 20)


def year_document(committee, year: int, today=None) -> documents.Document:
    """X-2: each unit's checks of ``year`` (routine scores, focused checks, the year-end score and
    grade) and the grade's effect on the annual assessment; the units rated excellent commended,
    those failed named for criticism and rectification."""
    today = today or timezone.localdate()
    version = current_rules(committee)
    rows = selectors.board(committee, year, version)
    with override(settings.LANGUAGE_CODE):
        office = _("%(committee)s office") % {"committee": committee.name}
        document = documents.Document(
            issuer=committee.name,
            number="",
            title=_("Notice on the party-affairs openness assessment of %(year)s") % {"year": year},
            printed_by=office,
            printed_on=documents.chinese_date(today),
        )
        document.add("flush", _("Party branches and units:"))
        checked = [row for row in rows if row.year_end]
        document.add(
            "text",
            _(
                "In %(year)s %(committee)s checked the party-affairs openness of its units on the 100-point "
                "score sheet: %(units)s units, %(routine)s routine checks, %(focused)s focused checks, and "
                "%(annual)s year-end checks. The results are as follows."
            )
            % {
                "year": year,
                "committee": committee.name,
                "units": len(rows),
                "routine": sum(len(row.routine) for row in rows),
                "focused": sum(len(row.focused) for row in rows),
                "annual": len(checked),
            },
        )
        table = [(_("Unit"), _("Routine checks"), _("Focused checks"), _("Year-end score"), _("Grade"), _("Effect"))]
        for row in rows:
            year_end = row.year_end
            table.append(
                (
                    row.unit.name,
                    "、".join(str(check.total) for check in row.routine) or "—",
                    "、".join(str(check.total) for check in row.focused) or "—",
                    str(year_end.total) if year_end else "—",
                    str(year_end.get_grade_display()) if year_end else _("not checked"),
                    signed_percent(row.effect) if year_end else "—",
                )
            )
        if len(table) == 1:
            table.append((Cell(_("No unit under this committee."), span=len(WIDTHS)),))
        document.table(table, WIDTHS, size=12, header=True)
        excellent = [row.unit.name for row in checked if row.year_end.grade == Grade.EXCELLENT]
        failed = [row.unit.name for row in checked if row.year_end.grade == Grade.FAIL]
        if excellent:
            document.add(
                "text",
                _("The following units are rated excellent and are commended: %(units)s.")
                % {"units": "、".join(excellent)},
            )
        if failed:
            document.add(
                "text",
                _(
                    "The following units failed; they are criticised and shall rectify within the time set: "
                    "%(units)s. Where a unit does not rectify earnestly, its principal leader is not eligible "
                    "for awards this year."
                )
                % {"units": "、".join(failed)},
            )
        if version is not None:
            document.add(
                "text",
                _(
                    "The year-end grade counts in the annual assessment: excellent raises it by %(excellent)s%%, "
                    "good by %(good)s%%, a fail lowers it by %(fail)s%%."
                )
                % {
                    "excellent": version.disclosure_excellent_bonus_percent,
                    "good": version.disclosure_good_bonus_percent,
                    "fail": version.disclosure_fail_penalty_percent,
                },
            )
        document.add("signed", committee.name)
        document.add("signed", documents.chinese_date(today))
    return document
