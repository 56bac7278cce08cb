"""Pages and API of the democratic life meeting: permissions like the meetings pages, a fixed
number of queries on the list, DL-2 decisions in the higher-level committee's inbox."""

import datetime

import pytest
from django.urls import reverse

from committees import documents
from committees.actors import system_user
from committees.models import Level
from meetings.democratic_life import services
from meetings.democratic_life.models import DemocraticLifeRecord, PostponementStatus
from tests.factories import CommitteeFactory
from tests.meetings.factories import login_of, make_team, open_with, sh
from tests.printed import assert_laid_out_on_the_page, docx_text, read_docx, read_pdf, sized

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.meetings.democratic_life.urls")]


def login(client, person):
    client.force_login(person.user)
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretary", 302), ("office", 302), ("member", 403)],
)
def test_create_is_for_the_office_and_the_secretary(client, team, who, expected):
    person = {"secretary": team.secretary, "office": team.office, "member": team.members[0]}[who]
    response = login(client, person).post(
        reverse("democratic_life_create"), {"committee": team.committee.pk, "year": 2026, "theme": "主题"}
    )
    assert response.status_code == expected
    assert DemocraticLifeRecord.objects.exists() == (expected == 302)


def test_detail_is_visible_to_the_team_and_hidden_from_others(client, team, record):
    outsider = make_team(3, deputies=0, committee=CommitteeFactory(level=Level.COUNTY), logins=True)
    assert login(client, team.members[0]).get(reverse("democratic_life_detail", args=[record.pk])).status_code == 200
    assert login(client, outsider.secretary).get(reverse("democratic_life_detail", args=[record.pk])).status_code == 404


def test_list_costs_a_fixed_number_of_queries(client, team, django_assert_max_num_queries):
    for year in (2024, 2025, 2026):
        services.create_record(committee=team.committee, year=year, acting_user=system_user())
    login(client, team.secretary)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("democratic_life_list"), {"committee": team.committee.pk})
    other = make_team(5, deputies=1, committee=CommitteeFactory(level=Level.COUNTY, parent=team.committee.parent))
    for year in (2023, 2022):
        services.create_record(committee=team.committee, year=year, acting_user=system_user())
    services.create_record(committee=other.committee, year=2026, acting_user=system_user())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("democratic_life_list"), {"committee": team.committee.pk})
    assert response.status_code == 200
    assert response.content.decode().count("/meetings/democratic-life/") >= 5


