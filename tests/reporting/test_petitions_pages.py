"""Petition pages, monthly report (P-4) and API: permissions, forms, query counts, Excel export."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from committees import documents
from committees.models import Level, Role
from committees.paging import PAGE_SIZE
from reporting.petitions import services
from reporting.petitions.models import Petition, PetitionState, ReceptionType
from reporting.petitions.selectors import monthly_report
from tests.factories import CommitteeFactory, UserFactory, user_with_role
from tests.printed import assert_docx_page_set_up, assert_laid_out_on_the_page, docx_text, read_docx, read_pdf, sized
from tests.reporting.accounts import clerk
from tests.reporting.factories_petitions import (
    leader_user,
    local,
    make_petition,
    petitioners,
    town_setting,
    transferred_petition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    return town_setting()


def recent(days_ago: int = 10):
    return timezone.now() - datetime.timedelta(days=days_ago)


# --------------------------------------------------------------------------- permissions

# role on the town committee → (detail of own petition, actions on own petition)
ROLE_TABLE = [
    (Role.PETITION_STAFF, 200, 200),
    (Role.OFFICE_STAFF, 200, 200),
    (Role.SECRETARY, 200, 200),
    (Role.DEPUTY_SECRETARY, 200, 200),
    (Role.MEMBER, 200, 403),
    (Role.DISCIPLINE_SECRETARY, 200, 403),
    (Role.DELEGATE, 200, 403),
]


@pytest.mark.parametrize(("role", "detail", "action"), ROLE_TABLE)
@pytest.mark.parametrize("view", ["transfer", "extend", "answer"])
def test_permissions_on_own_committee(setting, client, role, detail, action, view):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(user_with_role(setting["town"], role))
    assert client.get(f"/petitions/{petition.pk}/").status_code == detail
    assert client.get(f"/petitions/{petition.pk}/{view}/").status_code == action


@pytest.mark.parametrize("role", [Role.PETITION_STAFF, Role.SECRETARY, Role.OFFICE_STAFF])
@pytest.mark.parametrize("path", ["", "transfer/", "extend/", "answer/"])
def test_permissions_on_another_committee_are_404(setting, client, role, path):
    petition = transferred_petition(setting, received_at=recent())
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    client.force_login(user_with_role(other, role))
    assert client.get(f"/petitions/{petition.pk}/{path}").status_code == 404


@pytest.mark.parametrize("path", ["", "transfer/", "extend/", "answer/"])
def test_receiving_leader_may_handle_the_petition(setting, client, path):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(leader_user(setting))
    assert client.get(f"/petitions/{petition.pk}/{path}").status_code == 200


def test_superuser_may_handle_any_petition(setting, client):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(f"/petitions/{petition.pk}/answer/").status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.PETITION_STAFF, 200), (Role.OFFICE_STAFF, 200), (Role.SECRETARY, 200), (Role.MEMBER, 403)],
)
def test_register_page_permissions(setting, client, role, expected):
    client.force_login(user_with_role(setting["town"], role))
    assert client.get(f"/petitions/committees/{setting['town'].pk}/new/").status_code == expected
    assert client.get(f"/petitions/committees/{setting['county'].pk}/new/").status_code == 404


def test_anonymous_user_is_sent_to_login(setting, client):
    assert client.get("/petitions/").status_code == 302


# --------------------------------------------------------------------------- list


def test_list_shows_only_visible_committees(setting, client):
    make_petition(setting, received_at=recent(), content="本镇的信访")
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    other_leader = user_with_role(other, Role.SECRETARY).person
    make_petition(setting, committee=other, leader=other_leader, received_at=recent(), content="外县的信访")
    client.force_login(setting["staff_user"])
    page = client.get("/petitions/").content.decode()
    assert "本镇的信访" in page
    assert "外县的信访" not in page


def test_list_query_count_is_fixed(setting, client, django_assert_max_num_queries):
    def add(count):
        for n in range(count):
            transferred_petition(setting, received_at=recent(n + 1), people=petitioners(3, representatives=1))

    add(5)
    client.force_login(setting["staff_user"])
    client.get("/petitions/")
    with django_assert_max_num_queries(15) as captured:
        assert client.get("/petitions/").status_code == 200
    baseline = len(captured)
    add(10)
    with django_assert_max_num_queries(baseline):
        response = client.get("/petitions/?state=transferred&q=村道")
    assert len(response.context["page"]) == 15


def test_list_is_paginated(setting, client):
    for n in range(PAGE_SIZE + 5):
        make_petition(setting, received_at=recent(n % 20 + 1))
    client.force_login(setting["staff_user"])
    response = client.get("/petitions/?reception_type=scheduled")
    assert len(response.context["page"]) == PAGE_SIZE
    assert "reception_type=scheduled&amp;page=2" in response.content.decode()


def listed(client, query):
    return {p.pk for p, _countdown in client.get(f"/petitions/?{query}").context["rows"]}


def test_list_filters_by_state_type_month_and_content(setting, client):
    march = make_petition(setting, received_at=local(2026, 3, 5), content="土地承包纠纷")
    april = transferred_petition(
        setting, received_at=local(2026, 4, 5), reception_type=ReceptionType.ON_SITE, content="污水排放"
    )
    client.force_login(setting["staff_user"])
    assert listed(client, "state=transferred") == {april.pk}
    assert listed(client, "reception_type=on_site") == {april.pk}
    assert listed(client, "month=2026-03") == {march.pk}
    assert listed(client, "q=承包") == {march.pk}


def test_list_filters_overdue(setting, client):
    late = make_petition(setting, received_at=recent(70))
    fresh = make_petition(setting, received_at=recent(3))
    client.force_login(setting["staff_user"])
    assert listed(client, "overdue=true") == {late.pk}
    assert listed(client, "overdue=false") == {fresh.pk}


def test_list_bad_month_shows_an_error_not_a_500(setting, client):
    client.force_login(setting["staff_user"])
    response = client.get("/petitions/?month=2026-13")
    assert response.status_code == 200
    assert response.context["filter"].form.errors


# --------------------------------------------------------------------------- detail


def test_detail_shows_petitioners_instruction_and_days_left(setting, client):
    petition = transferred_petition(setting, received_at=recent(10), people=petitioners(2, representatives=1))
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/{petition.pk}/")
    page = response.content.decode()
    assert "群众0" in page and "群众1" in page
    assert "请村支部调查核实并答复" in page
    assert response.context["countdown"].days == 50


def test_detail_shows_days_overdue(setting, client):
    petition = make_petition(setting, received_at=recent(63))
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/{petition.pk}/")
    assert response.context["countdown"].overdue_days == 3
    assert 'role="alert"' in response.content.decode()


# --------------------------------------------------------------------------- forms


def register_data(setting, representatives=1, rows=8, **overrides):
    data = {
        "reception_type": ReceptionType.APPOINTMENT,
        "received_at": timezone.localtime(recent(1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "镇信访接待室",
        "receiving_leader": setting["leader"].pk,
        "content": "反映宅基地审批迟迟未办",
        "instruction": "",
        "responsible_committee": "",
        "responsible_department": "",
        "answer_at_once": "",
        "petitioners-TOTAL_FORMS": str(rows),
        "petitioners-INITIAL_FORMS": "0",
        "petitioners-MIN_NUM_FORMS": "1",
        "petitioners-MAX_NUM_FORMS": "200",
    }
    for n in range(rows):
        data[f"petitioners-{n}-name"] = f"来访人{n}"
        data[f"petitioners-{n}-phone"] = ""
        data[f"petitioners-{n}-id_number"] = ""
        if n < representatives:
            data[f"petitioners-{n}-is_representative"] = "on"
    data.update(overrides)
    return data


def test_register_form_creates_petition_with_petitioners(setting, client):
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/committees/{setting['town'].pk}/new/", register_data(setting, 5))
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response.url == f"/petitions/{petition.pk}/"
    assert petition.petitioners.count() == 8
    assert petition.petitioners.filter(is_representative=True).count() == 5
    assert petition.registered_by == setting["staff_user"]
    assert petition.reception_type == ReceptionType.APPOINTMENT


def test_p_5_register_form_refuses_six_representatives_and_keeps_the_input(setting, client):
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/committees/{setting['town'].pk}/new/", register_data(setting, 6))
    assert response.status_code == 200
    assert "[P-5]" in str(response.context["form"].non_field_errors())
    assert "反映宅基地审批迟迟未办" in response.content.decode()
    assert not Petition.objects.exists()


def test_register_form_with_bad_input_shows_errors(setting, client):
    client.force_login(setting["staff_user"])
    data = register_data(setting, received_at="yesterday", **{"petitioners-0-id_number": "12345"})
    response = client.post(f"/petitions/committees/{setting['town'].pk}/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["received_at"]
    assert response.context["formset"].forms[0].errors["id_number"]


def test_register_form_answer_at_once(setting, client):
    client.force_login(setting["staff_user"])
    data = register_data(setting, answer_at_once="当场答复,群众满意")
    client.post(f"/petitions/committees/{setting['town'].pk}/new/", data)
    petition = Petition.objects.get()
    assert petition.state == PetitionState.ANSWERED and petition.due_at is None


def test_register_page_shows_more_rows_on_request(setting, client):
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/committees/{setting['town'].pk}/new/?rows=20")
    assert len(response.context["formset"].forms) == 20


def test_p_2_transfer_form(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(
        f"/petitions/{petition.pk}/transfer/",
        {"instruction": "请村支部核实", "responsible_committee": setting["village"].pk},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.TRANSFERRED
    assert petition.responsible_committee == setting["village"]


def test_p_2_transfer_form_needs_a_unit(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/{petition.pk}/transfer/", {"instruction": "请核实"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def extension_data(days):
    return {
        "days": days,
        "reason": "需要多部门联合调查",
        "petitioner_told_on": timezone.localdate().isoformat(),
        "petitioner_told_how": "phone",
    }


def test_p_3_extend_form_accepts_30_days(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    assert client.post(f"/petitions/{petition.pk}/extend/", extension_data(30)).status_code == 302
    assert petition.extensions.get().days == 30


def test_p_3_extension_whose_author_is_gone_shows_a_dash_not_a_500(setting, client):
    """Issue 14: ``created_by`` is kept as NULL when the login is deleted (or the row came from an
    import); the page answered 500 on ``get_username`` of None."""
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    client.post(f"/petitions/{petition.pk}/extend/", extension_data(30))
    petition.extensions.update(created_by=None)
    response = client.get(f"/petitions/{petition.pk}/")
    assert response.status_code == 200
    row = response.content.decode().split("需要多部门联合调查")[1].split("</tr>")[0]
    assert "<td>—</td>" in row


def test_p_3_extend_form_refuses_31_days_citing_the_rule(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/{petition.pk}/extend/", extension_data(31))
    assert response.status_code == 200
    errors = str(response.context["form"].non_field_errors())
    assert "[P-3]" in errors and "30日" in errors
    assert not petition.extensions.exists()


def test_p_3_answer_form_closes_the_petition(setting, client):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/{petition.pk}/answer/", {"answer": "已修复村道", "answered_at": ""})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.ANSWERED
    assert not petition.is_overdue


def test_p_2_answer_form_before_transfer_shows_the_rule(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(f"/petitions/{petition.pk}/answer/", {"answer": "已答复"})
    assert response.status_code == 200
    assert "[P-2]" in str(response.context["form"].non_field_errors())


# --------------------------------------------------------------------------- P-4 monthly report


@pytest.fixture
def march(setting):
    """March 2026 at 桃源镇: three received, three answered (one late), two open (one overdue)."""
    town, village = setting["town"], setting["village"]
    a = transferred_petition(setting, received_at=local(2026, 3, 2), unit=village)
    services.answer(
        a, answer="已答复", answered_at=local(2026, 3, 12), now=local(2026, 3, 12), acting_user=clerk()
    )  # 10 days
    make_petition(
        setting, received_at=local(2026, 3, 5), reception_type=ReceptionType.APPOINTMENT, answer_at_once="当场答复"
    )  # 0 days
    transferred_petition(setting, received_at=local(2026, 3, 20), department="县住建局")  # open
    d = transferred_petition(setting, received_at=local(2026, 1, 5), department="县住建局")  # due 2026-03-06
    services.answer(
        d, answer="已答复", answered_at=local(2026, 3, 10), now=local(2026, 3, 10), acting_user=clerk()
    )  # 64 days, late
    transferred_petition(
        setting, received_at=local(2025, 12, 20), unit=village, reception_type=ReceptionType.ON_SITE
    )  # due 2026-02-18, open and overdue
    f = transferred_petition(setting, received_at=local(2026, 2, 10), unit=village)
    services.answer(
        f, answer="已答复", answered_at=local(2026, 2, 20), now=local(2026, 2, 20), acting_user=clerk()
    )  # February only
    return town


def figures(row):
    return (row.received, row.answered, row.open, row.overdue, row.answered_late, row.open_overdue, row.average_days)


def test_p_4_monthly_totals(march):
    with translation.override("en"):
        report = monthly_report(march, datetime.date(2026, 3, 1), now=local(2026, 5, 1))
    assert figures(report.total) == (3, 3, 2, 2, 1, 1, 24.7)


def test_p_4_monthly_figures_by_responsible_unit(march):
    with translation.override("en"):
        report = monthly_report(march, datetime.date(2026, 3, 1), now=local(2026, 5, 1))
    rows = {row.label: figures(row) for row in report.by_unit}
    assert rows == {
        "桃源村党支部": (1, 1, 1, 1, 0, 1, 10.0),
        "县住建局": (1, 1, 1, 1, 1, 0, 64.0),
        "Not transferred": (1, 1, 0, 0, 0, 0, 0.0),
    }


def test_p_4_monthly_figures_by_reception_type(march):
    with translation.override("en"):
        report = monthly_report(march, datetime.date(2026, 3, 1), now=local(2026, 5, 1))
        rows = {str(row.label): figures(row)[:3] for row in report.by_reception_type}
        expected = {
            str(ReceptionType.SCHEDULED.label): (2, 2, 1),
            str(ReceptionType.APPOINTMENT.label): (1, 1, 0),
            str(ReceptionType.ON_SITE.label): (0, 0, 1),
        }
    assert rows == expected


def test_p_4_report_uses_three_aggregate_queries(march, django_assert_num_queries):
    with django_assert_num_queries(3):
        monthly_report(march, datetime.date(2026, 3, 1), now=local(2026, 5, 1))


def test_p_4_report_page(setting, march, client):
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/report/?committee={march.pk}&month=2026-03")
    assert response.status_code == 200
    assert response.context["report"].total.received == 3
    assert "县住建局" in response.content.decode()


def test_p_4_report_of_a_hidden_committee_is_404(setting, client):
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    client.force_login(setting["staff_user"])
    assert client.get(f"/petitions/report/?committee={other.pk}&month=2026-03").status_code == 404
    assert client.get(f"/petitions/report.xlsx?committee={other.pk}&month=2026-03").status_code == 404


def test_p_4_excel_export_has_the_figures(setting, march, client):
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/report.xlsx?committee={march.pk}&month=2026-03")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    with translation.override("zh-hans"):  # the page's language
        total, month = gettext("All petitions"), gettext("Month")
    assert rows[total] == (3, 3, 2, 2, 1, 1, 24.7)
    assert rows["县住建局"] == (1, 1, 1, 1, 1, 0, 64)
    assert rows[month][0] == "2026-03"


def test_p_4_the_report_prints_to_gbt9704_with_its_figures(setting, march, client):
    # rule: P-4 (issue 15: the report the committee hears, as PDF and .docx)
    client.force_login(setting["staff_user"])
    url = f"/petitions/report/document/?committee={march.pk}&month=2026-03"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    assert printed.red() == f"{march.name}办公室"
    assert f"{march.name}2026年3月信访工作情况报告" in sized(printed, documents.SIZE_2)
    assert (
        "2026年3月共受理信访事项3件，答复3件，月末未办结2件；逾期2件（其中逾期答复1件、逾期未办结1件）" in printed.text
    )
    assert "平均办理24.7天" in printed.text
    assert "统计截至：2026年3月31日" in printed.text  # the month's last day, not the cutoff instant after it
    table = sized(printed, 10.5)
    assert "县住建局11111064.0" in table and "一、按承办单位" in printed.text
    opened = read_docx(client.get(url + "&format=docx").content)
    assert_docx_page_set_up(opened)
    by_unit, _by_type = opened.tables
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in by_unit.rows}
    assert rows["县住建局"] == ["1", "1", "1", "1", "1", "0", "64.0"]
    assert "24.7" in docx_text(opened)


def test_p_4_the_printed_report_of_a_hidden_committee_or_a_bad_month_is_404(setting, client):
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    client.force_login(setting["staff_user"])
    assert client.get(f"/petitions/report/document/?committee={other.pk}&month=2026-03").status_code == 404
    town = setting["town"].pk
    assert client.get(f"/petitions/report/document/?committee={town}&month=2026-13").status_code == 404


# --------------------------------------------------------------------------- API


def test_api_lists_only_visible_petitions(setting, client):
    mine = make_petition(setting, received_at=recent())
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY)
    make_petition(setting, committee=other, leader=user_with_role(other, Role.SECRETARY).person, received_at=recent())
    client.force_login(setting["staff_user"])
    results = client.get("/api/petitions/").json()["results"]
    assert [r["id"] for r in results] == [mine.pk]
    assert results[0]["petitioners"][0]["name"] == "群众0"


def api_answer(client, petition):
    return client.post(f"/api/petitions/{petition.pk}/answer/", {"answer": "已答复"}, content_type="application/json")


def test_api_answer_action(setting, client):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(
        f"/api/petitions/{petition.pk}/answer/", {"answer": "已答复"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "answered"


def test_api_answer_before_transfer_is_409_with_the_rule(setting, client):
    petition = make_petition(setting, received_at=recent())
    client.force_login(setting["staff_user"])
    response = client.post(
        f"/api/petitions/{petition.pk}/answer/", {"answer": "已答复"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "P-2"


def test_api_answer_by_a_member_is_403(setting, client):
    petition = transferred_petition(setting, received_at=recent())
    client.force_login(user_with_role(setting["town"], Role.MEMBER))
    response = client.post(
        f"/api/petitions/{petition.pk}/answer/", {"answer": "已答复"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_api_list_query_count_is_fixed(setting, client, django_assert_max_num_queries):
    for n in range(10):
        transferred_petition(setting, received_at=recent(n + 1), people=petitioners(3))
    client.force_login(setting["staff_user"])
    # 11: one of them reads the committees the login sees, once for the request (issue 19)
    with django_assert_max_num_queries(11):
        assert len(client.get("/api/petitions/").json()["results"]) == 10


def test_register_picker_redirects_to_the_committee_form(setting, client):
    client.force_login(setting["staff_user"])
    response = client.get(f"/petitions/new/?committee={setting['town'].pk}")
    assert response.status_code == 302
    assert response.url == f"/petitions/committees/{setting['town'].pk}/new/"
    assert client.get(f"/petitions/new/?committee={setting['county'].pk}").status_code == 404
    assert client.get("/petitions/new/?committee=x").status_code == 404


def test_superuser_with_many_committees_gets_a_register_picker(setting, client):
    for n in range(3):
        CommitteeFactory(name=f"第{n}村党支部", level=Level.BRANCH, parent=setting["town"])
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/petitions/").content.decode()
    assert 'action="/petitions/new/"' in page


def test_admin_pages_render(setting, client):
    petition = transferred_petition(setting, received_at=recent(), people=petitioners(2, representatives=1))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/reporting/petition/").status_code == 200
    assert client.get(f"/admin/reporting/petition/{petition.pk}/change/").status_code == 200
    assert client.get(f"/admin/reporting/petition/{petition.pk}/history/").status_code == 200
