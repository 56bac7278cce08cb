"""Benchmark data: a large database for the load and query benchmarks (prints what it made).

On the scratch database ``dangwei_bench`` (``BENCH_DATABASE_URL``): migrate, load the demo
(``seed_demo``, ``seed_reporting_demo``, ``seed_demo_meetings``: the committees, people, logins and
roles the load test signs in with), then multiply the demo's rows with ``bulk_create`` to
``--rows`` meetings (with their agenda items, decisions and minutes), ``--rows`` supervision items
and ``--rows`` deadlines (one per supervision item), plus petitions, emergencies, leave requests,
accountability cases, committees and people in proportion. Copies keep their template's committee,
so each demo login sees thousands of rows, as a busy county would after some years.

Idempotent: once filled, a second run does nothing; ``--reset`` drops the database and fills it anew
(also to change ``--rows``).
Histories (simple_history) are not written for copies.

    .venv/bin/python bench/fill.py                 # 100,000 rows (~5 min, most of it the demo)
    .venv/bin/python bench/fill.py --rows 20000 --reset
"""

import argparse
import collections
import datetime
import io
import itertools
import math
import time

from common import BENCH_DATABASE_URL, bulk, clone, drop_database, setup

ACCOUNTABILITY_PER_ITEMS = 20  # one accountability case per 20 supervision items
COMMITTEES = 100  # branch committees added under the demo's towns
PEOPLE_PER_COMMITTEE = 10
OWED_PER_PERSON = 20  # open deadlines a person owes at most; the rest are owed by the unit


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="meetings, supervision items and deadlines")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the bench database first")
    return parser.parse_args()


