"""Issue 14 (4): the site search – what each user finds (and must not), ranking, highlighting,
bad input, and the grams index behind it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.bounds import SEARCH_TERM_MAX_LENGTH
from committees.models import Person
from committees.site_search import (
    COUNT_CAP,
    MSG_EMPTY,
    MSG_NO_LETTERS,
    MSG_TOO_LONG,
    MSG_TOO_MANY_WORDS,
    MSG_TOO_SHORT,
    marked_parts,
    parse_query,
    snippet,
)
from meetings.models import AgendaCategory
from meetings.services.decisions import decide_by_consensus
from supervision.models import AccountabilityGround
from supervision.services import open_case
from tests.factories import PersonFactory
from tests.meetings.factories import discussed, login_of, make_item, make_meeting, make_team, sh
from tests.meetings.test_search import analyze, bulk_decisions, varied_texts
from tests.reporting.factories_petitions import local, make_petition, town_setting
from tests.supervision.factories import make_item as make_supervision_item
from tests.supervision.factories import make_office

pytestmark = pytest.mark.django_db

URL = "/search/"


def found(client, user, q) -> dict[str, list[str]]:
    """Kind key → the hits' link texts (markup removed) of the search page for ``user``."""
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response.context["error"] is None, response.context["error"]
    return {group.kind.key: [hit.title for hit in group.hits] for group in response.context["groups"] if group.count}


@pytest.fixture
def team(db):
    return make_team(9)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(team):
    """Committee A (``team``) with meetings, items and a decision on 财政预算; committee B (an
    office) with a supervision item and a case on the same words; a town with a petition."""
    meeting = make_meeting(team, title="财政预算专题会议")
    make_meeting(team, title="GDP增长目标研究会", start=sh(2026, 12, 2))
    make_item(team, meeting, AgendaCategory.IMPORTANT, title="审议2027年财政预算草案")
    make_item(team, meeting, AgendaCategory.PERSONNEL, title="财政预算科科长人选", is_confidential=True)
    _meeting, item = discussed(team, title="关于乡村振兴的报告")
    decide_by_consensus(item, resolution="同意财政预算调整方案", acting_user=login_of(team.secretary))
    Person.objects.filter(pk=team.members[0].pk).update(name="王芳")

    office = make_office()
    make_supervision_item(office, matter="财政预算执行情况督查")
    open_case(
        committee=office.committee,
        ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
        facts="财政预算执行逾期未反馈",
        acting_user=office.inspector.user,
        subject_person=office.secretary,
    )
    Person.objects.filter(pk=office.outsider.pk).update(name="王芳")  # a namesake nobody in A sees

    town = town_setting()
    make_petition(town, received_at=local(2026, 11, 20), content="反映财政预算公开不及时")
    return {"team": team, "office": office, "town": town}


def test_a_chinese_query_finds_each_kind_the_secretary_of_a_may_see(client, world):
    team = world["team"]
    hits = found(client, login_of(team.secretary), "财政预算")
    assert hits["meetings"] == ["财政预算专题会议"]
    assert sorted(hits["items"]) == ["审议2027年财政预算草案", "财政预算科科长人选"]
    assert hits["decisions"] == ["同意财政预算调整方案"]
    # committee B's supervision item and case, the town's petition: not A's
    assert {"supervision", "cases", "petitions", "people"}.isdisjoint(hits)


def test_a_confidential_item_is_not_found_by_a_viewer_of_the_same_committee_outside_the_team(client, world):
    """M-M7: the delegate sees committee A's meetings but not its confidential records."""
    hits = found(client, login_of(world["team"].delegate), "财政预算")
    assert hits["items"] == ["审议2027年财政预算草案"]
    assert hits["meetings"] == ["财政预算专题会议"]


def test_cases_are_found_by_their_readers_only_also_within_the_committee(client, world):
    office = world["office"]
    secretary_hits = found(client, office.secretary.user, "财政预算")
    assert secretary_hits["supervision"] == ["财政预算执行情况督查"]
    assert len(secretary_hits["cases"]) == 1
    member_hits = found(client, office.member.user, "财政预算")
    assert member_hits["supervision"] == ["财政预算执行情况督查"]  # B's items: every member of B
    assert "cases" not in member_hits  # a case on another person: readers by role only
    assert "meetings" not in member_hits


