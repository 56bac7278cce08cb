"""The header (issue 14): groups and links by role (``committees.navigation``), the skip link,
the to-do counts at a fixed number of queries, the 待办/已办 pages, and the calendar banner only
where it applies."""

import datetime
import re
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import todo
from committees.models import Level, Role
from reporting.leave import services as leave_services
from reporting.leave.models import LeaveKind, StepState
from tests.factories import CommitteeFactory, UserFactory, user_with_role
from tests.meetings.factories import login_of, make_meeting, make_team, sh
from tests.reporting.accounts import clerk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(sh(2026, 11, 2, 10), tick=False):
        cache.clear()  # the header's fragment cache
        yield


def nav_of(client, url="/rules/"):
    html = client.get(url).content.decode()
    return html[html.index('<nav class="mainnav"') : html.index("</nav>", html.index('<nav class="mainnav"'))]


@pytest.fixture
def county():
    committee = CommitteeFactory(name="临江区委", level=Level.COUNTY, parent=CommitteeFactory(level=Level.CITY))
    return committee


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.OFFICE_STAFF, ["meetings_list", "petitions_list", "periodic_list", "leave_mine"], ["admin:index"]),
        (Role.PETITION_STAFF, ["petitions_list", "deadline_dashboard"], ["meetings_list", "leave_mine"]),
        (Role.MEMBER, ["meetings_list", "leave_mine", "personal_report_list"], ["petitions_list", "periodic_list"]),
        (Role.DELEGATE, ["meetings_list"], ["supervision_board", "petitions_list", "leave_mine", "evaluation_list"]),
    ],
)
def test_a_link_a_role_cannot_use_is_hidden(client, county, role, shown, hidden):
    client.force_login(user_with_role(county, role))
    nav = nav_of(client)
    for name in shown:
        assert f'href="{reverse(name)}"' in nav
    for name in hidden:
        assert f'href="{reverse(name)}"' not in nav


def test_a_group_without_a_usable_link_is_hidden(client, county):
    client.force_login(user_with_role(county, Role.PETITION_STAFF))
    nav = nav_of(client)
    assert "会议" not in re.findall(r"<summary[^>]*>([^<]*)", nav)[0]
    assert 'class="navgroup"' in nav


def test_the_administration_link_is_for_staff_only(client, county):
    user = user_with_role(county, Role.OFFICE_STAFF)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert f'href="{reverse("admin:index")}"' in nav_of(client)


def test_the_skip_link_is_the_first_focusable_element_and_targets_main(client, county):
    client.force_login(user_with_role(county, Role.MEMBER))
    html = client.get("/rules/").content.decode()
    body = html[html.index("<body") :]
    first = re.search(r"<(a|button|input|select|textarea|summary)\b[^>]*>", body[body.index(">") + 1 :]).group(0)
    assert 'class="skip-link"' in first
    assert 'href="#main"' in first
    assert "跳到正文" in body
    assert 'id="main"' in body


def test_the_phone_menu_button_controls_the_navigation_without_inline_script(client, county):
    client.force_login(user_with_role(county, Role.MEMBER))
    html = client.get("/rules/").content.decode()
    assert 'aria-controls="mainnav"' in html
    assert 'id="mainnav"' in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None  # no inline script (strict CSP)


def _leave_waiting_for(county, applicant):
    return leave_services.submit(
        person=applicant.person,
        committee=county,
        kind=LeaveKind.PRIVATE_LEAVE,
        reason="探亲",
        destination="北京",
        start_date=datetime.date(2026, 11, 10),
        end_date=datetime.date(2026, 11, 11),
        contact="13800000000",
        acting_user=clerk(),
    )


