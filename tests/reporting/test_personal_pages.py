"""Pages and API of personal-matter reports (R-2) and family-event declarations (R-3): forms keep
the input and cite the rule, lists paginate and filter with a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from committees import documents
from committees.paging import PAGE_SIZE
from reporting import deadlines
from reporting.models import DeadlineState
from reporting.personal import services
from reporting.personal.models import FamilyEventDeclaration, MatterKind, Occasion, PersonalMatterReport
from tests.factories import RoleFactory, UserFactory
from tests.printed import assert_laid_out_on_the_page, docx_text, read_docx, read_pdf, sized
from tests.reporting.accounts import clerk
from tests.reporting.factories_personal import ALL_CONFIRMED, add_user, build_setting, declaration, local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 25, 10)
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setting():
    return build_setting()


@pytest.fixture
def org(setting):
    return add_user(setting, "town_org_staff")


def make_reports(setting, count, *, kind=MatterKind.SALARY, start=datetime.date(2026, 11, 1)):
    return [
        services.report_event(
            cadre=setting.cadre,
            committee=setting.town,
            kind=kind,
            event_date=start + datetime.timedelta(days=n % 20),
            description=f"第{n}项",
            at=NOW,
            acting_user=clerk(),
        )
        for n in range(count)
    ]


# --------------------------------------------------------------------------- R-2 pages


def test_r_2_file_form_files_a_report_on_time(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        reverse("personal_report_create"),
        {
            "committee": setting.town.pk,
            "kind": "private_trip_abroad",
            "event_date": "2026-11-20",
            "description": "赴日本旅游",
            "action": "file",
        },
    )
    report = PersonalMatterReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("personal_report_detail", args=[report.pk])
    assert report.filed_at == NOW
    assert deadlines.for_subject(report).get().state == DeadlineState.MET


def test_r_2_file_form_late_without_reason_shows_the_rule_and_keeps_the_input(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        reverse("personal_report_create"),
        {
            "committee": setting.town.pk,
            "kind": "real_estate",
            "event_date": "2026-10-25",  # day 31 today
            "description": "购房一套",
            "action": "file",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "[R-2]" in page and "第五条" in page
    assert "购房一套" in page
    assert not PersonalMatterReport.objects.exists()


def test_r_2_file_form_on_day_30_is_on_time(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        reverse("personal_report_create"),
        {
            "committee": setting.town.pk,
            "kind": "real_estate",
            "event_date": "2026-10-26",
            "description": "购房一套",
            "action": "file",
        },
    )
    assert response.status_code == 302


def test_r_2_file_form_record_only_creates_the_obligation(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        reverse("personal_report_create"),
        {"committee": setting.town.pk, "kind": "salary", "event_date": "2026-11-20", "action": "record"},
    )
    assert response.status_code == 302
    report = PersonalMatterReport.objects.get()
    assert report.filed_at is None
    assert deadlines.for_subject(report).get().is_active


def test_r_2_file_form_bad_input_is_a_form_error(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        reverse("personal_report_create"),
        {"committee": setting.town.pk, "kind": "nonsense", "event_date": "not a date", "action": "file"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"kind", "event_date", "description"}


def test_r_2_file_form_is_for_team_members(client, setting, org):
    client.force_login(org)
    assert client.get(reverse("personal_report_create")).status_code == 403


def test_r_2_pending_report_is_filed_late_from_its_page_with_reason(client, setting):
    report = services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind="salary",
        event_date=datetime.date(2026, 10, 1),
        at=local(2026, 10, 2),
        acting_user=clerk(),
    )
    client.force_login(setting.cadre_user)
    url = reverse("personal_report_file", args=[report.pk])
    refused = client.post(url, {"description": "工资调整"})
    assert refused.status_code == 200 and "[R-2]" in refused.content.decode()
    response = client.post(url, {"description": "工资调整", "late_reason": "外派援疆", "reason_ended_on": "2026-11-20"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.filed_at == NOW and report.reason_ended_on == datetime.date(2026, 11, 20)


def test_r_2_organisation_replies_marks_and_records_the_outcome_from_the_page(client, setting, org):
    (report,) = make_reports(setting, 1)
    client.force_login(org)
    detail = client.get(reverse("personal_report_detail", args=[report.pk]))
    assert "reply_form" in detail.context and "mark_form" in detail.context
    assert (
        client.post(
            reverse("personal_report_reply", args=[report.pk]), {"text": "请补充", "response_days": 10}
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.reply_response_due_at.date() == datetime.date(2026, 12, 5)
    assert (
        client.post(
            reverse("personal_report_mark", args=[report.pk]), {"is_untruthful": "on", "note": "少报"}
        ).status_code
        == 302
    )
    outcome = client.post(reverse("personal_report_reply_outcome", args=[report.pk]), {"followed": "no", "note": ""})
    assert outcome.status_code == 200 and outcome.context["outcome_form"].errors  # "not followed" needs a note
    report.refresh_from_db()
    assert report.is_untruthful and report.reply_followed is None


def test_r_2_the_cadre_acts_on_the_reply_from_the_page(client, setting, org):
    (report,) = make_reports(setting, 1)
    services.reply(report, acting_user=org, text="请补充")
    client.force_login(setting.cadre_user)
    assert "respond_form" in client.get(reverse("personal_report_detail", args=[report.pk])).context
    assert client.post(reverse("personal_report_respond", args=[report.pk]), {"response": "已补充"}).status_code == 302
    report.refresh_from_db()
    assert report.reply_responded_at == NOW


def test_r_2_my_reports_paginate(client, setting):
    make_reports(setting, PAGE_SIZE + 5)
    client.force_login(setting.cadre_user)
    first = client.get(reverse("personal_report_list"))
    assert len(first.context["page"]) == PAGE_SIZE
    second = client.get(reverse("personal_report_list") + "?kind=salary&page=2")
    assert len(second.context["page"]) == 5
    assert "kind=salary" in first.content.decode() or first.context["page"].has_next()


def test_r_2_my_reports_query_count_is_fixed(client, setting, django_assert_max_num_queries):
    make_reports(setting, 3)
    client.force_login(setting.cadre_user)
    client.get(reverse("personal_report_list"))
    with django_assert_max_num_queries(15) as captured:
        client.get(reverse("personal_report_list"))
    baseline = len(captured)
    make_reports(setting, 20, kind=MatterKind.SECURITIES)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("personal_report_list"))


def test_r_2_inbox_query_count_is_fixed(client, setting, org, django_assert_max_num_queries):
    make_reports(setting, 3)
    client.force_login(org)
    client.get(reverse("personal_inbox"))
    with django_assert_max_num_queries(15) as captured:
        client.get(reverse("personal_inbox"))
    baseline = len(captured)
    other = RoleFactory(committee=setting.town).person
    for n in range(10):
        services.report_event(
            cadre=other,
            committee=setting.town,
            kind="salary",
            event_date=TODAY,
            description=f"{n}",
            at=NOW,
            acting_user=clerk(),
        )
    client.get(reverse("personal_inbox"))  # the new role outdated the kept scope (committees.scope)
    with django_assert_max_num_queries(baseline):
        assert len(client.get(reverse("personal_inbox")).context["page"]) == 13


def test_r_2_inbox_filters_by_kind_committee_status_and_month(client, setting, org):
    county_org = add_user(setting, "county_org_staff")
    salary = make_reports(setting, 1)[0]
    securities = make_reports(setting, 1, kind=MatterKind.SECURITIES)[0]
    services.mark_report(securities, acting_user=org, is_untruthful=True, is_concealed=False, note="少报")
    overdue = services.record_event(
        cadre=setting.cadre,
        committee=setting.town,
        kind="real_estate",
        event_date=datetime.date(2026, 10, 1),
        at=local(2026, 10, 2),
        acting_user=clerk(),
    )
    sibling_cadre = RoleFactory(committee=setting.sibling_town).person
    elsewhere = services.report_event(
        cadre=sibling_cadre,
        committee=setting.sibling_town,
        kind="salary",
        event_date=TODAY,
        description="…",
        at=NOW,
        acting_user=clerk(),
    )
    client.force_login(county_org)

    def listed(query):
        response = client.get(reverse("personal_inbox") + query)
        assert response.status_code == 200
        return {r.pk for r in response.context["page"]}

    assert listed("") == {salary.pk, securities.pk, overdue.pk, elsewhere.pk}
    assert listed("?kind=salary") == {salary.pk, elsewhere.pk}
    assert listed(f"?committee={setting.town.pk}") == {salary.pk, securities.pk, overdue.pk}
    assert listed("?status=overdue") == {overdue.pk}
    assert listed("?status=untruthful") == {securities.pk}
    assert listed("?status=accountability") == {securities.pk, overdue.pk}
    assert listed("?month=2026-11") == {salary.pk, securities.pk, elsewhere.pk}
    assert listed("?month=2026-10") == set()


def test_r_2_inbox_bad_filter_is_a_form_error_not_a_500(client, setting, org):
    client.force_login(org)
    response = client.get(reverse("personal_inbox") + "?month=2026-13&committee=999999")
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert "2026-13" in response.content.decode()


def test_r_2_inbox_committee_filter_offers_only_the_departments_committees(client, setting, org):
    client.force_login(org)
    choices = set(client.get(reverse("personal_inbox")).context["filter"].form.fields["committee"].queryset)
    assert choices == {setting.town, setting.branch}


def test_r_2_resignation_page_records_a_report_due_at_once(client, setting, org):
    client.force_login(org)
    response = client.post(
        reverse("personal_resignation"),
        {"committee": setting.town.pk, "person": setting.cadre.pk, "applied_at": "2026-11-25T09:00"},
    )
    assert response.status_code == 302
    report = PersonalMatterReport.objects.get(occasion=Occasion.RESIGNATION)
    assert report.due_at == local(2026, 11, 25, 9)


def test_r_2_resignation_page_is_for_the_organisation_department(client, setting):
    client.force_login(add_user(setting, "town_secretary"))
    assert client.get(reverse("personal_resignation")).status_code == 403


# --------------------------------------------------------------------------- R-2 API


def test_r_2_api_creates_a_report(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        "/api/personal-matter-reports/",
        {"committee": setting.town.pk, "kind": "salary", "event_date": "2026-11-20", "description": "工资"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["filed_at"] is not None


def test_r_2_api_late_report_without_reason_is_409_with_the_rule(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        "/api/personal-matter-reports/",
        {"committee": setting.town.pk, "kind": "salary", "event_date": "2026-10-25", "description": "工资"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "R-2"


def test_r_2_api_cannot_report_for_a_committee_one_is_not_on(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(
        "/api/personal-matter-reports/",
        {"committee": setting.county.pk, "kind": "salary", "event_date": "2026-11-20", "description": "工资"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_r_2_api_reply_and_accountability_filter(client, setting, org):
    (report,) = make_reports(setting, 1)
    client.force_login(org)
    response = client.post(
        f"/api/personal-matter-reports/{report.pk}/reply/", {"text": "请补充"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["reply_response_due_at"].startswith("2026-12-10")
    with time_machine.travel(local(2026, 12, 11, 9), tick=False):
        client.force_login(org)  # the session of 25 November has expired
        rows = client.get("/api/personal-matter-reports/?status=accountability").json()["results"]
    assert [(row["id"], row["grounds"]) for row in rows] == [(report.pk, ["reply_ignored"])]


def test_r_2_api_list_query_count_is_fixed(client, setting, org, django_assert_max_num_queries):
    make_reports(setting, 5)
    client.force_login(org)
    with django_assert_max_num_queries(10) as captured:
        client.get("/api/personal-matter-reports/")
    make_reports(setting, 15, kind=MatterKind.SECURITIES)
    with django_assert_max_num_queries(len(captured)):
        assert len(client.get("/api/personal-matter-reports/").json()["results"]) == 20


# --------------------------------------------------------------------------- R-3 pages and API


def declare_data(setting, **overrides):
    data = {
        "committee": setting.town.pk,
        "kind": "wedding",
        "relation": "child",
        "report_form": "written",
        "event_at": "2026-12-05T11:00",
        "reason": "女儿出嫁",
        "place": "桃源镇家中",
        "guest_count": 60,
        "table_count": 6,
        "spending_standard": "500",
        **dict.fromkeys(ALL_CONFIRMED, "on"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_r_3_declare_form_10_days_before_is_accepted(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(reverse("personal_family_create"), declare_data(setting))
    assert response.status_code == 302
    assert FamilyEventDeclaration.objects.get().written_at == NOW


def test_r_3_declare_form_9_days_before_shows_the_rule_and_keeps_the_input(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(reverse("personal_family_create"), declare_data(setting, event_at="2026-12-04T11:00"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "[R-3]" in page and "女儿出嫁" in page
    assert not FamilyEventDeclaration.objects.exists()


def test_r_3_declare_form_without_the_checklist_is_refused(client, setting):
    client.force_login(setting.cadre_user)
    response = client.post(reverse("personal_family_create"), declare_data(setting, confirms_no_business_guests=None))
    assert response.status_code == 200
    assert "[R-3]" in response.content.decode()
    assert not FamilyEventDeclaration.objects.exists()


def test_r_3_oral_funeral_then_written_form_from_the_page(client, setting):
    client.force_login(setting.cadre_user)
    data = declare_data(
        setting,
        kind="funeral",
        report_form="oral",
        event_at="2026-11-27T09:00",
        guest_count=None,
        table_count=None,
        spending_standard=None,
        **dict.fromkeys(ALL_CONFIRMED),
    )
    assert client.post(reverse("personal_family_create"), data).status_code == 302
    oral = FamilyEventDeclaration.objects.get()
    assert deadlines.for_subject(oral).get().due_at.date() == datetime.date(2026, 12, 7)
    written = declare_data(setting)
    response = client.post(reverse("personal_family_written", args=[oral.pk]), written)
    assert response.status_code == 302
    assert deadlines.for_subject(oral).get().state == DeadlineState.MET


def test_r_3_family_list_filters_and_paginates(client, setting):
    reviewer = add_user(setting, "town_discipline_inspector")
    for n in range(PAGE_SIZE + 2):
        declaration(setting, at=local(2026, 11, 1), event_at=local(2026, 11, 20, 11) + datetime.timedelta(hours=n))
    funeral = declaration(setting, kind="funeral", at=local(2026, 11, 1), event_at=local(2026, 12, 2, 9))
    client.force_login(reviewer)
    first = client.get(reverse("personal_family_list"))
    assert len(first.context["page"]) == PAGE_SIZE and first.context["page"].paginator.count == PAGE_SIZE + 3
    assert [d.pk for d in client.get(reverse("personal_family_list") + "?kind=funeral").context["page"]] == [funeral.pk]
    assert [d.pk for d in client.get(reverse("personal_family_list") + "?month=2026-12").context["page"]] == [
        funeral.pk
    ]
    assert (
        client.get(reverse("personal_family_list") + "?review_outcome=none").context["page"].paginator.count
        == PAGE_SIZE + 3
    )


def test_r_3_family_list_query_count_is_fixed(client, setting, django_assert_max_num_queries):
    reviewer = add_user(setting, "county_discipline_secretary")
    declaration(setting, at=local(2026, 11, 1))
    client.force_login(reviewer)
    client.get(reverse("personal_family_list"))
    with django_assert_max_num_queries(15) as captured:
        client.get(reverse("personal_family_list"))
    for _n in range(10):
        declaration(setting, at=local(2026, 11, 1))
    with django_assert_max_num_queries(len(captured)):
        assert len(client.get(reverse("personal_family_list")).context["page"]) == 11


def test_r_3_api_9_days_before_is_409_with_the_rule(client, setting):
    client.force_login(setting.cadre_user)
    payload = {**declare_data(setting, event_at="2026-12-04T11:00:00+08:00"), **dict.fromkeys(ALL_CONFIRMED, True)}
    response = client.post("/api/family-events/", payload, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["rule"] == "R-3"


def test_r_3_api_declares_and_reviews(client, setting):
    client.force_login(setting.cadre_user)
    payload = {**declare_data(setting, event_at="2026-12-05T11:00:00+08:00"), **dict.fromkeys(ALL_CONFIRMED, True)}
    created = client.post("/api/family-events/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    client.force_login(add_user(setting, "town_discipline_secretary"))
    reviewed = client.post(
        f"/api/family-events/{pk}/review/", {"outcome": "compliant"}, content_type="application/json"
    )
    assert reviewed.status_code == 200 and reviewed.json()["review_outcome"] == "compliant"


def test_pages_render_for_a_superuser(client, setting):
    (report,) = make_reports(setting, 1)
    declared = declaration(setting, at=local(2026, 11, 1))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (
        reverse("personal_report_list"),
        reverse("personal_inbox"),
        reverse("personal_report_detail", args=[report.pk]),
        reverse("personal_resignation"),
        reverse("personal_family_list"),
        reverse("personal_family_detail", args=[declared.pk]),
        f"/admin/reporting/personalmatterreport/{report.pk}/change/",
        f"/admin/reporting/familyeventdeclaration/{declared.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_pages_render_for_the_cadre(client, setting):
    client.force_login(setting.cadre_user)
    for url in (reverse("personal_report_create"), reverse("personal_family_create"), reverse("personal_family_list")):
        assert client.get(url).status_code == 200, url


# ------------------------------------------------- the reply printed to GB/T 9704 (issue 15)


def test_r_2_the_reply_prints_for_the_cadre_and_the_department_only(client, setting):
    # rule: R-2
    (report,) = make_reports(setting, 1, kind=MatterKind.PRIVATE_PASSPORT)
    url = reverse("personal_report_reply_document", args=[report.pk])
    county_org = add_user(setting, "county_org_staff")
    client.force_login(county_org)
    assert client.get(url).status_code == 404  # nothing to print before the reply
    services.reply(
        report, acting_user=county_org, text="请于十日内将护照交组织部门集中保管。\n逾期未交的，按规定处理。"
    )
    client.force_login(setting.cadre_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    assert printed.red() == "临江区委组织部"  # the county's department replied to a town cadre
    name = setting.cadre_user.person.name
    assert f"关于{name}同志个人有关事项报告的答复意见" in sized(printed, documents.SIZE_2)
    assert f"{name}同志：" in printed.text
    assert "请于十日内将护照交组织部门集中保管。逾期未交的，按规定处理。" in printed.text
    assert "2026年11月25日" in printed.text and "并于2026年12月" in printed.text
    opened = read_docx(client.get(url + "?format=docx").content)
    assert "请于十日内将护照交组织部门集中保管。" in docx_text(opened)
    for label in ("town_secretary", "town_discipline_secretary", "sibling_town_org_staff"):
        client.force_login(add_user(setting, label))
        assert client.get(url).status_code == 404, label
        assert client.get(url + "?format=docx").status_code == 404, label
    client.force_login(add_user(setting, "town_org_staff"))
    assert client.get(url).status_code == 200