def test_petitions_are_found_by_the_town_not_by_others(client, world):
    town, team = world["town"], world["team"]
    assert found(client, town["staff_user"], "财政预算")["petitions"] == ["反映财政预算公开不及时"]
    assert "petitions" not in found(client, login_of(team.secretary), "财政预算")


def test_a_two_character_name_finds_the_person_of_a_visible_committee_only(client, world):
    team = world["team"]
    hits = found(client, login_of(team.secretary), "王芳")
    assert hits == {"people": ["王芳"]}
    client.force_login(login_of(team.secretary))
    group = next(g for g in client.get(URL, {"q": "王芳"}).context["groups"] if g.kind.key == "people")
    assert group.hits[0].url == reverse("person_detail", args=[team.members[0].pk])


def test_a_latin_query_ignores_case(client, world):
    assert found(client, login_of(world["team"].secretary), "gdp") == {"meetings": ["GDP增长目标研究会"]}


def test_one_chinese_character_is_a_query(client, world):
    hits = found(client, login_of(world["team"].secretary), "芳")
    assert hits["people"] == ["王芳"]


def test_every_word_must_match(client, world):
    hits = found(client, login_of(world["team"].secretary), "财政 草案")
    assert hits == {"items": ["审议2027年财政预算草案"]}


def test_ranking_exact_then_prefix_then_recent(client, team):
    make_meeting(team, title="关于预算的会议（旧）", start=sh(2026, 1, 5))
    make_meeting(team, title="关于预算的会议（新）", start=sh(2026, 11, 5))
    make_meeting(team, title="预算审查会议", start=sh(2025, 6, 1))
    make_meeting(team, title="预算", start=sh(2024, 6, 1))
    hits = found(client, login_of(team.secretary), "预算")
    assert hits["meetings"] == ["预算", "预算审查会议", "关于预算的会议（新）", "关于预算的会议（旧）"]


def test_matches_are_marked_and_the_rest_escaped(client, team):
    make_meeting(team, title="<b>财政</b>预算 & 审计")
    client.force_login(login_of(team.secretary))
    html = client.get(URL, {"q": "财政"}).content.decode()
    assert "&lt;b&gt;<mark>财政</mark>&lt;/b&gt;预算 &amp; 审计" in html
    assert "<b>财政</b>" not in html


def test_marked_parts_and_snippet_take_the_words_literally():
    assert marked_parts("a.*b A.*B", [".*"]) == [("a", False), (".*", True), ("b A", False), (".*", True), ("B", False)]
    assert marked_parts("GDP与gdp", ["gdp"]) == [("GDP", True), ("与", False), ("gdp", True)]
    text = "甲" * 100 + "桃源" + "乙" * 100
    assert snippet(text, ["桃源"]) == "…" + "甲" * 40 + "桃源" + "乙" * 40 + "…"


def test_a_common_word_shows_a_capped_count_and_the_newest_hits(client, team):
    _meeting, item = discussed(team)
    decision = decide_by_consensus(item, resolution="关于桃源的决定", acting_user=login_of(team.secretary))
    rows = bulk_decisions(decision, [f"桃源决定第{n}号" for n in range(COUNT_CAP + 10)])
    client.force_login(login_of(team.secretary))
    group = next(g for g in client.get(URL, {"q": "桃源"}).context["groups"] if g.kind.key == "decisions")
    assert group.count_label == f"{COUNT_CAP}+"
    newest = f"桃源决定第{COUNT_CAP + 9}号"
    assert newest == rows[-1].resolution
    assert newest in [hit.title for hit in group.hits]


def test_the_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(login_of(world["team"].secretary))
    client.get(URL, {"q": "财政预算"})  # warm the per-request caches' code paths
    with django_assert_max_num_queries(40):
        response = client.get(URL, {"q": "财政预算"})
    assert response.status_code == 200