def test_the_group_shows_how_many_steps_wait_and_a_colleague_sees_none(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    colleague = user_with_role(county, Role.MEMBER)
    request = _leave_waiting_for(county, user_with_role(county, Role.MEMBER))
    approver = request.steps.get(state=StepState.PENDING).approver.user
    assert approver == secretary
    client.force_login(secretary)
    nav = nav_of(client)
    assert re.search(r"人员与请假\s*<span class=\"badge\">1", nav)
    client.force_login(colleague)
    assert 'class="badge"' not in nav_of(client)


def test_the_header_costs_the_same_queries_with_many_steps_waiting_as_with_none(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    idle = user_with_role(county, Role.DEPUTY_SECRETARY)

    def queries(user):
        client.force_login(user)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/rules/").status_code == 200
        return len(captured)

    none = queries(idle)
    for n in range(3):
        _leave_waiting_for(county, user_with_role(county, Role.MEMBER, username=f"applicant-{n}"))
    assert queries(secretary) == none


def test_todo_page_lists_marks_overdue_pages_and_stays_query_bounded(client, county, django_assert_max_num_queries):
    secretary = user_with_role(county, Role.SECRETARY)
    for n in range(27):
        _leave_waiting_for(county, user_with_role(county, Role.MEMBER, username=f"applicant-{n}"))
    client.force_login(secretary)
    with django_assert_max_num_queries(40):
        first = client.get(reverse("todo"))
    html = first.content.decode()
    assert first.context["page"].paginator.count == 27
    assert html.count('class="todo-action"') == 25
    assert "?page=2" in html
    assert "/leave/" in html and "#decide-" in html
    with time_machine.travel(sh(2026, 11, 12, 10), tick=False):  # the absences have started
        late = client.get(reverse("todo") + "?page=2").content.decode()
    assert late.count('class="todo-action"') == 2
    assert "overdue" in late


def test_done_page_lists_what_i_decided_newest_first(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    for n in range(2):
        request = _leave_waiting_for(county, user_with_role(county, Role.MEMBER, username=f"applicant-{n}"))
        leave_services.decide(request.steps.get(state=StepState.PENDING), decision="approve", acting_user=secretary)
    client.force_login(secretary)
    response = client.get(reverse("todo_done"))
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert len(rows) == 2
    assert rows[0].done_at >= rows[1].done_at
    assert client.get(reverse("todo") + "?page=x").status_code == 200  # bad input: the first page


def test_home_shows_the_first_to_dos(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    _leave_waiting_for(county, user_with_role(county, Role.MEMBER))
    client.force_login(secretary)
    html = client.get(reverse("home")).content.decode()
    assert 'id="home-todo"' in html
    assert "#decide-" in html


def test_a_user_without_a_person_gets_empty_lists(client):
    client.force_login(UserFactory())
    assert client.get(reverse("todo")).status_code == 200
    assert client.get(reverse("todo_done")).status_code == 200


# --------------------------------------------------------------------------- the calendar banner

BANNER = 'class="banner warning" role="alert"'


def test_banner_shows_to_administrators_on_every_page(client, county):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/rules/").content.decode()
    assert BANNER in html and "2027" in html  # next year's schedule, from October on
    assert reverse("admin:committees_workdayoverride_changelist") in html


def test_banner_does_not_show_to_others_on_pages_without_such_dates(client, county):
    client.force_login(user_with_role(county, Role.OFFICE_STAFF))
    assert BANNER not in client.get("/rules/").content.decode()
    assert BANNER not in client.get(reverse("home")).content.decode()


def test_banner_shows_to_others_on_a_meeting_dated_in_a_year_without_schedule(client):
    team = make_team(5, deputies=1)
    in_2027 = make_meeting(team, start=sh(2027, 1, 20, 9))
    in_2026 = make_meeting(team, start=sh(2026, 11, 30, 9))
    client.force_login(login_of(team.office))
    html = client.get(reverse("meetings_detail", args=[in_2027.pk])).content.decode()
    assert BANNER in html and "2027" in html
    assert reverse("admin:committees_workdayoverride_changelist") not in html  # cannot act on it
    assert BANNER not in client.get(reverse("meetings_detail", args=[in_2026.pk])).content.decode()


# ------------------------------------------------------------------ the header's cached counts


def _count_queries(client, url="/rules/") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured if "COUNT(*)" in q["sql"] and "todo_" in q["sql"]]


def test_the_counts_are_counted_once_then_kept_until_a_change_is_posted(client, county):
    # Issue 19: every page draws the header; its counts are not recounted on every page.
    secretary = user_with_role(county, Role.SECRETARY)
    client.force_login(secretary)
    assert len(_count_queries(client)) == 1
    assert _count_queries(client) == []  # kept
    # Any change made through a page (here an applicant switching language) outdates every count.
    other = Client()
    other.force_login(user_with_role(county, Role.MEMBER, username="applicant-x"))
    _count_queries(client)
    assert other.post(reverse("set_language"), {"language": "zh-hans", "next": "/"}).status_code == 302
    assert len(_count_queries(client)) == 1
    assert _count_queries(client) == []


def test_a_row_saved_by_a_service_outdates_the_kept_counts_and_preview(client, county):
    # Not only pages change steps: a service called by a task or a command saves rows, and once
    # its transaction commits the next page counts afresh.
    secretary = user_with_role(county, Role.SECRETARY)
    applicant = user_with_role(county, Role.MEMBER)
    client.force_login(secretary)
    assert 'class="badge"' not in nav_of(client)
    assert _count_queries(client) == []  # kept
    _leave_waiting_for(county, applicant)
    assert _count_queries(client) == []  # not committed yet: what others see is unchanged
    pending = [func for _ids, func, _robust in connection.run_on_commit]
    assert pending.count(todo.steps_changed) == 1  # once for the transaction, however many rows
    todo.steps_changed()  # what the commit runs
    assert re.search(r"人员与请假\s*<span class=\"badge\">1", nav_of(client))
    home = client.get(reverse("home")).content.decode()
    assert reverse("todo") in home and applicant.person.name in home  # the preview's new row
    assert _count_queries(client) == []  # kept again until the next change


def test_a_log_in_does_not_outdate_the_kept_counts(client, county):
    client.force_login(user_with_role(county, Role.SECRETARY))
    colleague = user_with_role(county, Role.MEMBER, username="colleague-y")
    _count_queries(client)
    Client().force_login(colleague)  # saves the session and the user's last log-in
    assert _count_queries(client) == []


def test_a_refused_post_keeps_the_counts(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    client.force_login(secretary)
    other = Client()
    other.force_login(user_with_role(county, Role.MEMBER))
    _count_queries(client)
    refused = other.post(reverse("meetings_item_approve", args=[999_999_999]))
    assert refused.status_code == 404
    assert _count_queries(client) == []


def test_the_counts_are_kept_per_user_and_per_day(client, county):
    secretary = user_with_role(county, Role.SECRETARY)
    _leave_waiting_for(county, user_with_role(county, Role.MEMBER))
    client.force_login(secretary)
    assert re.search(r"<span class=\"badge\">1", nav_of(client))
    client.force_login(user_with_role(county, Role.MEMBER, username="colleague"))
    assert len(_count_queries(client)) == 1  # not the secretary's figure
    client.force_login(secretary)
    with time_machine.travel(sh(2026, 11, 3, 10), tick=False):
        assert len(_count_queries(client)) == 1  # a new day: held roles and due dates move


def test_the_counts_are_recounted_after_their_time_and_when_the_cache_lost_its_stamp(client, county, settings):
    settings.DANGWEI_TODO_COUNTS_SECONDS = 1
    client.force_login(user_with_role(county, Role.SECRETARY))
    _count_queries(client)
    assert _count_queries(client) == []
    time.sleep(1.2)  # the cache (Redis) expires by the wall clock, not the frozen one
    assert len(_count_queries(client)) == 1
    cache.delete(todo.STAMP_KEY)
    assert len(_count_queries(client)) == 1
    assert _count_queries(client) == []


def test_when_their_time_is_up_one_request_recounts_while_the_others_get_the_kept_counts(client, county, settings):
    # Issue 19: eight requests of one user finding the counts due all recounted at once.
    settings.DANGWEI_TODO_COUNTS_SECONDS = 1
    secretary = user_with_role(county, Role.SECRETARY)
    _leave_waiting_for(county, user_with_role(county, Role.MEMBER))
    client.force_login(secretary)
    assert len(_count_queries(client)) == 1
    time.sleep(1.2)  # due, by the cache's (Redis's) clock
    key = todo.kept_key(secretary, "counts")
    assert cache.add(f"{key}:fresh", True, timeout=todo.RENEWING_SECONDS)  # another request renews
    assert _count_queries(client) == []  # this one is served the kept counts meanwhile
    assert re.search(r"<span class=\"badge\">1", nav_of(client))
    cache.delete(f"{key}:fresh")  # that request died before it was done
    assert len(_count_queries(client)) == 1  # the next one recounts
    assert _count_queries(client) == []
    todo.steps_changed()  # as a committed change does, while the counts are within their time
    assert len(_count_queries(client)) == 1  # a change is never served from the kept counts


def test_with_no_time_to_keep_them_the_counts_are_counted_on_every_page(client, county, settings):
    settings.DANGWEI_TODO_COUNTS_SECONDS = 0
    client.force_login(user_with_role(county, Role.SECRETARY))
    assert len(_count_queries(client)) == 1
    assert len(_count_queries(client)) == 1


def test_pages_and_their_counts_work_while_the_cache_is_down(client, county, settings, caplog):
    # The shared cache is Redis in production: when it does not answer, pages count afresh.
    settings.CACHES = {
        "default": {
            "BACKEND": "committees.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    secretary = user_with_role(county, Role.SECRETARY)
    _leave_waiting_for(county, user_with_role(county, Role.MEMBER))
    client.force_login(secretary)
    assert re.search(r"人员与请假\s*<span class=\"badge\">1", nav_of(client))
    assert len(_count_queries(client)) == 1  # nothing kept: counted on every page
    assert "cache get_many failed" in caplog.text


def _panels_of(client) -> tuple[str, int]:
    """Home's panel grid and the queries home ran."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("home")).content.decode()
    grid = html[html.index('class="panel-grid"') :] if 'class="panel-grid"' in html else ""
    return grid, len(captured)


def test_home_panels_are_kept_per_language_until_a_change(client, county):
    # Issue 19: at county scale home's panels read a hundred committees' rows; they are drawn once
    # and kept (per user, day and language) until a row changes, like the header's counts.
    secretary = user_with_role(county, Role.SECRETARY)
    applicant = user_with_role(county, Role.MEMBER)
    client.force_login(secretary)
    submitted = _leave_waiting_for(county, applicant)
    todo.steps_changed()  # the submission's commit
    drawn, queries = _panels_of(client)
    assert applicant.person.name in drawn  # the leave inbox panel
    kept, fewer = _panels_of(client)
    assert kept == drawn and fewer < queries

    client.cookies["django_language"] = "en"
    english, english_queries = _panels_of(client)
    assert english != drawn and applicant.person.name in english
    assert english_queries > fewer  # drawn for this language
    client.cookies["django_language"] = "zh-hans"

    step = leave_services.current_steps(submitted).get(state=StepState.PENDING)
    leave_services.decide(step, decision="approve", acting_user=secretary)
    assert _panels_of(client)[0] == drawn  # not committed: unchanged for everyone
    todo.steps_changed()
    assert _panels_of(client)[0] != drawn


def test_a_kept_value_that_must_not_be_kept_is_computed_each_time(county):
    # A drawn panel holding a form (its CSRF token belongs to one session) is never kept.
    secretary = user_with_role(county, Role.SECRETARY)
    calls = []

    def compute():
        calls.append(1)
        return '<form><input name="csrfmiddlewaretoken" value="x"></form>'

    for _ in range(2):
        todo.kept(secretary, "test-form", compute, keep=lambda html: "csrfmiddlewaretoken" not in html)
    assert len(calls) == 2
    for _ in range(2):
        todo.kept(secretary, "test-plain", lambda: calls.append(1) or "plain")
    assert len(calls) == 3


def test_links_worked_out_once_per_process_follow_other_url_patterns(client, county):
    # Issue 19 keeps the header's links per set of roles for the process; a test (or anything)
    # that swaps the URL patterns must not be served addresses reversed under the old ones.
    from django.test import override_settings

    from committees import navigation

    client.force_login(user_with_role(county, Role.SECRETARY))
    client.get(reverse("home"))
    assert navigation._shown_links.cache_info().currsize > 0
    with override_settings(ROOT_URLCONF="config.urls"):  # even the same patterns, set anew
        assert navigation._shown_links.cache_info().currsize == 0
