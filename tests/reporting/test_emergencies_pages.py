"""Emergency report pages and API (R-1): forms, countdown, permissions, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Level, Role
from committees.paging import PAGE_SIZE
from reporting import deadlines
from reporting.emergencies import services
from reporting.emergencies.models import Emergency, EmergencyKind
from tests.factories import CommitteeFactory, RoleFactory, UserFactory, user_with_role
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # 17:00 in Shanghai
M = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tree():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    other = CommitteeFactory(name="青山镇党委", level=Level.TOWN, parent=county)
    RoleFactory(committee=town, role=Role.SECRETARY)
    return {"county": county, "town": town, "other": other}


def record(committee, known_at=T0, title="桃源村山体滑坡"):
    return services.record_emergency(
        committee=committee,
        title=title,
        kind=EmergencyKind.NATURAL_DISASTER,
        place="桃源村三组",
        occurred_at=known_at - 10 * M,
        known_at=known_at,
        now=known_at,
        acting_user=clerk(),
    )


def report(emergency, sent_at):
    return services.send_report(
        emergency, sent_at=sent_at, recipient="区委值班室", text="已处置。", now=sent_at, acting_user=clerk()
    )


def form_data(committee, **changes):
    data = {
        "committee": committee.pk,
        "title": "桃源村山体滑坡",
        "kind": EmergencyKind.NATURAL_DISASTER,
        "place": "桃源村三组",
        "occurred_at": "2026-11-25T16:40",
        "known_at": "2026-11-25T16:50",
        "known_by": "村支书",
    }
    return {**data, **changes}


# ------------------------------------------------------------------ recording


def test_office_staff_records_an_emergency_and_the_due_time_is_computed(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(reverse("emergencies_create"), form_data(tree["town"]))
    emergency = Emergency.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("emergencies_detail", args=[emergency.pk])
    assert emergency.due_at == datetime.datetime(2026, 11, 25, 10, 50, tzinfo=datetime.UTC)  # 16:50 + 2 h
    assert emergency.recorded_by.user is not None


def test_r_1_known_at_in_the_future_is_a_form_error_and_the_input_is_kept(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(reverse("emergencies_create"), form_data(tree["town"], known_at="2026-11-25T17:01"))
    assert response.status_code == 200
    assert response.context["form"].errors["known_at"]
    assert 'value="桃源村山体滑坡"' in response.content.decode()
    assert not Emergency.objects.exists()


def test_occurred_after_known_is_a_form_error(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(reverse("emergencies_create"), form_data(tree["town"], occurred_at="2026-11-25T16:55"))
    assert response.context["form"].errors["occurred_at"]
    assert not Emergency.objects.exists()


def test_bad_date_is_a_form_error_not_a_500(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(reverse("emergencies_create"), form_data(tree["town"], known_at="yesterday"))
    assert response.status_code == 200
    assert response.context["form"].errors["known_at"]


def test_cannot_record_for_a_committee_one_does_not_act_for(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(reverse("emergencies_create"), form_data(tree["other"]))
    assert response.context["form"].errors["committee"]
    assert not Emergency.objects.exists()


# ------------------------------------------------------------------ countdown


def test_r_1_detail_shows_a_live_countdown(client, tree, frozen):
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    frozen.move_to(T0 + 30 * M, tick=False)
    response = client.get(reverse("emergencies_detail", args=[emergency.pk]))
    assert response.context["countdown"].minutes_left == 90
    assert 'hx-trigger="every 30s"' in response.content.decode()
    frozen.move_to(T0 + 125 * M, tick=False)
    partial = client.get(reverse("emergencies_countdown", args=[emergency.pk]))
    assert partial.context["countdown"].minutes_overdue == 5
    assert "<html" not in partial.content.decode()


def test_r_1_countdown_stops_once_reported(client, tree):
    emergency = record(tree["town"])
    report(emergency, T0 + 30 * M)
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    response = client.get(reverse("emergencies_countdown", args=[emergency.pk]))
    assert response.context["countdown"].state == "reported"
    assert "hx-trigger" not in response.content.decode()


# ------------------------------------------------------------------ report and follow-up


def test_r_1_sending_the_report_with_attachments_settles_the_deadline(client, tree, frozen):
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    frozen.move_to(T0 + 100 * M, tick=False)
    response = client.post(
        reverse("emergencies_report", args=[emergency.pk]),
        {
            "sent_at": "2026-11-25T18:35",
            "recipient": "临江区委值班室",
            "text": "已组织转移群众12人。",
            "attachments": [
                SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg"),
                SimpleUploadedFile("情况说明.pdf", b"%PDF-1.4 pdf", content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert not emergency.report.is_late
    assert emergency.report.recipient_committee == tree["county"]
    assert sorted(a.name for a in emergency.report.attachments.all()) == ["情况说明.pdf", "现场照片.jpg"]
    assert all(a.file.name.startswith("emergencies/2026/") for a in emergency.report.attachments.all())
    assert deadlines.for_subject(emergency).get().state == "met"


def test_report_in_the_future_is_a_form_error(client, tree):
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(
        reverse("emergencies_report", args=[emergency.pk]),
        {"sent_at": "2026-11-25T17:30", "recipient": "区委", "text": "报告"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sent_at"]


def test_follow_up_page_redirects_until_the_first_report(client, tree):
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    assert client.get(reverse("emergencies_follow_up", args=[emergency.pk])).status_code == 302
    report(emergency, T0)
    response = client.post(
        reverse("emergencies_follow_up", args=[emergency.pk]),
        {"at": "2026-11-25T17:00", "text": "续报:无人员伤亡。"},
    )
    assert response.status_code == 302
    assert emergency.follow_ups.get().text == "续报:无人员伤亡。"


def test_attachments_are_downloaded_only_by_those_who_see_the_emergency(client, tree):
    emergency = record(tree["town"])
    services.send_report(
        emergency,
        sent_at=T0,
        recipient="区委",
        text="报告",
        attachments=[SimpleUploadedFile("照片.jpg", b"jpeg-bytes")],
        now=T0,
        acting_user=clerk(),
    )
    attachment = emergency.report.attachments.get()
    url = reverse("emergencies_attachment", args=[attachment.pk])
    client.force_login(user_with_role(tree["county"], Role.OFFICE_STAFF))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"jpeg-bytes"
    client.force_login(user_with_role(tree["other"], Role.SECRETARY))
    assert client.get(url).status_code == 404


# ------------------------------------------------------------------ permissions

# role, on which committee → detail page, report form
PERMISSIONS = [
    (Role.SECRETARY, "town", 200, 200),
    (Role.DEPUTY_SECRETARY, "town", 200, 200),
    (Role.OFFICE_STAFF, "town", 200, 200),
    (Role.MEMBER, "town", 200, 403),
    (Role.DISCIPLINE_SECRETARY, "town", 200, 403),
    (Role.OFFICE_STAFF, "county", 200, 403),  # the parent's office receives the report
    (Role.ORGANIZATION_STAFF, "county", 200, 403),  # oversees the town
    (Role.SECRETARY, "county", 404, 404),
    (Role.MEMBER, "county", 404, 404),
    (Role.SECRETARY, "other", 404, 404),
    (Role.OFFICE_STAFF, "other", 404, 404),
]


@pytest.mark.parametrize(("role", "where", "detail", "report_form"), PERMISSIONS)
def test_r_1_who_sees_and_who_reports(client, tree, role, where, detail, report_form):
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree[where], role))
    assert client.get(reverse("emergencies_detail", args=[emergency.pk])).status_code == detail
    assert client.get(reverse("emergencies_countdown", args=[emergency.pk])).status_code == detail
    assert client.get(reverse("emergencies_report", args=[emergency.pk])).status_code == report_form
    listed = list(client.get(reverse("emergencies_list")).context["page"])
    assert listed == ([emergency] if detail == 200 else [])


@pytest.mark.parametrize(
    ("role", "where", "is_linked"), [(Role.OFFICE_STAFF, "town", True), (Role.OFFICE_STAFF, "county", False)]
)
def test_committee_is_linked_only_for_those_who_may_open_its_page(client, tree, role, where, is_linked):
    """Issue 14: the parent's office sees the town's emergency but not the town's page (404)."""
    emergency = record(tree["town"])
    client.force_login(user_with_role(tree[where], role))
    page = client.get(reverse("emergencies_detail", args=[emergency.pk])).content.decode()
    committee_page = reverse("committee_detail", args=[tree["town"].pk])
    assert "桃源镇党委" in page
    assert (f'href="{committee_page}"' in page) is is_linked
    assert client.get(committee_page).status_code == (200 if is_linked else 404)


