"""Supervision's printed records as documents of the layer (``committees.documents``, GB/T
9704-2012): 《督查事项拟办呈批表》, the registration form the principal leader approves, 《督查通报》,
the notice that assigns the matter to the undertaking unit (S-2, 003 督促检查 三.1–2), and the
accountability decision (问责决定书, A-1..A-5). Each prints as PDF and downloads as .docx, written in
the committee's language (the site's)."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from committees import documents
from committees.documents import Cell, said

from .models import AccountabilityCase, Mitigation, SupervisionItem

#: The approval form's four columns: label, value, label, value (mm, scaled to the text area).
FORM_WIDTHS = (26, 52, 26, 52)


def registration_number(item: SupervisionItem) -> str:
    """The item's number: its place among the committee's items registered in the same year, under
    the committee's code with 督 (临江区委督〔2026〕3号). Items are never deleted (PROTECT, history),
    so the number stays what it was printed as."""
    rows = SupervisionItem.objects.filter(committee_id=item.committee_id)
    year, number = documents.number_in_year(rows, "registered_at", item.registered_at, item.pk)
    return documents.document_number(f"{item.committee.name}督", year, number)


def _day(moment) -> str:
    return documents.chinese_date(timezone.localtime(moment)) if moment else ""


def _name(person) -> str:
    return person.name if person else ""


def _label(text) -> Cell:
    return Cell(str(text), label=True)


def approval_form(item: SupervisionItem) -> documents.Document:
    """《督查事项拟办呈批表》: the matter, its basis and requirements, the undertaking unit and the
    feedback deadline as registered, then the principal leader's approval – with room left for the
    handwritten 批示 when it is printed before the approval."""
    with override(settings.LANGUAGE_CODE):
        document = documents.Document(
            issuer="",
            number=said(_("No."), registration_number(item)),
            title=_("Supervision item approval form"),
            printed_by="",
        )
        approval = ""
        if item.approved_at:
            approval = f"{_name(item.approved_by)}　{_day(item.approved_at)}"
        document.table(
            [
                (
                    _label(_("Source")),
                    item.get_source_kind_display(),
                    _label(_("Registered on")),
                    _day(item.registered_at),
                ),
                (_label(pgettext("supervision form", "Matter")), Cell(item.matter, span=3, lines=4)),
                (_label(pgettext("supervision form", "Basis")), Cell(item.basis, span=3, lines=2)),
                (_label(pgettext("supervision form", "Requirements")), Cell(item.requirements, span=3, lines=3)),
                (
                    _label(_("Undertaking unit")),
                    item.undertaking_unit,
                    _label(_("Feedback deadline")),
                    documents.chinese_date(item.feedback_deadline),
                ),
                (
                    _label(_("Responsible person")),
                    _name(item.responsible_person),
                    _label(_("Leader in charge")),
                    _name(item.leader_in_charge),
                ),
                (_label(_("Registered by")), Cell(_name(item.registered_by), span=3)),
                (_label(_("Principal leader's approval")), Cell(approval, span=3, lines=4)),
            ],
            FORM_WIDTHS,
        )
    return document


def notice(item: SupervisionItem) -> documents.Document:
    """《督查通报》: addressed to the undertaking unit, the matter, its basis and requirements, and the
    written feedback owed by the deadline (S-2: unfinished, the unit says why and keeps reporting
    until done), signed by the committee's office on the day of assignment. Before assignment it
    is marked as a draft."""
    with override(settings.LANGUAGE_CODE):
        committee = item.committee.name
        office = _("%(committee)s office") % {"committee": committee}
        assigned = _day(item.assigned_at)
        document = documents.Document(
            issuer=_("Supervision notice"),
            number=registration_number(item),
            title=_("Supervision notice on %(matter)s") % {"matter": _short(item.matter)},
            draft="" if item.assigned_at else _("DRAFT"),
            printed_by=office,
            printed_on=assigned,
        )
        add = document.add
        add("flush", f"{item.undertaking_unit}：")
        add(
            "text",
            _("As approved by the principal leader of %(committee)s, the following matter is assigned to your unit.")
            % {"committee": committee},
        )
        sections = [
            (pgettext("supervision form", "Matter"), item.matter),
            (pgettext("supervision form", "Basis"), item.basis),
            (pgettext("supervision form", "Requirements"), item.requirements),
        ]
        number = 0
        for heading, text in sections:
            if not text.strip():
                continue
            number += 1
            add("heading", f"{documents.chinese_ordinal(number)}、{heading}")
            for line in text.splitlines():
                if line.strip():
                    add("text", line.strip())
        number += 1
        feedback = pgettext("supervision form", "Feedback")
        add("heading", f"{documents.chinese_ordinal(number)}、{feedback}")
        add(
            "text",
            _(
                "Report in writing to %(office)s by %(date)s. A matter not finished by then is reported with "
                "the reasons, and progress is reported regularly until it is done."
            )
            % {"office": office, "date": documents.chinese_date(item.feedback_deadline)},
        )
        if item.responsible_person or item.leader_in_charge:
            people = [
                said(_("Responsible person"), _name(item.responsible_person)) if item.responsible_person else "",
                said(_("Leader in charge"), _name(item.leader_in_charge)) if item.leader_in_charge else "",
            ]
            add("text", "；".join(p for p in people if p) + "。")
        add("signed", office)
        if assigned:
            add("signed", assigned)
    return document


def _short(matter: str, limit: int = 40) -> str:
    """The matter's first line, shortened for a title (the whole matter is in the body)."""
    first = (matter.strip().splitlines() or [""])[0].strip().rstrip("。；;.")
    return first if len(first) <= limit else first[: limit - 1] + "…"