def test_a_more_link_leads_to_the_filtered_list(client, team):
    for n in range(7):
        make_meeting(team, title=f"财政预算会议{n}", start=sh(2026, 10, 1 + n))
    client.force_login(login_of(team.secretary))
    html = client.get(URL, {"q": "财政预算"}).content.decode()
    assert f'href="{reverse("meetings_list")}?q=%E8%B4%A2%E6%94%BF%E9%A2%84%E7%AE%97"' in html
    listed = client.get(reverse("meetings_list"), {"q": "财政预算"})
    assert listed.context["page"].paginator.count == 7


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("q", "message"),
    [
        pytest.param("", MSG_EMPTY, id="empty"),
        pytest.param("   ", MSG_EMPTY, id="blank"),
        pytest.param("a", MSG_TOO_SHORT, id="one-latin-letter"),
        pytest.param("7", MSG_TOO_SHORT, id="one-digit"),
        pytest.param("%", MSG_NO_LETTERS, id="percent"),
        pytest.param("_", MSG_NO_LETTERS, id="underscore"),
        pytest.param("\\", MSG_NO_LETTERS, id="backslash"),
        pytest.param("'", MSG_NO_LETTERS, id="quote"),
        pytest.param('"', MSG_NO_LETTERS, id="double-quote"),
        pytest.param(";", MSG_NO_LETTERS, id="semicolon"),
        pytest.param(".*", MSG_NO_LETTERS, id="regex-any"),
        pytest.param("[", MSG_NO_LETTERS, id="bracket"),
        pytest.param("桃 a", MSG_TOO_SHORT, id="a-one-letter-word"),
        pytest.param("一 二 三 四 五 六", MSG_TOO_MANY_WORDS, id="six-words"),
        pytest.param("桃" * (SEARCH_TERM_MAX_LENGTH + 1), MSG_TOO_LONG, id="one-over-the-bound"),
        pytest.param("桃源" * 5000, MSG_TOO_LONG, id="ten-thousand-characters"),
    ],
)
def test_bad_input_is_a_clear_message_without_searching(client, team, q, message):
    client.force_login(login_of(team.secretary))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response.context["groups"] == []
    expected = str(message) % {"limit": SEARCH_TERM_MAX_LENGTH, "length": len(q)} if message is MSG_TOO_LONG else None
    if message is MSG_TOO_MANY_WORDS:
        expected = str(message) % {"limit": 5}
    assert response.context["error"] == (expected or str(message))
    assert response.context["error"] in response.content.decode()
    assert not any("dangwei_term_grams" in query["sql"] for query in captured.captured_queries)
    assert len(response.context["typed"]) <= SEARCH_TERM_MAX_LENGTH  # the box never echoes a pasted page


def test_the_search_page_without_a_query_shows_the_box_and_no_error(client, team):
    client.force_login(login_of(team.secretary))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["error"] is None
    assert 'role="search"' in response.content.decode()


def test_the_header_carries_the_search_box(client, team):
    client.force_login(login_of(team.secretary))
    html = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in html
    assert '<label for="site-search"' in html


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL, {"q": "财政预算"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        pytest.param("50%", ["完成率50%以上"], id="percent-literal"),
        pytest.param("a_b", ["代码a_b字段"], id="underscore-literal"),
        pytest.param("a\\b", ["路径a\\b说明"], id="backslash-literal"),
        pytest.param("[桃源", ["关于[桃源]的会议"], id="bracket-literal"),
        pytest.param("“重点”", ["“重点”工作会议"], id="quotes-literal"),
        pytest.param("'; DROP TABLE meetings_meeting; --", [], id="sql"),
        pytest.param("桃.*", [], id="regex-literal"),
    ],
)
def test_metacharacters_are_taken_literally(client, team, q, titles):
    for title in ["完成率50%以上", "完成率50以上", "代码a_b字段", "代码axb字段", "路径a\\b说明", "路径ab说明"]:
        make_meeting(team, title=title)
    for title in ["关于[桃源]的会议", "桃源镇会议", "“重点”工作会议", "重点工作会议"]:
        make_meeting(team, title=title)
    assert found(client, login_of(team.secretary), q).get("meetings", []) == titles


def test_parse_query_keeps_words_once_in_order_without_punctuation_only_words():
    assert parse_query("  财政  预算 财政 ").words == ("财政", "预算")
    assert parse_query("财政 % ; 预算").words == ("财政", "预算")


# ---------------------------------------------------------------------------- the meetings list


def test_the_meetings_list_filters_by_title_and_bounds_the_term(client, team, django_assert_max_num_queries):
    make_meeting(team, title="财政预算专题会议")
    make_meeting(team, title="安全生产会议")
    other = make_team(5)
    make_meeting(other, title="财政预算专题会议（外）")
    client.force_login(login_of(team.secretary))
    client.get(reverse("meetings_list"))  # warm: content types read once per process, the header's counts kept
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings_list"), {"q": "财政预算"})
    assert [m.title for m in response.context["page"]] == ["财政预算专题会议"]
    too_long = client.get(reverse("meetings_list"), {"q": "桃" * 10_000})
    assert too_long.status_code == 200
    assert "q" in too_long.context["filter"].errors


