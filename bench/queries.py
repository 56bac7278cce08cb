"""Benchmark: SQL queries per main page with 10 and with 10,000 rows (prints both; they must be equal).

In one transaction on the bench database, rolled back at the end (nothing stays): a new county
committee whose secretary (also party-office, organisation-department and petition-office staff,
so every page has rows for them) signs in with the test client; 10 rows of each kind are copied
into it from the demo (meetings with an agenda item, a decision and minutes; supervision items;
accountability cases; deadlines; leave requests waiting on the secretary; petitions;
emergencies), every page is requested once to warm caches and once counted with
``CaptureQueriesContext``; then 9,990 more of each, and the same again. A page whose count grows
is an N+1: it is marked and its repeated query printed. Detail pages show one object of that
committee; their rows are the committee's rows, not the object's children.

Needs the demo (``bench/fill.py`` loads it; the 100,000 rows are not needed).

    .venv/bin/python bench/queries.py
    BENCH_QUERY_ROWS=10,1000 .venv/bin/python bench/queries.py
"""

import collections
import datetime
import os
import re
import sys

from common import PAGES, bulk, clone, setup

ROWS = [int(n) for n in os.environ.get("BENCH_QUERY_ROWS", "10,10000").split(",")]


class Rollback(Exception):
    pass


def world():
    """The committee, its bodies, and the secretary who signs in."""
    from django.contrib.auth import get_user_model

    from committees.models import Body, Committee, Level, Person, Role, RoleAssignment
    from committees.permissions import sync_user_permissions

    committee = Committee.objects.create(name="基准查询区委", level=Level.COUNTY)
    for body in Body.objects.filter(committee__level=Level.COUNTY).distinct("kind").order_by("kind"):
        Body.objects.create(committee=committee, kind=body.kind, name=body.name)
    user = get_user_model().objects.create_user("bench-queries", password="bench-queries-password")  # noqa: S106
    person = Person.objects.create(name="基准书记", user=user)
    start = datetime.date(2021, 9, 20)
    for role in (Role.SECRETARY, Role.OFFICE_STAFF, Role.ORGANIZATION_STAFF, Role.PETITION_STAFF):
        RoleAssignment.objects.create(person=person, committee=committee, role=role, start_date=start)
    sync_user_permissions(user)
    return committee, user, person