def test_record_page_only_for_those_who_act_for_a_committee(client, tree):
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    assert client.get(reverse("emergencies_create")).status_code == 403
    client.force_login(user_with_role(tree["town"], Role.DEPUTY_SECRETARY))
    assert client.get(reverse("emergencies_create")).status_code == 200


def test_anonymous_is_sent_to_login(client, tree):
    assert client.get(reverse("emergencies_list")).status_code == 302


# ------------------------------------------------------------------ list


def test_list_filters_by_state(client, tree):
    on_time = record(tree["town"], title="按时")
    report(on_time, T0 + 60 * M)
    late = record(tree["town"], title="迟报")
    report(late, T0 + 150 * M)
    unreported = record(tree["town"], known_at=T0 - 200 * M, title="未报")
    open_one = record(tree["town"], title="计时中")
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    url = reverse("emergencies_list")

    def listed(**query):
        return {e.title for e in client.get(url, query).context["page"]}

    assert listed(state="reported") == {on_time.title, late.title}
    assert listed(state="unreported") == {unreported.title, open_one.title}
    assert listed(state="late") == {late.title, unreported.title}


def test_list_filters_by_month_and_committee(client, tree):
    record(tree["town"], title="十一月")
    record(tree["town"], known_at=datetime.datetime(2026, 10, 31, 17, 0, tzinfo=datetime.UTC), title="十一月一日")
    record(tree["town"], known_at=datetime.datetime(2026, 10, 31, 15, 0, tzinfo=datetime.UTC), title="十月")
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    url = reverse("emergencies_list")
    november = {e.title for e in client.get(url, {"month": "2026-11"}).context["page"]}
    assert november == {"十一月", "十一月一日"}  # 2026-11-01 01:00 in Shanghai
    assert {e.title for e in client.get(url, {"committee": tree["town"].pk}).context["page"]} == {
        "十一月",
        "十一月一日",
        "十月",
    }