def test_the_meetings_list_finds_a_meeting_by_an_agenda_items_title_but_not_a_confidential_ones(client, team):

    by_item = make_meeting(team, title="十一月常委会")
    make_item(team, by_item, title="关于财政预算调整的议题", category=AgendaCategory.REPORT)
    secret = make_meeting(team, title="十二月常委会")
    make_item(team, secret, title="关于财政预算人选的议题", category=AgendaCategory.REPORT, is_confidential=True)
    make_meeting(team, title="安全生产会议")
    client.force_login(login_of(team.secretary))
    response = client.get(reverse("meetings_list"), {"q": "财政预算"})
    assert [m.title for m in response.context["page"]] == ["十一月常委会"]
    assert [m.title for m in client.get(reverse("meetings_list"), {"q": "十二月"}).context["page"]] == ["十二月常委会"]


# ---------------------------------------------------------------------------- the index


def test_the_decisions_kind_is_served_by_the_grams_index(client, team):
    _meeting, item = discussed(team)
    decision = decide_by_consensus(item, resolution="关于白石街道的决定", acting_user=login_of(team.secretary))
    texts = varied_texts(4000, words=8)
    for n in (5, 1700, 3900):
        texts[n] = texts[n].replace("，", "，琅琊", 1)
    bulk_decisions(decision, texts)
    analyze("meetings_decision", "meetings_decision_resolution_grams")
    client.force_login(login_of(team.secretary))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": "琅琊"})
    group = next(g for g in response.context["groups"] if g.kind.key == "decisions")
    assert group.count == 3
    searches = [
        q["sql"]
        for q in captured.captured_queries
        if "dangwei_term_grams" in q["sql"] and "meetings_decision" in q["sql"]
    ]
    assert searches
    with connection.cursor() as cursor:
        for sql in searches:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "meetings_decision_resolution_grams" in plan, plan


def test_people_found_by_name_through_the_grams_column(team):
    from committees.search import containing

    PersonFactory(name="欧阳娜娜")
    found_names = set(containing(Person.objects.all(), "name", "阳娜").values_list("name", flat=True))
    assert found_names == {"欧阳娜娜"}
    assert "dangwei_term_grams" in str(containing(Person.objects.all(), "name", "阳娜").query)


# ---------------------------------------------------------------------------- the API


def test_the_api_answers_what_the_page_finds_for_the_same_user(client, world):
    team = world["team"]
    page = found(client, login_of(team.secretary), "财政预算")
    answer = client.get("/api/search/", {"q": "财政预算"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["words"] == ["财政预算"]
    assert {group["kind"]: [hit["title"] for hit in group["hits"]] for group in data["groups"]} == page
    meetings = next(group for group in data["groups"] if group["kind"] == "meetings")
    assert meetings["count"] == 1 and meetings["is_capped"] is False
    assert meetings["hits"][0]["url"].startswith("/meetings/")


def test_the_api_shows_another_committee_none_of_a_and_the_delegate_no_confidential_item(client, world):
    client.force_login(login_of(world["office"].inspector))
    kinds = {group["kind"] for group in client.get("/api/search/", {"q": "财政预算"}).json()["groups"]}
    assert kinds.isdisjoint({"meetings", "items", "decisions"}) and "supervision" in kinds
    client.force_login(login_of(world["team"].delegate))
    groups = client.get("/api/search/", {"q": "财政预算"}).json()["groups"]
    items = next(group for group in groups if group["kind"] == "items")
    assert [hit["title"] for hit in items["hits"]] == ["审议2027年财政预算草案"]


def test_the_api_refuses_a_missing_or_too_long_query_with_a_translated_reason(client, team):
    client.force_login(login_of(team.secretary))
    missing = client.get("/api/search/")
    assert missing.status_code == 400 and missing.json()["fields"]["q"]
    too_long = client.get("/api/search/", {"q": "桃" * 10_000}, headers={"Accept-Language": "zh-hans"})
    assert too_long.status_code == 400
    assert any("字" in reason for reason in too_long.json()["fields"]["q"])
    client.logout()
    assert client.get("/api/search/", {"q": "财政预算"}).status_code == 403
