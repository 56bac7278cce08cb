"""Recurring report pages and API: who has and has not reported, submission, permissions, queries."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Level, Role
from reporting import deadlines
from reporting.periodic import services
from reporting.periodic.models import PeriodicObligation
from reporting.periodic.models import PeriodicReportKind as Kind
from tests.factories import CommitteeFactory, user_with_role
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai
AFTER_DUE = datetime.datetime(2027, 1, 20, 2, 0, tzinfo=datetime.UTC)
Q4 = "2026-10-01"


def docx_bytes() -> bytes:
    """The smallest file the upload check takes for a .docx: a ZIP with the Word main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


DOCX = docx_bytes()


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tree():
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    town = CommitteeFactory(name="桃源镇党委", level=Level.TOWN, parent=county)
    other_town = CommitteeFactory(name="青山镇党委", level=Level.TOWN, parent=county)
    branches = {
        name: CommitteeFactory(name=name, level=Level.BRANCH, parent=town) for name in ("甲村党支部", "乙村党支部")
    }
    services.generate_obligations(acting_user=clerk())
    return {"county": county, "town": town, "other_town": other_town, "branch": branches["甲村党支部"], **branches}


def branch_report(branch):
    return PeriodicObligation.objects.get(kind=Kind.BRANCH_QUARTERLY, reporting_committee=branch)


def roster_url(committee, kind=Kind.BRANCH_QUARTERLY, start=Q4):
    return reverse("periodic_roster", args=[committee.pk, kind, start])


# ------------------------------------------------------------------ who has not reported


def test_m_c5_roster_shows_who_has_not_reported_overdue_first(client, tree, frozen):
    services.submit(branch_report(tree["乙村党支部"]), text="第四季度汇报", acting_user=clerk())
    frozen.move_to(AFTER_DUE, tick=False)
    client.force_login(user_with_role(tree["town"], Role.SECRETARY))
    response = client.get(roster_url(tree["town"]))
    assert response.status_code == 200
    assert response.context["counts"] == {"total": 2, "submitted": 1, "late": 0, "missing": 1, "overdue": 1}
    assert [o.reporter_name for o in response.context["page"]] == ["甲村党支部", "乙村党支部"]
    page = response.content.decode()
    assert "2026年第4季度" in page


def test_roster_filters_the_missing_ones(client, tree):
    services.submit(branch_report(tree["乙村党支部"]), text="汇报", acting_user=clerk())
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.get(roster_url(tree["town"]), {"state": "pending"})
    assert [o.reporter_name for o in response.context["page"]] == ["甲村党支部"]


def test_received_page_counts_each_period(client, tree):
    services.submit(branch_report(tree["乙村党支部"]), text="汇报", acting_user=clerk())
    client.force_login(user_with_role(tree["town"], Role.OFFICE_STAFF))
    response = client.get(reverse("periodic_received", args=[tree["town"].pk]))
    groups = list(response.context["page"])
    assert [(g["kind"], g["period_label"], g["total"], g["submitted"], g["missing"]) for g in groups] == [
        (Kind.BRANCH_QUARTERLY, "2026年第4季度", 2, 1, 1)
    ]
    county = client.get(reverse("periodic_received", args=[tree["county"].pk]), {"kind": Kind.LEAVE_SUMMARY})
    assert county.status_code == 404  # the town office does not see the county


def test_unknown_kind_or_period_is_a_404(client, tree):
    client.force_login(user_with_role(tree["town"], Role.SECRETARY))
    assert client.get(roster_url(tree["town"], kind="nonsense")).status_code == 404
    assert client.get(roster_url(tree["town"], start="2026-13-01")).status_code == 404
    assert client.get(roster_url(tree["town"], start="2026-07-01")).status_code == 404


# ------------------------------------------------------------------ submission