def test_list_with_a_bad_filter_value_is_not_a_500(client, tree):
    record(tree["town"])
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    response = client.get(reverse("emergencies_list"), {"month": "abc", "state": "nonsense"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_list_query_count_is_fixed(client, tree, django_assert_max_num_queries):
    for n in range(3):
        report(record(tree["town"], title=f"事件{n}"), T0 + 30 * M)
    record(tree["town"], title="未报")
    client.force_login(user_with_role(tree["county"], Role.OFFICE_STAFF))
    client.get(reverse("emergencies_list"))
    with django_assert_max_num_queries(20) as captured:
        client.get(reverse("emergencies_list"))
    baseline = len(captured)
    for n in range(10):
        report(record(tree["town"], title=f"更多{n}"), T0 + 30 * M)
        record(tree["town"], title=f"未报{n}")
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("emergencies_list"))
    assert len(response.context["page"]) == 24


def test_list_is_paginated(client, tree):
    for n in range(PAGE_SIZE + 1):
        record(tree["town"], title=f"事件{n}")
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    assert len(client.get(reverse("emergencies_list")).context["page"]) == PAGE_SIZE
    assert len(client.get(reverse("emergencies_list"), {"page": 2}).context["page"]) == 1


# ------------------------------------------------------------------ API


def test_api_records_and_reports(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    created = client.post(
        "/api/emergencies/",
        {
            "committee": tree["town"].pk,
            "title": "火灾",
            "kind": EmergencyKind.ACCIDENT,
            "place": "集镇",
            "occurred_at": "2026-11-25T16:30:00+08:00",
            "known_at": "2026-11-25T16:40:00+08:00",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["due_at"].startswith("2026-11-25T18:40:00")
    pk = created.json()["id"]
    reported = client.post(
        f"/api/emergencies/{pk}/report/",
        {"sent_at": "2026-11-25T16:59:00+08:00", "recipient": "区委值班室", "text": "已报告"},
        content_type="application/json",
    )
    assert reported.status_code == 201
    assert reported.json()["report"]["is_late"] is False


def test_api_refuses_known_at_in_the_future(client, tree):
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.post(
        "/api/emergencies/",
        {
            "committee": tree["town"].pk,
            "title": "火灾",
            "kind": EmergencyKind.ACCIDENT,
            "place": "集镇",
            "occurred_at": "2026-11-25T16:30:00+08:00",
            "known_at": "2026-11-25T17:30:00+08:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "known_at" in response.json()["fields"]


def test_api_lists_only_visible_emergencies_and_only_actors_report(client, tree):
    emergency = record(tree["town"])
    record(tree["other"])
    client.force_login(user_with_role(tree["town"], Role.MEMBER))
    assert [e["id"] for e in client.get("/api/emergencies/").json()["results"]] == [emergency.pk]
    response = client.post(
        f"/api/emergencies/{emergency.pk}/report/",
        {"sent_at": "2026-11-25T16:59:00+08:00", "recipient": "区委", "text": "报告"},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(UserFactory())
    assert client.get(f"/api/emergencies/{emergency.pk}/").status_code == 404
