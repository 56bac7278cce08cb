"""Leave pages, printable form, summary exports and API (L-7, L-8, L-9)."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from committees import documents
from committees.models import Level, PortfolioArea, Role
from committees.permissions import sync_user_permissions
from reporting.leave import pdf, services
from reporting.leave.models import LeaveKind, LeaveRequest, LeaveState, StepState
from tests.factories import CommitteeFactory, PortfolioFactory, user_with_role
from tests.printed import (
    assert_docx_page_set_up,
    assert_laid_out_on_the_page,
    docx_text,
    faces,
    read_docx,
    read_pdf,
    sized,
)
from tests.reporting.accounts import clerk, user_of

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def org():
    city = CommitteeFactory(name="云川市委", level=Level.CITY)
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=city)
    other = CommitteeFactory(name="青山县委", level=Level.COUNTY, parent=city)
    users = {
        "city_secretary": user_with_role(city, Role.SECRETARY),
        "city_org": user_with_role(city, Role.ORGANIZATION_MEMBER),
        "city_org_staff": user_with_role(city, Role.ORGANIZATION_STAFF),
        "secretary": user_with_role(county, Role.SECRETARY),
        "member": user_with_role(county, Role.MEMBER),
        "colleague": user_with_role(county, Role.MEMBER),
        "office": user_with_role(county, Role.OFFICE_STAFF),
        "outsider": user_with_role(other, Role.SECRETARY),
    }
    PortfolioFactory(committee=city, person=users["city_org"].person, area=PortfolioArea.ORGANIZATION)
    for user in users.values():
        sync_user_permissions(user)
    return {"city": city, "county": county, **users}


START = D(2026, 11, 10)


def ask(org, days, kind=LeaveKind.PRIVATE_LEAVE, who="member", start=START):
    return services.submit(
        person=org[who].person,
        committee=org["county"],
        kind=kind,
        reason="探亲",
        destination="北京",
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        contact="13800000000",
        acting_user=clerk(),
    )


def post_form(client, days, kind=LeaveKind.PRIVATE_LEAVE, start="2026-11-10", **extra):
    end = (D.fromisoformat(start) + datetime.timedelta(days=days - 1)).isoformat()
    data = {
        "kind": kind,
        "reason": "探亲",
        "destination": "北京",
        "start_date": start,
        "end_date": end,
        "contact": "13800000000",
        **extra,
    }
    return client.post(reverse("leave_create"), data)


def test_demo_flow_2_5_10_days_and_abroad_in_the_browser(client, org):
    client.force_login(org["member"])
    org_committee = org["county"].pk
    for days, start in ((2, "2026-11-10"), (5, "2026-11-20"), (10, "2026-12-01")):
        response = post_form(client, days, start=start, committee=org_committee)
        assert response.status_code == 302
    response = post_form(client, 3, kind=LeaveKind.ABROAD_PRIVATE, start="2026-12-20", committee=org_committee)
    assert response.status_code == 302
    requests = {r.calendar_days: r for r in LeaveRequest.objects.all()}
    assert len(requests) == 4

    def decide(user, step, decision):
        client.force_login(org[user])
        response = client.post(reverse("leave_decide", args=[step.pk]), {"decision": decision, "annotation": "同意"})
        assert response.status_code == 302, response.content

    # the secretary's inbox holds the first step of each
    client.force_login(org["secretary"])
    assert client.get(reverse("leave_inbox")).context["page"].paginator.count == 4
    for leave in LeaveRequest.objects.order_by("pk"):
        while True:
            pending = services.current_steps(leave).filter(state=StepState.PENDING).first()
            if pending is None:
                break
            if pending.approver is None:
                decide("city_org_staff", pending, "acknowledge")
            elif pending.approver == org["secretary"].person:
                decide("secretary", pending, "approve")
            else:
                assert pending.approver == org["city_org"].person
                decide("city_org", pending, "approve")
    assert set(LeaveRequest.objects.values_list("state", flat=True)) == {LeaveState.APPROVED}


def test_create_form_keeps_input_and_cites_l_2(client, org):
    client.force_login(org["member"])
    response = post_form(client, 2, kind=LeaveKind.BUSINESS_TRIP, start="2026-11-03", committee=org["county"].pk)
    assert response.status_code == 200
    assert "L-2" in response.content.decode()
    assert response.context["form"]["destination"].value() == "北京"


def test_create_form_bad_dates_are_a_form_error(client, org):
    client.force_login(org["member"])
    response = client.post(
        reverse("leave_create"),
        {
            "committee": org["county"].pk,
            "kind": LeaveKind.PRIVATE_LEAVE,
            "reason": "x",
            "destination": "y",
            "start_date": "2026-11-10",
            "end_date": "2026-11-08",
            "contact": "z",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_office_staff_cannot_ask_through_the_chain(client, org):
    client.force_login(org["office"])
    assert client.get(reverse("leave_create")).status_code == 403


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("secretary", 200),  # the requester (L-4: the secretary's own leave)
        ("office", 200),
        ("city_org_staff", 200),  # the parent's organisation department oversees its children
        ("city_secretary", 200),  # has a step on the request (L-4 chain not needed: sees via step)
        ("colleague", 404),  # colleagues see the calendar, not the reasons
        ("outsider", 404),
    ],
)
def test_detail_permissions(client, org, user, status):
    leave = ask(org, 5, who="secretary")  # L-4: steps at the parent's principal and filing
    client.force_login(org[user])
    assert client.get(reverse("leave_detail", args=[leave.pk])).status_code == status


def test_decide_by_someone_else_is_forbidden(client, org):
    leave = ask(org, 2)
    step = services.current_steps(leave).get()
    client.force_login(org["office"])
    response = client.post(reverse("leave_decide", args=[step.pk]), {"decision": "approve"})
    assert response.status_code == 403


def test_reject_without_annotation_keeps_the_page_with_an_error(client, org):
    leave = ask(org, 2)
    step = services.current_steps(leave).get()
    client.force_login(org["secretary"])
    response = client.post(reverse("leave_decide", args=[step.pk]), {"decision": "reject", "annotation": ""})
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.state == StepState.PENDING


def test_filing_inbox_shows_the_parents_filing_steps(client, org):
    leave = ask(org, 5)
    services.decide(
        services.current_steps(leave).first(), acting_user=user_of(org["secretary"].person), decision="approve"
    )
    client.force_login(org["city_org_staff"])
    assert client.get(reverse("leave_filing")).context["page"].paginator.count == 1
    client.force_login(org["secretary"])
    assert client.get(reverse("leave_filing")).context["page"].paginator.count == 0


def test_list_pages_have_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    for index in range(5):
        ask(org, 1, start=D(2026, 11, 10) + datetime.timedelta(days=2 * index))
    client.force_login(org["member"])
    with django_assert_max_num_queries(12):
        client.get(reverse("leave_mine"))
    client.force_login(org["secretary"])
    with django_assert_max_num_queries(12):
        client.get(reverse("leave_inbox"))


def test_l_7_printable_form_is_a_pdf_with_the_annotations(client, org):
    leave = ask(org, 2)
    services.decide(
        services.current_steps(leave).get(),
        acting_user=user_of(org["secretary"].person),
        decision="approve",
        annotation="同意",
    )
    client.force_login(org["member"])
    response = client.get(reverse("leave_pdf", args=[leave.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_l_6_report_back_on_the_page(client, org):
    leave = ask(org, 2)
    services.decide(
        services.current_steps(leave).get(), acting_user=user_of(org["secretary"].person), decision="approve"
    )
    client.force_login(org["member"])
    assert "L-6" in client.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    response = client.post(reverse("leave_report_back", args=[leave.pk]), {"briefing": "已返岗，工作正常"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.returned_at is not None


def test_l_8_summary_page_pdf_and_excel(client, org):
    leave = ask(org, 2)
    services.decide(
        services.current_steps(leave).get(), acting_user=user_of(org["secretary"].person), decision="approve"
    )
    client.force_login(org["secretary"])
    url = reverse("leave_summary", args=[org["county"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["requests"] == [leave]
    assert client.get(url + "?format=pdf").content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert book.active.cell(row=3, column=1).value == org["member"].person.name
    assert client.post(url).status_code == 302
    assert org["county"].leave_summaries.get().sent_at is not None


def test_l_8_summary_of_another_committee_is_hidden(client, org):
    client.force_login(org["outsider"])
    assert client.get(reverse("leave_summary", args=[org["county"].pk])).status_code == 404


def test_l_9_presence_page_warns_under_22_days(client, org):
    leave = ask(org, 9, start=D(2026, 11, 20))
    for step in services.current_steps(leave):
        step.refresh_from_db()
        if step.is_deciding:
            services.decide(step, acting_user=user_of(step.approver), decision="approve")
    client.force_login(org["secretary"])
    response = client.get(reverse("leave_presence", args=[org["county"].pk]) + "?month=2026-11")
    rows = {row.person: row for row in response.context["rows"]}
    assert rows[org["member"].person].days_present == 21
    assert rows[org["member"].person].is_under


def test_l_9_uncovered_holiday_is_shown(client, org):
    client.force_login(org["secretary"])
    services.set_duty(org["county"], D(2026, 10, 1), [org["secretary"].person], acting_user=clerk())
    response = client.get(reverse("leave_presence", args=[org["county"].pk]) + "?month=2026-10")
    uncovered = response.context["uncovered"]
    assert D(2026, 10, 1) not in uncovered
    assert D(2026, 10, 2) in uncovered


def test_leave_calendar_shows_who_is_away(client, org):
    leave = ask(org, 2)
    services.decide(
        services.current_steps(leave).get(), acting_user=user_of(org["secretary"].person), decision="approve"
    )
    client.force_login(org["office"])
    response = client.get(reverse("leave_calendar", args=[org["county"].pk]) + "?month=2026-11")
    assert [row[0] for row in response.context["page"]] == [leave]


def test_api_submit_and_decide(client, org):
    client.force_login(org["member"])
    response = client.post(
        "/api/leave-requests/",
        {
            "committee": org["county"].pk,
            "kind": LeaveKind.PRIVATE_LEAVE,
            "reason": "探亲",
            "destination": "北京",
            "start_date": "2026-11-10",
            "end_date": "2026-11-14",
            "contact": "138",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert [s["kind"] for s in response.json()["steps"]] == ["approve", "file"]
    step_id = response.json()["steps"][0]["id"]
    client.force_login(org["secretary"])
    pending = client.get("/api/leave-steps/?pending=1").json()
    assert [s["id"] for s in pending["results"]] == [step_id]
    response = client.post(
        f"/api/leave-steps/{step_id}/decide/",
        {"decision": "approve", "annotation": "同意"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "approved"


def test_api_l_2_refusal_is_409_with_the_rule(client, org):
    client.force_login(org["member"])
    response = client.post(
        "/api/leave-requests/",
        {
            "committee": org["county"].pk,
            "kind": LeaveKind.BUSINESS_TRIP,
            "reason": "开会",
            "destination": "省城",
            "start_date": "2026-11-03",
            "end_date": "2026-11-04",
            "contact": "138",
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "L-2"


def test_api_outsider_sees_no_requests(client, org):
    ask(org, 2)
    client.force_login(org["outsider"])
    assert client.get("/api/leave-requests/").json()["count"] == 0


@pytest.mark.parametrize(
    ("user", "calendar", "summary"),
    [
        ("secretary", 200, 200),
        ("office", 200, 200),
        ("colleague", 200, 404),
        ("city_org", 200, 200),
        ("outsider", 404, 404),
    ],
)
def test_committee_pages_permissions(client, org, user, calendar, summary):
    client.force_login(org[user])
    pk = org["county"].pk
    assert client.get(reverse("leave_calendar", args=[pk])).status_code == calendar
    assert client.get(reverse("leave_summary", args=[pk])).status_code == summary
    assert client.get(reverse("leave_presence", args=[pk])).status_code == summary


def test_l_9_duty_rota_is_set_on_the_presence_page(client, org):
    client.force_login(org["secretary"])
    url = reverse("leave_presence", args=[org["county"].pk])
    response = client.post(url, {"date": "2026-10-02", "people": [org["secretary"].person.pk]})
    assert response.status_code == 302
    assert D(2026, 10, 2) not in client.get(url + "?month=2026-10").context["uncovered"]


def test_l_9_duty_rota_is_set_only_by_managers(client, org):
    client.force_login(org["city_org_staff"])  # oversees, so manages the child committee
    url = reverse("leave_presence", args=[org["county"].pk])
    assert client.post(url, {"date": "2026-10-02", "people": []}).status_code == 302
    client.force_login(org["colleague"])
    assert client.post(url, {"date": "2026-10-02", "people": []}).status_code == 404


def test_detail_shows_the_chain_rule_and_one_click_decision_to_the_approver(client, org):
    leave = ask(org, 5)
    step = services.current_steps(leave).first()
    client.force_login(org["secretary"])
    page = client.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    assert reverse("leave_decide", args=[step.pk]) in page
    assert "L-3" in page  # the rule that made the chain is shown (wording follows the language)
    client.force_login(org["office"])
    assert (
        reverse("leave_decide", args=[step.pk])
        not in client.get(reverse("leave_detail", args=[leave.pk])).content.decode()
    )


@pytest.mark.parametrize("user, linked", [("secretary", True), ("office", True), ("colleague", False)])
def test_a_leave_deadline_is_linked_on_the_deadlines_page_only_for_who_may_open_the_request(client, org, user, linked):
    """Issue 14 (no dead ends): colleagues see who is away when on /deadlines/, but the request's
    page only opens for its person, the committee's managers and its approvers."""
    leave = ask(org, 2)
    client.force_login(org[user])
    page = client.get(reverse("deadline_dashboard")).content.decode()
    assert org["member"].person.name in page  # the deadline is listed for everyone of the committee
    assert (f'href="{reverse("leave_detail", args=[leave.pk])}"' in page) is linked
    assert client.get(reverse("leave_detail", args=[leave.pk])).status_code == (200 if linked else 404)