def main() -> None:
    options = parse()
    if options.reset:
        drop_database(BENCH_DATABASE_URL)
    setup()
    from django.core.management import call_command
    from django.db import transaction

    from meetings.models import Meeting

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Meeting.objects.exists():
        for command in ("seed_demo", "seed_reporting_demo", "seed_demo_meetings"):
            step = time.perf_counter()
            call_command(command, stdout=io.StringIO())
            print(f"{command:<22} {time.perf_counter() - step:7.1f} s")
    from committees.models import Committee

    meetings = Meeting.objects.count()
    if Committee.objects.filter(name__startswith="基准村").exists():
        # Copies are numbered per round from the demo's rows: a second fill would collide.
        print(f"Already filled ({meetings:,} meetings); --reset to fill again with --rows {options.rows:,}")
        return
    with transaction.atomic():
        timed("committees, people", fill_committees)
        meetings = timed("meetings, items, …", lambda: fill_meetings(options.rows))
        decisions = meetings["decisions"]
        items = timed("supervision items", lambda: fill_supervision(options.rows, decisions))
        timed("deadlines", lambda: fill_deadlines(items))
        timed("accountability cases", lambda: fill_cases(len(items) // ACCOUNTABILITY_PER_ITEMS))
        factor = meetings["factor"]
        timed("petitions, emergencies, leave", lambda: fill_reports(factor))
    step = time.perf_counter()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{'ANALYZE':<30} {time.perf_counter() - step:7.1f} s")
    print_counts()
    print(f"{'total':<30} {time.perf_counter() - started:7.1f} s")


def timed(label, function):
    start = time.perf_counter()
    result = function()
    count = len(result) if isinstance(result, list) else ""
    print(f"{label:<30} {time.perf_counter() - start:7.1f} s {count:>10}")
    return result


def fill_committees() -> list:
    from committees.models import Committee, Level, Person, Role, RoleAssignment

    towns = list(Committee.objects.filter(level__in=[Level.TOWN, Level.STREET]))
    committees = bulk(
        Committee,
        [
            Committee(name=f"基准村第{n}党支部", level=Level.BRANCH, parent=towns[n % len(towns)])
            for n in range(1, COMMITTEES + 1)
        ],
    )
    people = bulk(
        Person,
        [
            Person(name=f"基准成员{c.pk}-{n}", position="村党支部委员")
            for c in committees
            for n in range(PEOPLE_PER_COMMITTEE)
        ],
    )
    start = datetime.date(2021, 9, 20)
    roles = []
    for index, person in enumerate(people):
        committee = committees[index // PEOPLE_PER_COMMITTEE]
        role = Role.SECRETARY if index % PEOPLE_PER_COMMITTEE == 0 else Role.MEMBER
        roles.append(RoleAssignment(person=person, committee=committee, role=role, start_date=start))
    bulk(RoleAssignment, roles)
    return committees


def fill_meetings(rows: int) -> dict:
    """Copies of every demo meeting, with its agenda items, decisions and minutes, a week apart per round."""
    from meetings.models import AgendaItem, Decision, Meeting, Minutes

    templates = list(Meeting.objects.order_by("pk"))
    items_of, decisions_of, minutes_of = {}, {}, {}
    for item in AgendaItem.objects.order_by("pk"):
        items_of.setdefault(item.meeting_id, []).append(item)
    for decision in Decision.objects.order_by("pk"):
        decisions_of.setdefault(decision.item_id, []).append(decision)
    for minutes in Minutes.objects.filter(corrects__isnull=True).order_by("pk"):
        minutes_of.setdefault(minutes.meeting_id, []).append(minutes)
    wanted = rows - len(templates)
    factor = math.ceil(wanted / len(templates))
    made = {"meetings": [], "items": [], "decisions": [], "minutes": []}
    # One round at a time keeps memory flat: copy the meetings, then their children.
    for round_number in range(1, factor + 1):
        count = min(len(templates), wanted - len(made["meetings"]))
        if count <= 0:
            break
        shift = datetime.timedelta(days=7 * round_number)

        def moved(value, shift=shift):
            return value - shift if value is not None else None

        round_templates = templates[:count]
        copies = bulk(
            Meeting,
            [
                clone(
                    m,
                    title=f"{m.title}（{round_number}）"[:200],
                    start_at=moved(m.start_at),
                    end_at=moved(m.end_at),
                    notice_sent_at=moved(m.notice_sent_at),
                    opened_at=moved(m.opened_at),
                    closed_at=moved(m.closed_at),
                )
                for m in round_templates
            ],
        )
        new_meeting = {t.pk: c for t, c in zip(round_templates, copies, strict=True)}
        template_items = [i for t in round_templates for i in items_of.get(t.pk, [])]
        item_copies = bulk(
            AgendaItem,
            [clone(i, meeting=new_meeting[i.meeting_id], redeliberates=None, emergency=None) for i in template_items],
        )
        new_item = {t.pk: c for t, c in zip(template_items, item_copies, strict=True)}
        template_decisions = [d for i in template_items for d in decisions_of.get(i.pk, [])]
        decision_copies = bulk(
            Decision,
            [
                clone(
                    d,
                    item=new_item[d.item_id],
                    vote=None,
                    supersedes=None,
                    forwarded_item=None,
                    decided_at=d.decided_at - shift,
                    published_at=moved(d.published_at),
                )
                for d in template_decisions
            ],
        )
        template_minutes = [m for t in round_templates for m in minutes_of.get(t.pk, [])]
        minutes_copies = bulk(
            Minutes,
            [
                clone(
                    m,
                    meeting=new_meeting[m.meeting_id],
                    corrects=None,
                    # Numbers stay unique per committee and year (M-M2): a block of 10,000 per round.
                    number=m.number + 10_000 * round_number if m.number is not None else None,
                )
                for m in template_minutes
            ],
        )
        made["meetings"] += copies
        made["items"] += item_copies
        made["decisions"] += decision_copies
        made["minutes"] += minutes_copies
    print(
        f"{'':<30} {'':>7}   meetings {len(made['meetings']):,}, items {len(made['items']):,},"
        f" decisions {len(made['decisions']):,}, minutes {len(made['minutes']):,}"
    )
    made["factor"] = factor
    return made


def fill_supervision(rows: int, decisions: list) -> list:
    """Copies of the demo's supervision items; one per copied binding decision (S-1), the rest from
    other sources."""
    from supervision.models import SourceKind, SupervisionItem

    templates = list(SupervisionItem.objects.order_by("pk"))
    binding = (d for d in decisions if d.kind == "decision")
    wanted = rows - len(templates)
    other_kinds = itertools.cycle([k for k in SourceKind.values if k != SourceKind.COMMITTEE_DECISION])
    copies = []
    for n in range(wanted):
        template = templates[n % len(templates)]
        decision = next(binding, None) if template.source_kind == SourceKind.COMMITTEE_DECISION else None
        changes = {"feedback_deadline": template.feedback_deadline + datetime.timedelta(days=n % 400 - 200)}
        if decision is not None:
            changes.update(source_object_id=decision.pk, matter=decision.resolution or template.matter)
        elif template.source_kind == SourceKind.COMMITTEE_DECISION:
            changes.update(source_kind=next(other_kinds), source_content_type=None, source_object_id=None)
        copies.append(clone(template, **changes))
    return bulk(SupervisionItem, copies)


def fill_deadlines(items: list) -> list:
    """One S-3 feedback deadline per supervision item, as ``deadlines.register`` would write it."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils import timezone

    from committees.models import RuleSet
    from reporting.models import Deadline
    from reporting.schedules import days_schedule
    from supervision.models import SupervisionItem

    content_type = ContentType.objects.get_for_model(SupervisionItem)
    version = RuleSet.objects.get(is_default=True).current_version
    schedule = days_schedule().to_json()
    now = timezone.now()
    rows = []
    owed = collections.Counter()
    for item in items:
        due = timezone.make_aware(datetime.datetime.combine(item.feedback_deadline, datetime.time(17, 30)))
        is_met = item.state in ("accepted", "closed")
        state = "met" if is_met else ("overdue" if due < now else "open")
        # Copies would make the demo's few responsible people owe thousands of open items each;
        # beyond OWED_PER_PERSON the unit owes them (owner empty), as for items of a department.
        owner = item.responsible_person_id
        if owner is not None and not is_met:
            owed[owner] += 1
            if owed[owner] > OWED_PER_PERSON:
                owner = None
        rows.append(
            Deadline(
                content_type=content_type,
                object_id=item.pk,
                committee_id=item.committee_id,
                title=item.matter[:200],
                url=reverse("supervision_detail", args=[item.pk]),
                owner_id=owner,
                rule_id="S-3",
                rule_set_version=version,
                due_at=due,
                original_due_at=due,
                schedule=schedule,
                # No reminders pending: the scan is benchmarked on its own (reminder_scan.py).
                next_step_at=None,
                state=state,
                met_at=now if is_met else None,
            )
        )
    return bulk(Deadline, rows)


def fill_cases(count: int) -> list:
    """A-1: cases against the demo's teams and cadres, handled by the parent committee."""
    from committees.models import Committee, Person, RoleAssignment, RuleSet
    from supervision.models import AccountabilityCase, AccountabilityGround

    parents = dict(Committee.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    subjects = list(
        RoleAssignment.objects.filter(committee__in=parents)
        .exclude(committee__name__startswith="基准")
        .values_list("committee_id", "person_id")
        .distinct()
        .order_by("committee_id", "person_id")
    )
    opener = Person.objects.filter(roles__role="discipline_secretary").first()
    version = RuleSet.objects.get(is_default=True).current_version
    grounds = AccountabilityGround.values
    cases = []
    for n in range(count):
        committee_id, person_id = subjects[n % len(subjects)]
        is_team = n % 4 == 0
        cases.append(
            AccountabilityCase(
                committee_id=parents[committee_id],
                subject_committee_id=committee_id if is_team else None,
                subject_person_id=None if is_team else person_id,
                ground=grounds[n % len(grounds)],
                facts=f"基准问责事实第{n}号：未按期完成督查事项。",
                opened_by=opener,
                rule_set_version=version,
            )
        )
    return bulk(AccountabilityCase, cases)


def fill_reports(factor: int) -> None:
    """Petitions, emergencies and leave requests (with their steps) × the meetings' factor."""
    from reporting.emergencies.models import Emergency
    from reporting.leave.models import LeaveRequest, LeaveStep
    from reporting.petitions.models import Petition

    petitions = list(Petition.objects.order_by("pk"))
    made = bulk(Petition, [clone(p) for _n in range(factor) for p in petitions])
    print(f"{'':<30} {'':>7}   petitions {len(made):,}", end="")
    emergencies = list(Emergency.objects.order_by("pk"))
    made = bulk(Emergency, [clone(e) for _n in range(factor) for e in emergencies])
    print(f", emergencies {len(made):,}", end="")
    requests = list(LeaveRequest.objects.order_by("pk"))
    steps = list(LeaveStep.objects.order_by("pk"))
    copies = bulk(LeaveRequest, [clone(r) for _n in range(factor) for r in requests])
    new_steps = []
    by_request = {}
    for step in steps:
        by_request.setdefault(step.request_id, []).append(step)
    for index, copy in enumerate(copies):
        template = requests[index % len(requests)]
        new_steps += [clone(s, request=copy) for s in by_request.get(template.pk, [])]
    bulk(LeaveStep, new_steps)
    print(f", leave requests {len(copies):,} with {len(new_steps):,} steps")


def print_counts() -> None:
    from django.db import connection

    tables = [
        "committees_committee",
        "committees_person",
        "meetings_meeting",
        "meetings_agendaitem",
        "meetings_decision",
        "meetings_minutes",
        "supervision_supervisionitem",
        "supervision_accountabilitycase",
        "reporting_deadline",
        "reporting_petition",
        "reporting_emergency",
        "reporting_leaverequest",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            print(f"  {table:<34} {cursor.fetchone()[0]:>10,}")


if __name__ == "__main__":
    main()