#: A ground's label ends with the article it comes from – "(001 (二)1)" – which is the rulebook's
#: reference, not words for a decision handed to the person concerned.
_ARTICLE = re.compile(r"\s*[(（]00\d.*[)）]\s*$")


def decision_number(case: AccountabilityCase) -> str:
    """The decision's number: its place among the committee's decisions of the same year, under the
    committee's code with 问 (临江区委问〔2026〕2号)."""
    rows = AccountabilityCase.objects.filter(committee_id=case.committee_id)
    year, number = documents.number_in_year(rows, "decided_on", case.decided_on, case.pk)
    return documents.document_number(f"{case.committee.name}问", year, number)


def accountability_decision(case: AccountabilityCase) -> documents.Document:
    """问责决定书 (A-1..A-5): to the team or person concerned – the facts, the ground, who bears main
    and who secondary responsibility (A-3), the mitigation when self-corrected (A-5), the
    sanctions, single or combined (A-4), and the referral to judicial organs (A-4). A case not yet
    decided prints as a draft without a number."""
    with override(settings.LANGUAGE_CODE):
        committee = case.committee.name
        decided = case.decided_on
        subject = case.subject.name
        document = documents.Document(
            issuer=committee,
            number=decision_number(case) if decided else "",
            title=_("Decision on holding %(subject)s accountable") % {"subject": subject},
            draft="" if decided else _("DRAFT"),
            printed_by=_("%(committee)s office") % {"committee": committee},
            printed_on=documents.chinese_date(decided) if decided else "",
        )
        add = document.add
        add("flush", f"{subject}：")
        ground = _ARTICLE.sub("", str(case.get_ground_display()))
        sections = [
            (pgettext("accountability decision", "Facts"), [line for line in case.facts.splitlines() if line.strip()]),
            (pgettext("accountability decision", "Ground"), [ground]),
        ]
        shares = [
            f"{share.person.name}（{share.get_position_display()}）：{share.get_degree_display()}"
            for share in case.responsibilities.select_related("person")
        ]
        if shares:
            sections.append((pgettext("accountability decision", "Responsibility"), ["；".join(shares) + "。"]))
        handling = []
        if case.mitigation != Mitigation.NONE:
            handling.append(said(_("Mitigation"), case.get_mitigation_display()) + "。")
            if case.mitigation_note:
                handling.append(case.mitigation_note)
        sanctions = [sanction.get_kind_display() for sanction in case.sanctions.all()]
        if sanctions:
            handling.append(said(_("Sanctions"), "；".join(sanctions)) + "。")
        if case.is_referred_to_judicial:
            handling.append(_("The matter is referred to the judicial organs."))
        if handling:
            sections.append((pgettext("accountability decision", "Decision"), handling))
        for number, (heading, lines) in enumerate(sections, start=1):
            add("heading", f"{documents.chinese_ordinal(number)}、{heading}")
            for line in lines:
                add("text", line)
        add("signed", committee)
        if decided:
            add("signed", documents.chinese_date(decided))
    return document