# ------------------------------------------------------- printed to GB/T 9704 (issue 15)


def approved(org, leave, annotation="同意，注意安全"):
    step = services.current_steps(leave).get()
    services.decide(step, acting_user=user_of(org["secretary"].person), decision="approve", annotation=annotation)
    leave.refresh_from_db()
    return leave


def test_l_7_the_leave_form_carries_the_reason_dates_and_each_signed_annotation(client, org):
    # rule: L-7
    leave = approved(org, ask(org, 3))
    client.force_login(org["member"])
    response = client.get(reverse("leave_pdf", args=[leave.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    assert "请假条" in sized(printed, documents.SIZE_2)
    assert f"编号：{org['county'].name}假〔2026〕1号" in printed.text
    person = org["member"].person
    assert f"姓名{person.name}" in printed.text and "目的地北京" in printed.text
    assert "2026年11月10日—2026年11月12日" in printed.text
    assert "探亲" in printed.text and "注意安全" in printed.text
    signed = f"{org['secretary'].person.name}2026年11月2日"  # the approver signs, with the day
    assert signed in printed.text
    assert "L-" not in printed.text  # no internal rule id on paper
    assert any("Sans" in face for face in faces(printed, "事由"))  # labels in 黑体
    assert printed.red() == ""


def test_l_7_a_trip_prints_as_the_trip_report_form(client, org):
    # rule: L-7
    leave = ask(org, 2, kind=LeaveKind.BUSINESS_TRIP)
    client.force_login(org["member"])
    printed = read_pdf(client.get(reverse("leave_pdf", args=[leave.pk])).content)
    assert "外出报告单" in sized(printed, documents.SIZE_2) and "请假条" not in printed.text


def test_l_7_leave_forms_are_numbered_within_the_committee_and_year(org):
    # rule: L-7
    first, second = ask(org, 1), ask(org, 2, who="colleague")
    name = org["county"].name
    assert pdf.leave_number(first) == f"{name}假〔2026〕1号"
    assert pdf.leave_number(second) == f"{name}假〔2026〕2号"


def test_l_7_the_leave_form_downloads_as_docx(client, org):
    # rule: L-7
    leave = approved(org, ask(org, 3))
    client.force_login(org["member"])
    response = client.get(reverse("leave_pdf", args=[leave.pk]) + "?format=docx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    opened = read_docx(response.content)
    assert_docx_page_set_up(opened)
    assert opened.paragraphs[0].text == "请假条"
    words = docx_text(opened)
    assert (
        "探亲" in words
        and "同意，注意安全" in words
        and pdf.leave_number(leave) in "".join(p.text for p in opened.paragraphs)
    )
    (table,) = opened.tables
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.name == "黑体"


def test_l_8_the_half_year_summary_is_a_table_in_five_point_type(client, org):
    # rule: L-8
    leave = approved(org, ask(org, 3))
    client.force_login(org["secretary"])
    url = reverse("leave_summary", args=[org["county"].pk]) + f"?start={leave.start_date.isoformat()}"
    printed = read_pdf(client.get(url + "&format=pdf").content)
    assert_laid_out_on_the_page(printed)
    assert printed.red() == f"{org['county'].name}办公室"
    assert f"{org['county'].name}领导干部请假外出情况半年汇总" in sized(printed, documents.SIZE_2)
    row = sized(printed, 10.5)
    assert org["member"].person.name in row and "探亲" in row and "2026年11月10日" in row
    assert "报告期：2026年7月1日至2026年12月31日；请假外出：1。" in printed.text
    opened = read_docx(client.get(url + "&format=docx").content)
    (table,) = opened.tables
    assert [cell.text for cell in table.rows[0].cells][:2] == ["姓名", "类型"]
    assert table.rows[1].cells[0].text == org["member"].person.name
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 10.5


def test_l_8_an_empty_period_still_prints_and_says_so(client, org):
    # rule: L-8
    client.force_login(org["secretary"])
    url = reverse("leave_summary", args=[org["county"].pk]) + "?start=2025-01-01&format=pdf"
    printed = read_pdf(client.get(url).content)
    assert_laid_out_on_the_page(printed)
    assert "本期间无请假或外出。" in printed.text