def add_rows(committee, person, count: int) -> None:
    """``count`` more rows of each kind in ``committee``, copied from the demo's."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef

    from committees.models import Body, Person
    from meetings.models import AgendaItem, Decision, Meeting, Minutes
    from reporting.emergencies.models import Emergency
    from reporting.leave.models import LeaveRequest, LeaveStep
    from reporting.models import Deadline
    from reporting.petitions.models import Petition
    from supervision.models import AccountabilityCase, SourceKind, SupervisionItem

    bodies = {b.kind: b for b in Body.objects.filter(committee=committee)}
    with_decision = Decision.objects.filter(item=OuterRef("pk"), vote__isnull=True)
    item = AgendaItem.objects.filter(Exists(with_decision), meeting__status="closed").order_by("pk").first()
    meeting, decision = item.meeting, item.decisions.order_by("pk").first()
    minutes = Minutes.objects.filter(status="approved").order_by("pk").first()
    others = list(Person.objects.exclude(pk=person.pk).order_by("pk")[:20])

    meetings = bulk(
        Meeting,
        [
            clone(
                meeting,
                committee=committee,
                body=bodies.get(meeting.body.kind) if meeting.body_id else None,
                title=f"基准会议{n}",
            )
            for n in range(count)
        ],
    )
    items = bulk(AgendaItem, [clone(item, committee=committee, meeting=m, emergency=None) for m in meetings])
    bulk(Decision, [clone(decision, committee=committee, item=i, supersedes=None, forwarded_item=None) for i in items])
    first = (
        Minutes.objects.filter(committee=committee).order_by("-number").values_list("number", flat=True).first() or 0
    )
    bulk(
        Minutes,
        [
            clone(minutes, committee=committee, meeting=m, corrects=None, number=first + n + 1)
            for n, m in enumerate(meetings)
        ],
    )
    template = SupervisionItem.objects.order_by("pk").first()
    supervision = bulk(
        SupervisionItem,
        [
            clone(
                template,
                committee=committee,
                source_kind=SourceKind.OTHER,
                source_content_type=None,
                source_object_id=None,
                unit_committee=None,
                unit_name="基准承办单位",
                responsible_person=others[n % len(others)],
                leader_in_charge=person,
                matter=f"基准督查事项{n}",
            )
            for n in range(count)
        ],
    )
    version = template.rule_set_version
    bulk(
        AccountabilityCase,
        [
            AccountabilityCase(
                committee=committee,
                subject_person=others[n % len(others)],
                ground="inaction",
                facts=f"基准问责事实{n}",
                rule_set_version=version,
            )
            for n in range(count)
        ],
    )
    content_type = ContentType.objects.get_for_model(SupervisionItem)
    due = datetime.datetime(2026, 12, 31, 9, tzinfo=datetime.UTC)
    bulk(
        Deadline,
        [
            Deadline(
                content_type=content_type,
                object_id=s.pk,
                committee=committee,
                title=s.matter,
                url=f"/supervision/{s.pk}/",
                owner=person,
                rule_id="S-3",
                rule_set_version=version,
                due_at=due,
                original_due_at=due,
            )
            for s in supervision
        ],
    )
    step = LeaveStep.objects.order_by("pk").first()
    requests = bulk(
        LeaveRequest,
        [clone(step.request, committee=committee, person=others[n % len(others)]) for n in range(count)],
    )
    bulk(
        LeaveStep,
        [
            clone(
                step,
                request=r,
                round=r.round,
                order=1,
                committee=committee,
                approver=person,
                stands_in_for=None,
                state="pending",
                decided_by=None,
                decided_at=None,
            )
            for r in requests
        ],
    )
    petition = Petition.objects.order_by("pk").first()
    bulk(Petition, [clone(petition, committee=committee) for _n in range(count)])
    emergency = Emergency.objects.order_by("pk").first()
    bulk(Emergency, [clone(emergency, committee=committee) for _n in range(count)])


def count_queries(client, committee) -> dict[str, tuple[int, list[str], int]]:
    """Per page: the number of queries, their SQL, and the size of the HTML (rows shown grow it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from supervision.models import SupervisionItem

    ids = {
        "meeting detail": Meeting.objects.filter(committee=committee).order_by("pk").values_list("pk", flat=True)[0],
        "supervision detail": SupervisionItem.objects.filter(committee=committee)
        .order_by("pk")
        .values_list("pk", flat=True)[0],
    }
    counts = {}
    for name, url in PAGES.items():
        url = url.format(pk=ids.get(name))
        client.get(url, secure=True)  # warm: sessions, content types, the rule-set cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        if response.status_code != 200:
            print(f"  {name}: HTTP {response.status_code}", file=sys.stderr)
        counts[name] = (len(captured), [q["sql"] for q in captured.captured_queries], len(response.content))
    return counts


def shape(sql: str) -> str:
    """The query with its literals blanked, to find the one that repeats."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def main() -> None:
    setup()
    from django.db import transaction
    from django.test import Client

    results = {}
    try:
        with transaction.atomic():
            committee, user, person = world()
            client = Client()
            client.force_login(user)
            made = 0
            for rows in ROWS:
                add_rows(committee, person, rows - made)
                made = rows
                results[rows] = count_queries(client, committee)
            raise Rollback
    except Rollback:
        pass
    low, high = ROWS[0], ROWS[-1]
    print(f"{'page':<20} {f'{low:,} rows':>11} {f'{high:,} rows':>12}   {'HTML kB':>15}")
    growing = []
    for name in PAGES:
        a, b = results[low][name][0], results[high][name][0]
        mark = "" if a == b else "  ← N+1"
        size = f"{results[low][name][2] / 1000:.0f} → {results[high][name][2] / 1000:.0f}"
        print(f"{name:<20} {a:>11} {b:>12}   {size:>15}{mark}")
        if a != b:
            growing.append(name)
    for name in growing:
        before = collections.Counter(shape(q) for q in results[low][name][1])
        after = collections.Counter(shape(q) for q in results[high][name][1])
        print(f"\n{name}: queries that repeat more with more rows")
        for query, times in (after - before).most_common(3):
            print(f"  +{times}× {query[:400]}")
    sys.exit(1 if growing else 0)


if __name__ == "__main__":
    main()