def test_detail_shows_every_section(client, team, record):
    held_meeting = services.schedule_meeting(
        record, start_at=sh(2026, 11, 30, 9), end_at=sh(2026, 11, 30, 12), acting_user=login_of(team.office)
    )
    open_with(held_meeting, team, team.everyone)
    response = login(client, team.office).get(reverse("democratic_life_detail", args=[record.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for anchor in ("plan", "meeting", "members", "talks", "opinions", "postponements", "measures", "report"):
        assert f'id="{anchor}"' in html


def test_dl_2_the_parent_decides_in_its_inbox(client, team, parent, record):
    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="抗洪抢险", acting_user=login_of(team.office)
    )
    request_row = record.postponements.get()
    page = login(client, parent.secretary).get(reverse("democratic_life_inbox"))
    assert "抗洪抢险" in page.content.decode()
    response = client.post(
        reverse("democratic_life_decide", args=[request_row.pk]),
        {"approve": "1", "decided_as": "principal_leader", "note": ""},
    )
    assert response.status_code == 302
    request_row.refresh_from_db()
    assert request_row.status == PostponementStatus.APPROVED
    record.refresh_from_db()
    assert record.planned_date == datetime.date(2026, 12, 20)


def test_dl_2_the_committee_itself_cannot_decide_its_request(client, team, record):
    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    request_row = record.postponements.get()
    response = login(client, team.secretary).post(
        reverse("democratic_life_decide", args=[request_row.pk]), {"approve": "1", "decided_as": "principal_leader"}
    )
    assert response.status_code == 404
    request_row.refresh_from_db()
    assert request_row.status == PostponementStatus.PENDING


def test_dl_2_the_api_answers_409_with_the_rule(client, team, record):
    login(client, team.office)
    response = client.post(
        f"/api/democratic-life/{record.pk}/schedule/",
        {"start_at": "2026-12-05T09:00:00+08:00", "end_at": "2026-12-05T12:00:00+08:00"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "DL-2"
    record.refresh_from_db()
    assert record.meeting is None


def test_api_lists_and_creates_records_for_the_office(client, team, parent):
    login(client, team.office)
    response = client.post(
        "/api/democratic-life/",
        {"committee": team.committee.pk, "year": 2026, "theme": "主题", "planned_date": "2026-11-30"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert len(response.json()["members_due"]) == 5
    listed = client.get("/api/democratic-life/", {"year": 2026}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    response = client.post(
        f"/api/democratic-life/{pk}/postpone/",
        {"to_date": "2026-12-20", "reason": "工作忙"},
        content_type="application/json",
    )
    assert response.status_code == 201
    login(client, parent.member)
    assert client.get("/api/democratic-life/").json()["count"] == 0


def test_api_member_submits_own_material_only(client, team, record):
    login(client, team.members[0])
    mine = client.post(
        f"/api/democratic-life/{record.pk}/materials/",
        {"person": team.members[0].pk, "text": "对照检查"},
        content_type="application/json",
    )
    assert mine.status_code == 201
    other = client.post(
        f"/api/democratic-life/{record.pk}/materials/",
        {"person": team.secretary.pk, "text": "代交"},
        content_type="application/json",
    )
    assert other.status_code == 403
    assert record.materials.count() == 1


def test_demo_is_built_through_the_services_and_idempotent(team, parent):
    from committees.models import Level as Lv
    from meetings.democratic_life import demo
    from meetings.democratic_life.models import RectificationMeasure
    from tests.meetings.factories import make_meeting

    town = make_team(5, deputies=1, committee=CommitteeFactory(name="桃源镇党委", level=Lv.TOWN, parent=team.committee))
    meeting = make_meeting(team, kind="democratic_life", start=sh(2026, 11, 20, 9), title="年度民主生活会")
    open_with(meeting, team, team.everyone)
    from meetings.services.session import close_meeting

    close_meeting(meeting, at=sh(2026, 11, 20, 12), acting_user=system_user())
    lines = demo.seed(today=datetime.date(2026, 11, 25))
    assert len(lines) == 3
    county = DemocraticLifeRecord.objects.get(committee=team.committee)
    assert county.meeting == meeting and county.report_obligation is not None
    assert RectificationMeasure.objects.filter(record=county).count() == 2
    town_record = DemocraticLifeRecord.objects.get(committee=town.committee)
    assert town_record.postponements.get().status == PostponementStatus.PENDING
    assert demo.seed(today=datetime.date(2026, 11, 25)) == []


def test_panels_show_this_years_status_and_the_parents_inbox(rf, team, parent, record):
    import time_machine

    from meetings.democratic_life.panels import democratic_life_this_year, postponements_to_decide

    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    with time_machine.travel(sh(2026, 11, 25, 10), tick=False):
        request = rf.get("/")
        request.user = team.members[0].user
        panel = democratic_life_this_year(request, team.committee)
        assert panel.context["record"] == record
        assert panel.context["status"] == "postponement_requested"
        assert postponements_to_decide(request) is None
        request = rf.get("/")
        request.user = parent.secretary.user
        assert postponements_to_decide(request).context["count"] == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [("parent.secretary", 200), ("parent.office", 200), ("team.secretary", 403), ("parent.member", 404)],
)
def test_dl_2_api_decision_is_for_the_higher_level_committee(client, team, parent, record, who, expected):
    services.request_postponement(
        record, to_date=datetime.date(2026, 12, 20), reason="工作忙", acting_user=system_user()
    )
    row = record.postponements.get()
    owner, attribute = who.split(".")
    person = getattr({"parent": parent, "team": team}[owner], attribute)
    decided_as = "principal_leader" if attribute == "secretary" else "standing_committee"
    response = login(client, person).post(
        f"/api/democratic-life-postponements/{row.pk}/decide/",
        {"approve": True, "decided_as": decided_as},
        content_type="application/json",
    )
    assert response.status_code == expected
    row.refresh_from_db()
    assert (row.status == PostponementStatus.APPROVED) == (expected == 200)


# ------------------------------------------------- the DL-4 report printed to GB/T 9704 (issue 15)


def test_dl_4_the_written_report_prints_with_preparation_measures_and_its_addressees(client, team, record, parent):
    # rule: DL-4
    from meetings.democratic_life.models import OpinionSource
    from tests.meetings.democratic_life.test_democratic_life import held

    services.add_opinion(
        record,
        source=OpinionSource.GRASSROOTS,
        summary="加强调研",
        collected_on=datetime.date(2026, 11, 1),
        acting_user=login_of(team.office),
    )
    services.add_opinion(
        record,
        source=OpinionSource.DELEGATES,
        summary="改进文风",
        collected_on=datetime.date(2026, 11, 2),
        acting_user=login_of(team.office),
    )
    services.record_talk(
        record,
        person=team.secretary,
        other=team.deputies[0],
        talked_on=datetime.date(2026, 11, 20),
        acting_user=login_of(team.office),
    )
    held(record, team)
    services.add_measure(
        record,
        problem="调查研究不够深入",
        measure="每名班子成员每季度到基层调研不少于一次",
        responsible=team.secretary,
        acting_user=login_of(team.office),
    )
    url = reverse("democratic_life_report_document", args=[record.pk])
    login(client, team.secretary)
    draft = read_pdf(client.get(url).content)
    assert draft.text.startswith("草稿")  # not yet submitted
    services.submit_report(
        record, text="会议开展了批评和自我批评。", acting_user=login_of(team.office), at=sh(2026, 12, 5, 10)
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = read_pdf(response.content)
    assert_laid_out_on_the_page(printed)
    assert printed.red() == "临江区委"
    assert "关于临江区委2026年度民主生活会情况的报告" in sized(printed, documents.SIZE_2)
    assert "云川市委：" in printed.text  # to the higher-level committee
    assert "主题：学思想、强党性。" in printed.text and "2026年11月30日" in printed.text
    assert "会前征求意见2条（基层党组织1，党代表1）" in printed.text
    assert "会议开展了批评和自我批评。" in printed.text
    assert "调查研究不够深入" in sized(printed, 12) and "2026年12月30日" in sized(printed, 12)
    assert "抄送：云川市委纪委。" in printed.text  # and to its discipline commission
    assert "2026年12月5日印发" in printed.text and "草稿" not in printed.text
    opened = read_docx(client.get(url + "?format=docx").content)
    assert "每名班子成员每季度到基层调研不少于一次" in docx_text(opened)
    login(client, make_team(3, deputies=0, committee=CommitteeFactory(level=Level.COUNTY), logins=True).secretary)
    assert client.get(url).status_code == 404
