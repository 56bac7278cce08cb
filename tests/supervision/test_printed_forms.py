"""Issue 15: 《督查事项拟办呈批表》 and 《督查通报》 (S-2) printed to GB/T 9704-2012 as PDF and .docx,
measured from the files."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from committees import documents
from committees.docx import RED
from supervision import printing, services
from supervision.models import AccountabilityGround, Mitigation, SanctionKind, SupervisionItem
from tests.meetings.factories import sh
from tests.printed import (
    assert_docx_page_set_up,
    assert_laid_out_on_the_page,
    docx_text,
    faces,
    read_docx,
    read_pdf,
    sized,
)
from tests.supervision.factories import assigned_item, make_item, make_office

pytestmark = pytest.mark.django_db


def registered(item: SupervisionItem, at) -> SupervisionItem:
    SupervisionItem.objects.filter(pk=item.pk).update(registered_at=at)
    item.refresh_from_db()
    return item


def test_s_2_the_approval_form_is_a_form_on_the_gbt9704_page(client, office):
    # rule: S-2
    item = registered(make_item(office, basis="市委〔2026〕5号文件"), sh(2026, 3, 2))
    client.force_login(office.inspector.user)
    response = client.get(reverse("supervision_print", args=[item.pk, "approval"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    assert "督查事项拟办呈批表" in sized(printed, documents.SIZE_2)  # the title, 二号
    assert f"编号：{office.committee.name}督〔2026〕1号" in printed.text
    lines = ["".join(line.split()) for line in printed.pages[0].text.splitlines()]
    unit = office.committee.name
    for line in ("落实秸秆禁烧工作", "市委〔2026〕5号文件", "按期反馈", f"承办单位{unit}反馈时限2026年12月31日"):
        assert line in lines
    for label in ("督查事项", "立项依据", "办理要求"):
        assert label in lines  # a label centred beside its value
    assert "登记日期2026年3月2日" in printed.text
    assert any("Sans" in face for face in faces(printed, "承办单位"))  # labels in 黑体
    assert printed.pages[0].edges > 20  # the table's rules are drawn
    assert printed.red() == ""  # a form has no red 版头
    assert "主要负责同志审批" in printed.text  # with room for the handwritten approval


def test_s_2_the_approval_form_names_the_approver_once_approved(client, office):
    # rule: S-2
    item = assigned_item(office)
    client.force_login(office.inspector.user)
    printed = read_pdf(client.get(reverse("supervision_print", args=[item.pk, "approval"])).content)
    approved = documents.chinese_date(item.approved_at.astimezone(sh(2026, 1, 1).tzinfo))
    assert f"{office.secretary.name}{approved}" in printed.text


def test_s_2_the_notice_has_the_red_head_its_number_and_the_feedback_owed(client, office):
    # rule: S-2
    item = registered(assigned_item(office, matter="落实秸秆禁烧工作。\n各乡镇每周报送巡查情况。"), sh(2026, 5, 6))
    client.force_login(office.inspector.user)
    printed = read_pdf(client.get(reverse("supervision_print", args=[item.pk, "notice"])).content)
    assert_laid_out_on_the_page(printed)
    assert printed.red() == "督查通报"  # the issuing mark in red
    number = f"{office.committee.name}督〔2026〕1号"
    assert any("".join(line.split()) == number for line in printed.pages[0].text.splitlines())
    assert "关于落实秸秆禁烧工作的督查通报" in sized(printed, documents.SIZE_2)
    assert f"{item.undertaking_unit}：" in printed.text  # the addressee
    assert "一、督查事项" in printed.text and "各乡镇每周报送巡查情况。" in printed.text
    assert "请于2026年12月31日前将办理情况书面报送" in printed.text
    assert "直至办结" in printed.text  # S-2: unfinished, the unit keeps reporting
    assigned = documents.chinese_date(item.assigned_at.astimezone(sh(2026, 1, 1).tzinfo))
    assert f"{office.committee.name}办公室{assigned}印发" in printed.text  # the 版记
    assert "草稿" not in printed.text


def test_s_2_a_notice_printed_before_assignment_is_a_draft(client, office):
    # rule: S-2
    item = make_item(office)
    client.force_login(office.inspector.user)
    printed = read_pdf(client.get(reverse("supervision_print", args=[item.pk, "notice"])).content)
    assert printed.text.startswith("草稿")


def test_s_2_items_are_numbered_within_their_committee_and_year(office):
    # rule: S-2
    first = registered(make_item(office), sh(2026, 12, 31, 23, 59))
    second = registered(make_item(office), sh(2026, 12, 31, 23, 59))  # the same minute: by creation
    next_year = registered(make_item(office), sh(2027, 1, 1, 0, 0))  # Beijing's new year, 16:00 UTC before
    elsewhere = registered(make_item(make_office()), sh(2026, 12, 1))
    name = office.committee.name
    assert printing.registration_number(first) == f"{name}督〔2026〕1号"
    assert printing.registration_number(second) == f"{name}督〔2026〕2号"
    assert printing.registration_number(next_year) == f"{name}督〔2027〕1号"
    assert printing.registration_number(elsewhere).endswith("〔2026〕1号")


@pytest.mark.parametrize("form_name", ["approval", "notice"])
def test_both_forms_download_as_docx_with_the_page_and_the_words_of_the_pdf(client, office, form_name):
    item = assigned_item(office)
    client.force_login(office.inspector.user)
    url = reverse("supervision_print", args=[item.pk, form_name])
    response = client.get(url + "?format=docx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.docx"')
    opened = read_docx(response.content)
    assert_docx_page_set_up(opened)
    words = docx_text(opened)
    printed = read_pdf(client.get(url).content)
    for part in ("落实秸秆禁烧工作", "2026年12月31日", printing.registration_number(item)):
        assert part in words and part in printed.text
    if form_name == "approval":
        (table,) = opened.tables
        label = table.rows[1].cells[0].paragraphs[0].runs[0]
        assert label.text == "督查事项" and label.font.name == "黑体"
        assert table.rows[1].cells[1].text == item.matter  # the value spans three columns
    else:
        assert opened.paragraphs[0].text == "督查通报"
        assert opened.paragraphs[0].runs[0].font.color.rgb == RED


def test_a_long_matter_rare_characters_and_empty_sections_still_lay_out(client, office):
    rare = "𠮷䶮"
    matter = ("统筹推进乡村振兴重点任务" * 42)[:497] + rare + "。"
    item = assigned_item(office, matter=matter, basis="", unit_committee=None, unit_name=f"{rare}村民委员会")
    SupervisionItem.objects.filter(pk=item.pk).update(requirements="")
    client.force_login(office.inspector.user)
    for form_name in ("approval", "notice"):
        printed = read_pdf(client.get(reverse("supervision_print", args=[item.pk, form_name])).content)
        assert_laid_out_on_the_page(printed)
        assert rare in printed.text and f"{rare}村民委员会" in printed.text
    assert "立项依据" not in printed.text and "办理要求" not in printed.text  # empty sections left out
    assert f"关于{matter[:39]}…的督查通报" in printed.text  # the title shortened, the matter whole


def test_a_form_of_another_committee_is_hidden_and_an_unknown_form_is_404(client, office):
    item = make_item(office)
    client.force_login(office.outsider.user)
    assert client.get(reverse("supervision_print", args=[item.pk, "approval"])).status_code == 404
    client.force_login(office.inspector.user)
    assert client.get(reverse("supervision_print", args=[item.pk, "other"])).status_code == 404


# ------------------------------------------------------------------ 问责决定书 (A-1..A-5)


def person_case(office, facts="未按期完成督查事项，造成不良影响。"):
    return services.open_case(
        committee=office.committee,
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts=facts,
        acting_user=office.inspector.user,
        subject_person=office.member,
    )


def test_a_4_the_accountability_decision_states_facts_shares_mitigation_and_sanctions(client, office):
    # rule
    case = person_case(office)
    services.set_responsibility(
        case, person=office.member, position="in_charge", degree="main", acting_user=office.inspector.user
    )
    services.mitigate(
        case,
        mitigation=Mitigation.LIGHTER,
        note="主动发现并及时纠正。",
        is_self_corrected=True,
        acting_user=office.inspector.user,
    )
    services.add_sanction(case, kind=SanctionKind.ADMONISHMENT, acting_user=office.inspector.user)
    services.add_sanction(case, kind=SanctionKind.SELF_EXAMINATION, acting_user=office.inspector.user)
    services.decide_case(case, acting_user=office.secretary.user, decided_on=datetime.date(2026, 11, 30))
    client.force_login(office.inspector.user)
    response = client.get(reverse("supervision_case_decision", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    name, member = office.committee.name, office.member.name
    assert printed.red() == name
    assert f"{name}问〔2026〕1号" in printed.text
    assert f"关于对{member}问责的决定" in sized(printed, documents.SIZE_2)
    assert "未按期完成督查事项，造成不良影响。" in printed.text
    assert f"{member}（分管领导）：主要责任" in printed.text
    assert "主动发现并及时纠正。" in printed.text
    assert "问责方式：诫勉谈话；责令作出书面检查。" in printed.text  # combined (并处)
    assert "2026年11月30日" in printed.text and "草稿" not in printed.text
    assert "001" not in printed.text and "A-" not in printed.text  # no article or rule reference
    opened = read_docx(client.get(reverse("supervision_case_decision", args=[case.pk]) + "?format=docx").content)
    assert_docx_page_set_up(opened)
    assert f"关于对{member}问责的决定" in docx_text(opened)


def test_a_4_an_undecided_case_prints_as_an_unnumbered_draft_for_those_who_may_read_it(client, office):
    # rule: A-4
    case = person_case(office)
    client.force_login(office.inspector.user)
    printed = read_pdf(client.get(reverse("supervision_case_decision", args=[case.pk])).content)
    assert printed.text.startswith("草稿") and "问〔" not in printed.text
    client.force_login(office.outsider.user)
    assert client.get(reverse("supervision_case_decision", args=[case.pk])).status_code == 404


def test_a_4_decisions_are_numbered_by_the_day_decided_within_the_year(office):
    # rule: A-4
    later, earlier = person_case(office), person_case(office)
    services.decide_case(later, acting_user=office.secretary.user, decided_on=datetime.date(2026, 12, 31))
    services.decide_case(earlier, acting_user=office.secretary.user, decided_on=datetime.date(2026, 3, 1))
    name = office.committee.name
    assert printing.decision_number(earlier) == f"{name}问〔2026〕1号"
    assert printing.decision_number(later) == f"{name}问〔2026〕2号"
    next_year = person_case(office)
    services.decide_case(next_year, acting_user=office.secretary.user, decided_on=datetime.date(2027, 1, 1))
    assert printing.decision_number(next_year) == f"{name}问〔2027〕1号"