def test_the_branch_submits_with_an_attachment_and_the_deadline_is_met(client, tree):
    obligation = branch_report(tree["branch"])
    client.force_login(user_with_role(tree["branch"], Role.SECRETARY))
    response = client.post(
        reverse("periodic_submit", args=[obligation.pk]),
        {"text": "", "attachment": SimpleUploadedFile("第四季度汇报.docx", DOCX)},
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.is_submitted
    assert obligation.attachment.name.startswith("periodic/2026/")
    assert deadlines.for_subject(obligation).get().state == "met"
    download = client.get(reverse("periodic_attachment", args=[obligation.pk]))
    assert b"".join(download.streaming_content) == DOCX


def test_an_empty_report_is_a_form_error(client, tree):
    obligation = branch_report(tree["branch"])
    client.force_login(user_with_role(tree["branch"], Role.OFFICE_STAFF))
    response = client.post(reverse("periodic_submit", args=[obligation.pk]), {"text": "  "})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    obligation.refresh_from_db()
    assert not obligation.is_submitted


def test_the_receiving_office_records_a_party_groups_report(client, tree):
    obligation = PeriodicObligation.objects.filter(kind=Kind.PARTY_GROUP_QUARTERLY, receiving_committee=tree["county"])[
        0
    ]
    client.force_login(user_with_role(tree["county"], Role.OFFICE_STAFF))
    response = client.post(reverse("periodic_submit", args=[obligation.pk]), {"text": "政府党组第四季度工作报告"})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.is_submitted


# ------------------------------------------------------------------ permissions

# role, on which committee → the branch's report page, its submit form, the town's roster
PERMISSIONS = [
    (Role.SECRETARY, "branch", 200, 200, 404),
    (Role.OFFICE_STAFF, "branch", 200, 200, 404),
    (Role.DEPUTY_SECRETARY, "branch", 200, 200, 404),
    (Role.MEMBER, "branch", 200, 403, 404),
    (Role.SECRETARY, "乙村党支部", 404, 404, 404),
    (Role.SECRETARY, "town", 200, 403, 200),
    (Role.OFFICE_STAFF, "town", 200, 403, 200),
    (Role.MEMBER, "town", 200, 403, 200),
    (Role.ORGANIZATION_MEMBER, "town", 200, 403, 200),
    (Role.ORGANIZATION_STAFF, "county", 200, 403, 200),
    (Role.SECRETARY, "county", 404, 404, 404),
    (Role.SECRETARY, "other_town", 404, 404, 404),
]


@pytest.mark.parametrize(("role", "where", "detail", "submit", "roster"), PERMISSIONS)
def test_who_sees_and_who_submits(client, tree, role, where, detail, submit, roster):
    obligation = branch_report(tree["branch"])
    client.force_login(user_with_role(tree[where], role))
    assert client.get(reverse("periodic_detail", args=[obligation.pk])).status_code == detail
    assert client.get(reverse("periodic_submit", args=[obligation.pk])).status_code == submit
    assert client.get(roster_url(tree["town"])).status_code == roster
    listed = obligation in client.get(reverse("periodic_list"), {"kind": Kind.BRANCH_QUARTERLY}).context["page"]
    assert listed == (detail == 200)


def test_anonymous_is_sent_to_login(client, tree):
    assert client.get(reverse("periodic_list")).status_code == 302


# ------------------------------------------------------------------ list and query counts


def test_list_filters_by_state_and_committee(client, tree, frozen):
    services.submit(branch_report(tree["乙村党支部"]), text="汇报", acting_user=clerk())
    frozen.move_to(AFTER_DUE, tick=False)
    client.force_login(user_with_role(tree["town"], Role.SECRETARY))
    url = reverse("periodic_list")
    overdue = client.get(url, {"state": "overdue", "kind": Kind.BRANCH_QUARTERLY}).context["page"]
    assert [o.reporter_name for o in overdue] == ["甲村党支部"]
    town = client.get(url, {"committee": tree["town"].pk}).context["page"]
    assert {o.kind for o in town} == {Kind.BRANCH_QUARTERLY, Kind.LEAVE_SUMMARY, Kind.DEMOCRATIC_LIFE}
    bad = client.get(url, {"state": "nonsense", "year": "x"})
    assert bad.status_code == 200 and bad.context["filter"].errors


def test_list_and_roster_query_counts_are_fixed(client, tree, django_assert_max_num_queries):
    user = user_with_role(tree["town"], Role.SECRETARY)
    client.force_login(user)
    pages = [reverse("periodic_list"), roster_url(tree["town"]), reverse("periodic_received", args=[tree["town"].pk])]
    baselines = []
    for url in pages:
        client.get(url)
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        baselines.append(len(captured))
    for n in range(10):
        CommitteeFactory(name=f"新村{n}党支部", level=Level.BRANCH, parent=tree["town"])
    services.generate_obligations(acting_user=clerk())
    for n, obligation in enumerate(PeriodicObligation.objects.filter(receiving_committee=tree["town"])):
        if n % 2:
            services.submit(obligation, text="汇报", acting_user=clerk())
    for url, baseline in zip(pages, baselines, strict=True):
        with django_assert_max_num_queries(baseline):
            client.get(url)
    assert client.get(roster_url(tree["town"])).context["counts"]["total"] == 12


# ------------------------------------------------------------------ API


def test_api_lists_visible_reports_and_the_reporting_side_submits(client, tree):
    obligation = branch_report(tree["branch"])
    client.force_login(user_with_role(tree["town"], Role.SECRETARY))
    listed = client.get("/api/periodic-reports/", {"kind": Kind.BRANCH_QUARTERLY}).json()["results"]
    assert {item["reporter_name"] for item in listed} == {"甲村党支部", "乙村党支部"}
    assert client.post(f"/api/periodic-reports/{obligation.pk}/submit/", {"text": "汇报"}).status_code == 403
    client.force_login(user_with_role(tree["branch"], Role.SECRETARY))
    response = client.post(
        f"/api/periodic-reports/{obligation.pk}/submit/", {"text": "汇报"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["is_submitted"] is True
    again = client.post(
        f"/api/periodic-reports/{obligation.pk}/submit/", {"text": "汇报"}, content_type="application/json"
    )
    assert again.status_code == 400
