"""Issue 19 (3): searching decisions and minutes (``committees.search``) finds exactly what
``icontains`` finds, and on PostgreSQL the pages' queries find it through the grams' GIN index –
also for two-character terms, which no trigram index serves."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.bounds import SEARCH_TERM_MAX_LENGTH
from committees.models import Committee
from committees.search import INDEXED_COLUMNS, containing
from meetings.forms import DecisionFilter
from meetings.models import Decision, Minutes
from meetings.services.decisions import decide_by_consensus
from tests.meetings.factories import discussed, login_of

pytestmark = pytest.mark.django_db

TEXTS = [
    "关于桃源镇乡村振兴工作的决定",
    "同意白石街道，开展安全生产检查",
    "研究GDP增长目标与2027年预算",
    "推进gdp 统计工作",
    "完成率达到50%以上",
    "完成率达到50以上",
    "代码a_b字段",
    "代码axb字段",
    "桃源村党支部换届",
    "源桃两村合并",
    "镇 白石社区",
    "《决定》发布；“重点”工作……落实",
]

TERMS = [
    pytest.param("桃", id="one-char"),
    pytest.param("桃源", id="two-chars"),
    pytest.param("源桃", id="two-chars-reversed"),
    pytest.param("源镇乡", id="three-chars"),
    pytest.param("乡村振兴", id="four-chars"),
    pytest.param("gdp", id="latin-lower"),
    pytest.param("Gdp增长", id="latin-mixed-case-and-chinese"),
    pytest.param("2027年", id="digits"),
    pytest.param("50%", id="percent"),
    pytest.param("%", id="percent-alone"),
    pytest.param("a_b", id="underscore"),
    pytest.param("_", id="underscore-alone"),
    pytest.param("街道，开展", id="spanning-a-comma"),
    pytest.param("道开", id="adjacent-only-without-the-comma"),
    pytest.param("镇 白", id="spanning-a-space"),
    pytest.param("镇白", id="adjacent-only-without-the-space"),
    pytest.param("，", id="punctuation-only"),
    pytest.param("“重点”", id="quotes"),
    pytest.param("琅琊", id="absent"),
]


@pytest.fixture
def decided(team):
    """A decision made through the service; its item, meeting and committee for bulk rows."""
    _meeting, item = discussed(team)
    return decide_by_consensus(item, resolution="关于白石街道的决定", acting_user=login_of(team.secretary))


def bulk_decisions(decided: Decision, texts) -> list[Decision]:
    """Rows like ``decided`` with other texts – bulk, as an import or the bench writes them."""
    return Decision.objects.bulk_create(
        Decision(
            committee_id=decided.committee_id,
            item_id=decided.item_id,
            category=decided.category,
            kind=decided.kind,
            resolution=text,
            decided_at=decided.decided_at,
            rule_set_version_id=decided.rule_set_version_id,
        )
        for text in texts
    )


def bulk_minutes(decided: Decision, texts) -> list[Minutes]:
    return Minutes.objects.bulk_create(
        Minutes(
            committee_id=decided.committee_id,
            meeting_id=decided.item.meeting_id,
            title="会议纪要",
            search_text=text,
            rule_set_version_id=decided.rule_set_version_id,
        )
        for text in texts
    )


def grams_of(table: str, column: str, pk: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}_grams FROM {table} WHERE id = %s", [pk])  # noqa: S608 (constants)
        return cursor.fetchone()[0]


@pytest.mark.parametrize("term", TERMS)
@pytest.mark.parametrize(("model", "field"), [(Decision, "resolution"), (Minutes, "search_text")])
def test_search_finds_exactly_what_icontains_finds(decided, model, field, term):
    rows = {"resolution": bulk_decisions, "search_text": bulk_minutes}[field](decided, TEXTS)
    ours = model.objects.filter(pk__in=[r.pk for r in rows])
    found = containing(ours, field, term)
    assert "dangwei_term_grams" in str(found.query)  # through the grams, not icontains alone
    assert set(found.values_list("pk", flat=True)) == set(
        ours.filter(**{f"{field}__icontains": term}).values_list("pk", flat=True)
    )


def test_search_finds_the_rows_expected(decided):
    """The equality above is not vacuous: a two-character term finds both its rows, not the
    reversed pair; ``%`` and ``_`` are literal."""
    rows = dict(zip(TEXTS, bulk_decisions(decided, TEXTS), strict=True))
    ours = Decision.objects.filter(pk__in=[r.pk for r in rows.values()])

    def found(term):
        return {d.resolution for d in containing(ours, "resolution", term)}

    assert found("桃源") == {"关于桃源镇乡村振兴工作的决定", "桃源村党支部换届"}
    assert found("50%") == {"完成率达到50%以上"}
    assert found("a_b") == {"代码a_b字段"}
    assert found("GDP") == {"研究GDP增长目标与2027年预算", "推进gdp 统计工作"}
    assert found("街道，开展") == {"同意白石街道，开展安全生产检查"}
    assert found("道开") == set()


def test_a_term_without_letter_case_is_matched_without_upper_casing_every_text(decided):
    """Issue 19: ``UPPER(col) LIKE UPPER(term)`` copies every text it checks; a Chinese term
    finds the same rows with ``LIKE`` (the equality over ``TERMS`` above), a term with letters
    still ignores their case."""
    rows = bulk_decisions(decided, TEXTS)
    ours = Decision.objects.filter(pk__in=[r.pk for r in rows])
    chinese, latin = containing(ours, "resolution", "桃源"), containing(ours, "resolution", "Gdp")
    assert "UPPER" not in str(chinese.query) and "LIKE" in str(chinese.query)
    assert "UPPER" in str(latin.query)
    assert {d.resolution for d in latin} == {"研究GDP增长目标与2027年预算", "推进gdp 统计工作"}


def test_search_combines_with_filters_ordering_counting_and_slicing(decided):
    bulk_decisions(decided, ["桃源镇决定"] * 7)
    found = containing(Decision.objects.filter(committee_id=decided.committee_id), "resolution", "桃源").order_by("-pk")
    assert found.count() == 7
    assert len(found[2:5]) == 3
    assert Decision.objects.filter(pk__in=found.values("pk")).count() == 7  # relabelled as a subquery


def test_grams_follow_an_update_of_the_text(decided):
    assert "白石" in grams_of("meetings_decision", "resolution", decided.pk)
    Decision.objects.filter(pk=decided.pk).update(resolution="关于桃源镇的决定")
    assert "白石" not in grams_of("meetings_decision", "resolution", decided.pk)
    assert containing(Decision.objects.all(), "resolution", "桃源").get() == decided
    assert not containing(Decision.objects.all(), "resolution", "白石").exists()


def test_grams_are_distinct_characters_and_pairs_without_punctuation(decided):
    Decision.objects.filter(pk=decided.pk).update(resolution="桃源，桃源 Ab")
    assert sorted(grams_of("meetings_decision", "resolution", decided.pk)) == sorted(
        ["桃", "源", "桃源", "源桃", "A", "B", "AB", "源A"]
    )


@pytest.mark.parametrize("column", sorted(INDEXED_COLUMNS))
def test_every_indexed_column_has_its_grams_and_a_gin_index(column):
    table, name = column.split(".")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, f"{name}_grams"],
        )
        assert cursor.fetchone() == ("ALWAYS",)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        assert any(f"USING gin ({name}_grams)" in row[0] for row in cursor.fetchall())
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE %s", ["%gin_trgm_ops%"])
        assert cursor.fetchone() == (0,)  # the trigram indexes are gone


def test_a_term_longer_than_the_bound_is_a_form_error_and_a_400(client, decided, team):
    long_term = "桃" * (SEARCH_TERM_MAX_LENGTH + 1)
    filterset = DecisionFilter({"q": long_term}, queryset=Decision.objects.all(), committees=Committee.objects.all())
    assert "q" in filterset.errors
    client.force_login(login_of(team.secretary))
    assert client.get("/api/decisions/", {"q": long_term}).status_code == 400
    assert client.get("/api/decisions/", {"q": "桃" * SEARCH_TERM_MAX_LENGTH}).status_code == 200


# ------------------------------------------------------------------------------ the plan

#: Words the bench-like texts are made of; the rare term's characters are in none of them.
WORDS = [
    "乡村振兴",
    "安全生产",
    "基层党建",
    "招商引资",
    "生态环境",
    "民生实事",
    "营商环境",
    "防汛抗旱",
    "脱贫攻坚",
    "城乡建设",
    "干部队伍",
    "党风廉政",
    "意识形态",
    "社会治理",
    "文明创建",
    "产业发展",
    "财政预算",
    "项目建设",
    "信访维稳",
    "教育卫生",
    "白石街道",
    "桃源镇",
    "桃源村",
    "临江区",
    "工作",
    "会议",
    "研究",
    "同意",
    "决定",
    "部署",
    "落实",
    "推进",
    "加强",
    "完善",
]
RARE = "琅琊"


def varied_texts(count: int, *, words: int, seed: int = 19) -> list[str]:
    rng = random.Random(seed)
    return ["，".join(rng.choice(WORDS) for _ in range(words)) + "。" for _ in range(count)]


def analyze(table: str, index: str) -> None:
    """What autovacuum does after a bulk write: move the GIN index's pending list into the index
    (the planner prices a long pending list as read in full) and gather the statistics."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute(f"ANALYZE {table}")


