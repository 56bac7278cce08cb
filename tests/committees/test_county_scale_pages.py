"""Issue 19: what keeps the list pages near a bare page at county scale – a count that stops where
the page needs it, the committee filter written without a template per option, the signed-in
person read with the user, the holiday-schedule banner read once a minute – and that none of it
loosens what a user sees."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import calendar, paging, scope, selectors, services, todo
from committees.actors import system_user
from committees.models import CalendarYear, Committee, Level, Role
from committees.paging import COUNT_UP_TO, PAGE_SIZE, BoundedPaginator, page_of
from tests.factories import CommitteeFactory, PersonFactory, RoleFactory, UserFactory, user_with_role
from tests.meetings.factories import make_meeting, make_team

pytestmark = pytest.mark.django_db


class FakeRequest:
    def __init__(self, page=None):
        self.GET = {} if page is None else {"page": str(page)}


# --------------------------------------------------------------------------- the bounded count


def many_committees(n):
    Committee.objects.bulk_create([Committee(name=f"支部{i}", level=Level.BRANCH) for i in range(n)])
    return Committee.objects.order_by("pk")


def test_the_count_stops_at_its_limit_and_says_so():
    committees = many_committees(30)
    paginator = BoundedPaginator(committees, 10, limit=25)
    assert paginator.count == 25 and paginator.is_capped
    assert paginator.count_label == "25+" and paginator.num_pages_label == "3+"
    with CaptureQueriesContext(connection) as queries:
        BoundedPaginator(committees, 10, limit=25).count  # noqa: B018 - the property runs the query
    assert "LIMIT 26" in queries[0]["sql"]


def test_an_exact_count_below_the_limit_has_no_plus():
    paginator = BoundedPaginator(many_committees(7), 10, limit=25)
    assert (paginator.count, paginator.is_capped, paginator.count_label) == (7, False, "7")


def test_the_count_reaches_past_the_page_asked_for_so_next_is_offered():
    committees = many_committees(8)
    deep = (COUNT_UP_TO // 2) + 3  # a page whose rows lie beyond COUNT_UP_TO rows of 2
    page = page_of(FakeRequest(page=3), committees, per_page=2)
    assert [c.name for c in page] == ["支部4", "支部5"] and page.has_next()
    assert page.paginator.limit == COUNT_UP_TO
    assert page_of(FakeRequest(page=deep), committees, per_page=2).paginator.limit == (deep + 1) * 2


def test_a_page_number_out_of_range_or_not_a_number_gives_a_page_not_an_error():
    committees = many_committees(3)
    assert page_of(FakeRequest(page=99), committees, per_page=2).number == 2
    assert page_of(FakeRequest(page="x"), committees, per_page=2).number == 1
    assert page_of(FakeRequest(page=10**30), committees, per_page=2).number == 2


def test_a_list_page_shows_a_capped_count_with_a_plus(client, monkeypatch):
    team = make_team(5, logins=True)
    for n in range(2 * PAGE_SIZE + 2):  # the count always reaches one page past the page shown
        make_meeting(team, start=timezone.make_aware(datetime.datetime(2026, 12, 1 + n % 28, 9)), title=f"会议{n}")
    client.force_login(team.office.user)
    monkeypatch.setattr(paging, "COUNT_UP_TO", PAGE_SIZE + 1)  # below the two pages page 1 needs
    page = client.get(reverse("meetings_list")).context["page"]
    assert page.paginator.count_label == f"{2 * PAGE_SIZE}+"  # two pages, then "+"
    assert page.has_next()


def test_the_count_reads_no_order():
    # "More than n rows?" needs no order; ordered, PostgreSQL read and sorted every match of a
    # common search term before it counted (issue 19: 800 ms for a word in half the minutes).
    with CaptureQueriesContext(connection) as queries:
        BoundedPaginator(many_committees(5).order_by("-name"), 10, limit=25).count  # noqa: B018
    assert "ORDER BY" not in queries[0]["sql"]


def test_walked_reads_the_matches_in_the_lists_order_a_window_at_a_time(monkeypatch):
    committees = many_committees(30).order_by("-pk")
    matching = committees.filter(name__contains="1")
    expected = list(matching.values_list("pk", flat=True))
    assert len(expected) == 12
    monkeypatch.setattr(paging, "WALK_FIRST", 4)
    assert [c.pk for c in paging.walked(matching, committees, 0, 5)] == expected[:5]
    assert [c.pk for c in paging.walked(matching, committees, 5, 10)] == expected[5:10]
    assert [c.pk for c in paging.walked(matching, committees, 10, 15)] == expected[10:]  # the end
    rare = committees.filter(name="支部0")  # the last row in this order
    assert [c.name for c in paging.walked(rare, committees, 0, 1)] == ["支部0"]
    monkeypatch.setattr(paging, "WALK_ROWS_PER_HIT", 2)
    assert paging.walked(rare, committees, 0, 1) is None  # too rare to walk for: the index's turn


def test_a_search_matching_more_rows_than_counted_reads_its_page_by_walking_the_list(rf, monkeypatch):
    from reporting.petitions import selectors as petition_selectors
    from reporting.petitions.filters import PetitionFilter
    from tests.reporting.factories_petitions import local, make_petition, town_setting

    setting = town_setting()
    for day in range(1, 13):
        make_petition(
            setting, received_at=local(2026, 10, day), content=f"反映村道问题{day}" if day % 3 else "反映噪音"
        )

    def page(number):
        request = rf.get("/petitions/", {"q": "村道", "page": number})
        request.user = setting["staff_user"]
        queryset = petition_selectors.petition_list(request.user)
        return paging.searched_page(
            request, PetitionFilter(request.GET, queryset=queryset, request=request), per_page=3
        )

    plain = [[p.pk for p in page(n)] for n in (1, 2, 3)]
    assert sum(len(rows) for rows in plain) == 8
    monkeypatch.setattr(paging, "COUNT_UP_TO", 3)
    monkeypatch.setattr(paging, "WALK_FIRST", 2)
    with CaptureQueriesContext(connection) as queries:
        first = page(1)
    assert first.paginator.is_capped and isinstance(first.object_list, list)  # walked
    # Only the count goes through the term's index; the walk checks the rows it names by their
    # keys (through the index, a common term read every row holding its grams: 10 ms, not 1).
    searched = [q["sql"] for q in queries if "LIKE" in q["sql"]]
    assert len(searched) >= 3
    assert [("dangwei_term_grams" in sql) for sql in searched] == [True] + [False] * (len(searched) - 1)
    assert [[p.pk for p in page(n)] for n in (1, 2)] == plain[:2]  # the same rows, in the same order
    assert all("噪音" not in p.content for n in (1, 2) for p in page(n))


# --------------------------------------------------------------------------- the committee filter


def test_the_committee_filter_offers_only_visible_committees_escaped_and_keeps_the_choice(client):
    mine = CommitteeFactory(name="<b>镇</b>党委")
    hidden = CommitteeFactory(name="别的党委")
    client.force_login(user_with_role(mine, Role.MEMBER))
    html = client.get(reverse("meetings_list"), {"committee": mine.pk}).content.decode()
    assert f'<option value="{mine.pk}" selected>&lt;b&gt;镇&lt;/b&gt;党委</option>' in html
    assert "别的党委" not in html
    refused = client.get(reverse("meetings_list"), {"committee": hidden.pk})
    assert refused.status_code == 200
    assert refused.context["filter"].errors["committee"]  # not a choice: refused, not filtered by


# --------------------------------------------------------------------------- one query fewer per page


def test_the_signed_in_person_comes_with_the_user(client):
    user = user_with_role(CommitteeFactory(), Role.MEMBER)
    client.force_login(user)
    response = client.get(reverse("home"))
    request_user = response.wsgi_request.user
    with CaptureQueriesContext(connection) as queries:
        assert request_user.person.pk == user.person.pk
    assert len(queries) == 0


def test_a_list_page_follows_a_grant_and_a_revocation_at_once(client):
    team = make_team(5)
    make_meeting(team, title="县委常委会")
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)

    def titles():
        return [m.title for m in client.get(reverse("meetings_list")).context["page"]]

    assert titles() == []
    start = timezone.localdate() - datetime.timedelta(days=3)
    assignment = services.assign_role(
        person=person, committee=team.committee, role=Role.DELEGATE, start_date=start, acting_user=system_user()
    )
    assert titles() == ["县委常委会"]
    services.end_role(assignment, end_date=timezone.localdate() - datetime.timedelta(days=1), acting_user=system_user())
    assert titles() == []


def test_a_superuser_sees_every_committee_also_where_a_selector_ors_another_condition():
    superuser = UserFactory(is_superuser=True)
    committee = CommitteeFactory()
    from meetings.models import Meeting

    condition = selectors.in_visible_committees(superuser)
    assert "WHERE" not in str(Meeting.objects.filter(condition).query)  # no filter at all
    from django.db.models import Q

    assert Committee.objects.filter(selectors.in_visible_committees(superuser, "pk") | Q(pk=-1)).count() == 1
    assert committee in Committee.objects.filter(selectors.in_visible_committees(superuser, "pk"))


# --------------------------------------------------------------------------- the holiday-schedule banner


@override_settings(DANGWEI_CALENDAR_YEARS_SECONDS=60)
def test_the_schedule_banner_is_read_once_a_minute_and_cleared_when_a_schedule_is_saved():
    calendar.forget_official_years()
    assert calendar.years_without_schedule([2031]) == [2031]
    with CaptureQueriesContext(connection) as queries:
        assert calendar.years_without_schedule([2031]) == [2031]
    assert len(queries) == 0  # kept by this worker
    schedule = CalendarYear.objects.create(year=2031, is_official=True)
    assert calendar.years_without_schedule([2031]) == []
    schedule.delete()
    assert calendar.years_without_schedule([2031]) == [2031]


def test_the_meetings_list_asks_as_many_queries_for_one_committee_as_for_twelve(client):
    county = CommitteeFactory(level=Level.COUNTY)
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)

    def queries_of_the_list():
        cache.delete(todo.STAMP_KEY)  # both measures count the header's to-do counts afresh
        cache.delete(scope.STAMP_KEY)  # and read the user's committees and roles afresh
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings_list")).status_code == 200
        return len(queries)

    for n in range(12):
        team = make_team(3, committee=CommitteeFactory(parent=county, name=f"乡镇{n}"))
        make_meeting(team, title=f"会议{n}")
        RoleFactory(person=person, committee=team.committee, role=Role.DELEGATE)
        if n == 0:
            one = queries_of_the_list()
    assert len(client.get(reverse("meetings_list")).context["page"]) == 12
    assert queries_of_the_list() == one


def test_first_rows_keeps_the_order_and_the_filter_of_the_query():
    committees = many_committees(6)
    query = committees.filter(name__in=["支部1", "支部3", "支部4", "支部5"]).select_related("parent").order_by("-name")
    with CaptureQueriesContext(connection) as queries:
        rows = paging.first_rows(query, 3)
    assert [c.name for c in rows] == ["支部5", "支部4", "支部3"]
    assert len(queries) == 2 and "JOIN" not in queries[0]["sql"]  # the ids first, without the joins
    assert paging.first_rows(query.filter(name="无"), 3) == []


def test_any_of_matches_what_in_matches_with_one_parameter():
    committees = list(many_committees(5))
    ids = [committees[0].pk, committees[3].pk]
    assert list(Committee.objects.filter(pk__any_of=ids)) == list(Committee.objects.filter(pk__in=ids))
    assert not Committee.objects.filter(pk__any_of=[]).exists()
    with CaptureQueriesContext(connection) as queries:
        list(Committee.objects.filter(pk__any_of=ids))
    assert "= ANY(" in queries[0]["sql"]
    _sql, params = Committee.objects.filter(pk__any_of=ids).query.sql_with_params()
    assert params == (ids,)  # one parameter, however many committees


def test_union_parts_carry_no_order_by_so_the_sqlite_demo_runs_them():
    # SQLite – the demo's database – refuses "ORDER BY not allowed in subqueries of compound
    # statements": every home page of the demo was a 500 while a part kept its model's ordering.
    from meetings.selectors.notice import meetings_of

    team = make_team(5)
    sql = str(meetings_of(team.secretary).query)
    union = sql[sql.index("IN (") : sql.rindex(")")]
    assert "UNION" in union and "ORDER BY" not in union


def test_home_lists_the_leading_roles_first_and_at_most_twelve_with_a_link_to_all(client):
    county = CommitteeFactory(name="临江区委", level=Level.COUNTY)
    user = user_with_role(county, Role.SECRETARY)
    for n in range(14):  # a delegate to each town's congress, named before 临江 (丁 < 临)
        RoleFactory(
            person=user.person, committee=CommitteeFactory(parent=county, name=f"丁{n:02d}镇党委"), role=Role.DELEGATE
        )
    client.force_login(user)
    page = client.get(reverse("home"))
    roles = page.context["my_roles"]
    assert len(roles) == 12 and page.context["role_count"] == 15
    assert (roles[0].committee, roles[0].role) == (county, Role.SECRETARY)
    assert page.context["committee_count"] == selectors.visible_committees(user).count() == 15  # from the scope
    assert reverse("person_detail", args=[user.person.pk]) in page.content.decode()
    assert client.get(reverse("person_detail", args=[user.person.pk])).status_code == 200