def plans_of_search(client, url: str, term: str) -> list[str]:
    """EXPLAIN of every query the page runs that searches ``term`` (its count and its page)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": term})
    assert response.status_code == 200
    searches = [q["sql"] for q in captured.captured_queries if "dangwei_term_grams" in q["sql"]]
    assert len(searches) >= 2  # the paginator's count and the page's rows
    plans = []
    with connection.cursor() as cursor:
        for sql in searches:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_decisions_page_finds_a_rare_two_character_term_through_the_grams_index(client, decided, team):
    texts = varied_texts(4000, words=8)
    for n in (5, 1700, 3900):
        texts[n] = texts[n].replace("，", f"，{RARE}", 1)
    bulk_decisions(decided, texts)
    analyze("meetings_decision", "meetings_decision_resolution_grams")
    client.force_login(login_of(team.secretary))
    plans = plans_of_search(client, reverse("meetings_decisions"), RARE)
    for plan in plans:
        assert "meetings_decision_resolution_grams" in plan, plan
    assert client.get(reverse("meetings_decisions"), {"q": RARE}).context["page"].paginator.count == 3


def test_minutes_page_finds_a_rare_two_character_term_through_the_grams_index(client, decided, team):
    texts = varied_texts(3000, words=40)
    for n in (7, 2100):
        texts[n] = texts[n].replace("，", f"，{RARE}", 1)
    bulk_minutes(decided, texts)
    analyze("meetings_minutes", "meetings_minutes_search_text_grams")
    client.force_login(login_of(team.secretary))
    plans = plans_of_search(client, reverse("meetings_minutes_list"), RARE)
    for plan in plans:
        assert "meetings_minutes_search_text_grams" in plan, plan
    assert client.get(reverse("meetings_minutes_list"), {"q": RARE}).context["page"].paginator.count == 2
