"""Benchmark data: a county with 120 committees and ``--rows`` rows of varied Chinese text.

On the scratch database ``BENCH_DATABASE_URL`` (default ``dangwei_bench``): migrate, load the demo
(``seed_demo``, ``seed_reporting_demo``, ``seed_demo_meetings``: the committees, people, logins and
roles the benchmarks sign in with), then

- add ``--committees`` committees (default 120: a quarter towns, the rest party branches of county
  departments) directly under the demo's county 临江区委, each with its bodies, a term and a team
  of 8 people with roles; the county's organisation department (``lj-org``, ``lj-orgstaff``) sees
  them through its roles; the county secretary (``lj-secretary``) is given a view-only role
  (party-congress delegate, 党代表: no team role, no vote, no management) on each of them, so
  that both logins see all of them;
- spread ``--rows`` meetings (each a copy of a demo meeting: its agenda items, decisions and
  minutes), ``--rows`` supervision items and ``--rows`` deadlines (one per item) over those
  committees and the county's own (临江区委, 桃源镇党委, 白石街道党工委, 桃源村党支部); add
  ``--rows``/20 accountability cases and ``--rows``/50 petitions, emergencies and leave requests
  (half of the requests wait on ``lj-secretary``'s approval);
- write varied Chinese text (``bench/text.py``, fixed seed): agenda item titles, decision
  resolutions, minutes (a recorder's summary of a few hundred characters, the items' titles,
  stances and resolutions; the search text as ``meetings.services.minutes`` builds it), matters;
- grant the permissions after the bulk fill (``committees.permissions.sync_all_permissions``),
  ``VACUUM (ANALYZE)`` – the state autovacuum keeps a production database in (visibility map for
  index-only scans, statistics; the bench machine's PostgreSQL may run without autovacuum) – pick
  a rare search term (a place found in about 10 decisions per 100,000 rows) and a common one (the
  most frequent topic), count both in SQL, store them in the table ``bench_meta`` for ``load.py``
  and ``queries.py``, and check that every measured list is non-empty for the login measuring it
  (exit status 1 otherwise).

Histories (simple_history) are not written for bulk rows. Idempotent: once filled, a second run
only prints the checks; ``--reset`` drops the database and fills it anew (also to change ``--rows``).

    .venv/bin/python bench/fill.py                     # 100,000 rows
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangwei_bench_small \\
        .venv/bin/python bench/fill.py --rows 2000 --reset
"""

from __future__ import annotations

import argparse
import collections
import copy
import datetime
import io
import json
import random
import sys
import time
from dataclasses import dataclass, field

from common import BENCH_DATABASE_URL, bulk, clone, drop_database, setup
from text import Text

COUNTY = "临江区委"
PEOPLE_PER_COMMITTEE = 8
OWED_PER_PERSON = 20  # open deadlines a person owes at most; the rest are owed by the unit
TERM_START = datetime.date(2021, 9, 20)
#: Logins whose lists are checked (``check_lists``) and measured (``load.py``).
CHECKED_LOGINS = ("lj-secretary", "lj-org", "tyc-secretary", "lj-petition")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="meetings, supervision items and deadlines")
    parser.add_argument("--committees", type=int, default=120, help="committees added under the county")
    parser.add_argument("--seed", type=int, default=19, help="random seed of the text and the spread")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the bench database first")
    return parser.parse_args()


# --- bench_meta: what the fill made, for the other scripts --------------------------------------


def meta(key: str, value=None):
    """Read (``value`` None) or write one JSON value of the bench database's ``bench_meta`` table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
        if value is None:
            cursor.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
            row = cursor.fetchone()
            return None if row is None else (json.loads(row[0]) if isinstance(row[0], str) else row[0])
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES (%s, %s::jsonb)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )
        return value


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    options = parse()
    if options.reset:
        drop_database(BENCH_DATABASE_URL)
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from committees.models import Committee
    from committees.permissions import sync_all_permissions

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Committee.objects.filter(name=COUNTY).exists():
        for command in ("seed_demo", "seed_reporting_demo", "seed_demo_meetings"):
            timed(command, lambda command=command: call_command(command, stdout=io.StringIO()))
    filled = meta("fill")
    if filled:
        print(f"Already filled: {filled}; --reset to fill again")
    elif Committee.objects.filter(parent__name=COUNTY).count() > 2:
        sys.exit("A fill was interrupted after its rows were written: run again with --reset.")
    else:
        meta("demo_limits", demo_limits())
        with transaction.atomic():
            county = Committee.objects.get(name=COUNTY)
            timed("committees, people, roles", lambda: make_committees(options.committees, county))
            timed("county secretary's view roles", lambda: grant_county_secretary(county))
            filler = Filler(county_world(), Text(options.seed), random.Random(options.seed), meta("demo_limits"))
            filler.add(options.rows, verbose=True)
        timed("permissions (sync_all_permissions)", sync_all_permissions)
        with connection.cursor() as cursor:
            timed("VACUUM (ANALYZE)", lambda: cursor.execute("VACUUM (ANALYZE)"))
        meta("terms", choose_terms(filler.text))
        meta("fill", {"rows": options.rows, "committees": options.committees, "seed": options.seed})
        print(f"{'fill total':<36} {time.perf_counter() - started:7.1f} s")
    print_counts()
    print_terms()
    sys.exit(0 if check_lists() else 1)


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"{label:<36} {time.perf_counter() - start:7.1f} s", flush=True)
    return result


def demo_limits() -> dict[str, int]:
    """The highest id of each copied table before the fill: rows up to it are the demo's templates."""
    from django.db.models import Max

    from meetings.models import AgendaItem, Decision, Meeting, Minutes
    from reporting.emergencies.models import Emergency
    from reporting.leave.models import LeaveRequest, LeaveStep
    from reporting.petitions.models import Petition
    from supervision.models import SupervisionItem

    models = (Meeting, AgendaItem, Decision, Minutes, SupervisionItem, Petition, Emergency, LeaveRequest, LeaveStep)
    return {m.__name__: m.objects.aggregate(top=Max("pk"))["top"] or 0 for m in models}


# --- committees ---------------------------------------------------------------------------------


@dataclass
class World:
    """The committees rows go to, with their people, secretaries and bodies."""

    county: object
    county_secretary: object
    committees: list = field(default_factory=list)  # the row targets, with repetitions as weights
    people: dict = field(default_factory=dict)  # committee id → [Person]
    secretary: dict = field(default_factory=dict)  # committee id → Person
    bodies: dict = field(default_factory=dict)  # committee id → {kind: Body}


def make_committees(count: int, parent, prefix: str = "") -> list:
    """``count`` committees under ``parent`` (a quarter towns, the rest branches of county
    departments), each with its term, the county's kinds of bodies and 8 people with roles."""
    from text import DEPARTMENTS, ROOTS

    from committees.models import Body, Committee, Level, Person, Role, RoleAssignment, Term

    towns = count // 4
    names = [(f"{prefix}{ROOTS[n % len(ROOTS)]}镇党委", Level.TOWN) for n in range(towns)]
    names += [
        (f"{prefix}县{DEPARTMENTS[n % len(DEPARTMENTS)]}机关第{n // len(DEPARTMENTS) + 1}党支部", Level.BRANCH)
        for n in range(count - towns)
    ]
    added = bulk(Committee, [Committee(name=name, level=level, parent=parent) for name, level in names])
    terms = bulk(Term, [Term(committee=c, number=14, start_date=TERM_START) for c in added])
    parent_bodies = list(Body.objects.filter(committee=parent))
    bulk(Body, [Body(committee=c, kind=b.kind, name=b.name) for c in added for b in parent_bodies])
    text = Text(count)
    people = bulk(
        Person,
        [Person(name=text.person(), position="党支部委员") for _c in added for _n in range(PEOPLE_PER_COMMITTEE)],
    )
    roles = [Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER, Role.DISCIPLINE_SECRETARY]
    roles += [Role.MEMBER, Role.MEMBER, Role.OFFICE_STAFF, Role.PETITION_STAFF]
    bulk(
        RoleAssignment,
        [
            RoleAssignment(
                person=person,
                committee=added[n // PEOPLE_PER_COMMITTEE],
                role=roles[n % PEOPLE_PER_COMMITTEE],
                start_date=TERM_START,
                term=terms[n // PEOPLE_PER_COMMITTEE],
            )
            for n, person in enumerate(people)
        ],
    )
    return added


def grant_county_secretary(county) -> int:
    """The county secretary sees every committee under the county: a view-only role (party-congress
    delegate, no team role) on each one they hold no role on. Returns the roles added."""
    from committees.models import Committee, Person, Role, RoleAssignment

    secretary = Person.objects.get(user__username="lj-secretary")
    held = set(RoleAssignment.objects.filter(person=secretary).values_list("committee_id", flat=True))
    missing = Committee.objects.filter(parent=county).exclude(pk__in=held).order_by("pk")
    return len(
        bulk(
            RoleAssignment,
            [
                RoleAssignment(
                    person=secretary, committee=c, role=Role.DELEGATE, start_date=TERM_START, note="基准：联系点"
                )
                for c in missing
            ],
        )
    )


def county_world(weights: bool = True) -> World:
    """The county, its children and grandchildren: rows go there (the county's own committee
    weighs 6 with ``weights``: its standing committee meets most)."""
    from committees.models import Committee, Person

    county = Committee.objects.get(name=COUNTY)
    own = [county, *Committee.objects.filter(parent=county).order_by("pk")]
    own += list(Committee.objects.filter(parent__parent=county).order_by("pk"))
    world = build_world(own, county, Person.objects.get(user__username="lj-secretary"))
    if weights:
        world.committees = [c for c in own for _n in range(6 if c.pk == county.pk else 1)]
    return world


def build_world(committees: list, county, county_secretary) -> World:
    """``committees`` with their people (roles held today), secretaries and bodies."""
    from committees.models import Body, Role, RoleAssignment

    world = World(county=county, county_secretary=county_secretary, committees=list(committees))
    for assignment in (
        RoleAssignment.objects.on(datetime.date.today())
        .filter(committee__in=committees)
        .select_related("person")
        .order_by("pk")
    ):
        members = world.people.setdefault(assignment.committee_id, [])
        if assignment.person not in members:
            members.append(assignment.person)
        if assignment.role == Role.SECRETARY:
            world.secretary.setdefault(assignment.committee_id, assignment.person)
    for cid, members in world.people.items():
        world.secretary.setdefault(cid, members[0])
    for body in Body.objects.filter(committee__in=committees):
        world.bodies.setdefault(body.committee_id, {})[body.kind] = body
    return world


# --- rows ---------------------------------------------------------------------------------------


class Filler:
    """Adds rows (copies of the demo's, with new committees, dates, people and text) to a world."""

    def __init__(self, world: World, text: Text, rng: random.Random, limits: dict[str, int]):
        self.world, self.text, self.rng, self.limits = world, text, rng, limits
        from django.db.models import Max

        from meetings.models import Minutes

        # M-M2: numbers are unique per committee and year; go on from the highest of each.
        self.minutes_numbers: dict[tuple[int, int], int] = {
            (row["committee_id"], row["year"]): row["top"]
            for row in Minutes.objects.filter(year__isnull=False)
            .values("committee_id", "year")
            .annotate(top=Max("number"))
            if row["top"] is not None
        }
        self.meeting_numbers: collections.Counter = collections.Counter()

    def committee(self, committees=None):
        return self.rng.choice(committees or self.world.committees)

    def person(self, committee):
        return self.rng.choice(self.world.people.get(committee.pk) or [self.world.county_secretary])

    def add(self, rows: int, committees=None, verbose: bool = False) -> dict:
        """``rows`` meetings (with items, decisions, minutes), supervision items and deadlines, and
        the other registers in proportion, in ``committees`` (default: all of the world's)."""
        log = timed if verbose else (lambda _label, function: function())
        made = log("meetings, items, decisions, minutes", lambda: self.meetings(rows, committees))
        items = log("supervision items", lambda: self.supervision(rows, made["decisions"], committees))
        log("deadlines", lambda: self.deadlines(items))
        log("accountability cases", lambda: self.cases(max(10, rows // 20), committees))
        log("petitions, emergencies, leave", lambda: self.reports(max(30, rows // 50), committees))
        return made

    def meetings(self, rows: int, committees=None) -> dict:
        from meetings.models import AgendaItem, Decision, Meeting, Minutes
        from meetings.services.minutes import _search_text

        limits = self.limits
        templates = list(Meeting.objects.filter(pk__lte=limits["Meeting"]).select_related("body").order_by("pk"))
        items_of, decisions_of, minutes_of = {}, {}, {}
        for item in AgendaItem.objects.filter(pk__lte=limits["AgendaItem"]).order_by("meeting_id", "position", "pk"):
            items_of.setdefault(item.meeting_id, []).append(item)
        for decision in Decision.objects.filter(pk__lte=limits["Decision"]).order_by("pk"):
            decisions_of.setdefault(decision.item_id, []).append(decision)
        for minutes in Minutes.objects.filter(pk__lte=limits["Minutes"], corrects__isnull=True).order_by("pk"):
            minutes_of.setdefault(minutes.meeting_id, []).append(minutes)
        made = {"meetings": 0, "items": 0, "decisions": [], "minutes": 0}
        now = datetime.datetime.now(datetime.UTC)
        chunk = 2000
        for start in range(0, rows, chunk):
            plan = []
            for n in range(start, min(rows, start + chunk)):
                template = templates[n % len(templates)]
                committee = self.committee(committees)
                past = template.status == "closed" or (template.start_at and template.start_at < now)
                days = -self.rng.randint(0, 1800) if past else self.rng.randint(0, 90)
                plan.append((template, committee, datetime.timedelta(days=days)))

            def moved(value, shift):
                return value + shift if value is not None else None

            meetings = []
            for template, committee, shift in plan:
                self.meeting_numbers[committee.pk] += 1
                body = None
                if template.body_id:
                    bodies = self.world.bodies.get(committee.pk, {})
                    body = bodies.get(template.body.kind) or next(iter(bodies.values()), None)
                meetings.append(
                    clone(
                        template,
                        committee=committee,
                        body=body,
                        title=f"{committee.name}{moved(template.start_at, shift):%Y年%m月}"
                        f"第{self.meeting_numbers[committee.pk]}次会议",
                        chair=self.world.secretary.get(committee.pk),
                        recorder=self.person(committee),
                        created_by=self.world.secretary.get(committee.pk),
                        start_at=moved(template.start_at, shift),
                        end_at=moved(template.end_at, shift),
                        notice_sent_at=moved(template.notice_sent_at, shift),
                        opened_at=moved(template.opened_at, shift),
                        closed_at=moved(template.closed_at, shift),
                    )
                )
            meetings = bulk(Meeting, meetings)
            items, used_of = [], {}
            for meeting, (template, committee, _shift) in zip(meetings, plan, strict=True):
                for item in items_of.get(template.pk, []):
                    title = self.text.item_title()
                    copy_ = clone(
                        item,
                        committee=committee,
                        meeting=meeting,
                        title=title,
                        description=self.text.opinion() if item.description else "",
                        redeliberates=None,
                        emergency=None,
                        proposed_by=self.person(committee) if item.proposed_by_id else None,
                        member_in_charge=self.person(committee) if item.member_in_charge_id else None,
                        approved_by=self.world.secretary.get(committee.pk) if item.approved_by_id else None,
                        taken_up_by=self.world.secretary.get(committee.pk) if item.taken_up_by_id else None,
                    )
                    copy_._template = item
                    used_of[id(copy_)] = self.text.take()
                    items.append(copy_)
            items = bulk(AgendaItem, items)
            items_by_meeting = collections.defaultdict(list)
            for item in items:
                items_by_meeting[item.meeting_id].append(item)
            decisions = []
            shift_of = {m.pk: s for m, (_t, _c, s) in zip(meetings, plan, strict=True)}
            for item in items:
                for decision in decisions_of.get(item._template.pk, []):
                    shift = shift_of[item.meeting_id]
                    copy_ = clone(
                        decision,
                        committee=item.committee,
                        item=item,
                        vote=None,
                        supersedes=None,
                        forwarded_item=None,
                        resolution=self.text.resolution(),
                        decided_at=decision.decided_at + shift,
                        published_at=moved(decision.published_at, shift),
                        invalidated_at=moved(decision.invalidated_at, shift),
                    )
                    used = self.text.take()
                    self.text.record("decisions", used)
                    used_of[id(copy_)] = used
                    decisions.append(copy_)
            decisions = bulk(Decision, decisions)
            decisions_by_item = collections.defaultdict(list)
            for decision in decisions:
                decisions_by_item[decision.item_id].append(decision)
            minutes = []
            for meeting, (template, committee, shift) in zip(meetings, plan, strict=True):
                for original in minutes_of.get(template.pk, []):
                    copy_, used = self.minutes(
                        original, meeting, committee, shift, items_by_meeting[meeting.pk], decisions_by_item, used_of
                    )
                    copy_.search_text = _search_text(copy_.title, copy_.summary, copy_.content)
                    self.text.record("minutes", used)
                    minutes.append(copy_)
            bulk(Minutes, minutes, batch=500)
            made["meetings"] += len(meetings)
            made["items"] += len(items)
            made["decisions"] += decisions
            made["minutes"] += len(minutes)
        print(
            f"{'':<36} {'':>7}   meetings {made['meetings']:,}, agenda items {made['items']:,},"
            f" decisions {len(made['decisions']):,}, minutes {made['minutes']:,}"
        )
        return made

    def minutes(self, original, meeting, committee, shift, items, decisions_by_item, used_of):
        """A copy of ``original`` for ``meeting``: its content rewritten from the copied items."""
        content = copy.deepcopy(original.content) if isinstance(original.content, dict) else {}
        used: set[str] = set()
        entries = content.get("items") or []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            item = items[index] if index < len(items) else None
            if item is not None:
                entry["title"] = item.title
                item_used = used_of.get(id(item), set())
            else:
                entry["title"] = self.text.item_title()
                item_used = self.text.take()
            for stance in entry.get("stances") or []:
                if isinstance(stance, dict) and "reason" in stance:
                    stance["reason"] = self.text.opinion()
            decision_used: set[str] = set()
            if isinstance(entry.get("decision"), dict):
                decisions = decisions_by_item.get(item.pk, []) if item is not None else []
                if decisions:
                    entry["decision"]["resolution"] = decisions[0].resolution
                    decision_used = used_of.get(id(decisions[0]), set())
                else:
                    entry["decision"]["resolution"] = self.text.resolution()
                    decision_used = self.text.take()
            if not entry.get("is_confidential"):
                used |= item_used | decision_used
        summary = self.text.summary(len(entries))
        used |= self.text.take()
        year = (meeting.start_at).year
        number = None
        if original.number is not None:
            key = (committee.pk, year)
            self.minutes_numbers[key] = self.minutes_numbers.get(key, 0) + 1
            number = self.minutes_numbers[key]
        copy_ = clone(
            original,
            committee=committee,
            meeting=meeting,
            corrects=None,
            title=f"{meeting.title}纪要",
            summary=summary,
            content=content,
            year=year if original.year is not None else None,
            number=number,
            approved_at=original.approved_at + shift if original.approved_at else None,
            approved_by=self.world.secretary.get(committee.pk) if original.approved_by_id else None,
        )
        return copy_, used

    def supervision(self, rows: int, decisions: list, committees=None) -> list:
        """Copies of the demo's supervision items; a copy of an item on a committee decision follows
        a binding decision of its committee made by this fill (one item per decision, S-1)."""
        from django.contrib.contenttypes.models import ContentType

        from meetings.models import Decision
        from supervision.models import SourceKind, SupervisionItem

        decision_type = ContentType.objects.get_for_model(Decision)
        binding = collections.defaultdict(list)
        for decision in decisions:
            if decision.kind == "decision":
                binding[decision.committee_id].append(decision)
        templates = list(SupervisionItem.objects.filter(pk__lte=self.limits["SupervisionItem"]).order_by("pk"))
        others = [k for k in SourceKind.values if k != SourceKind.COMMITTEE_DECISION]
        today = datetime.date.today()
        copies = []
        for n in range(rows):
            template = templates[n % len(templates)]
            committee = self.committee(committees)
            changes = {
                "committee": committee,
                "matter": self.text.matter(),
                "unit_committee": None,
                "unit_name": self.text.department(),
                "responsible_person": self.person(committee),
                "leader_in_charge": self.world.secretary.get(committee.pk),
                "feedback_deadline": today + datetime.timedelta(days=self.rng.randint(-300, 120)),
            }
            self.text.record("supervision", self.text.take())
            if template.source_kind == SourceKind.COMMITTEE_DECISION and binding[committee.pk]:
                decision = binding[committee.pk].pop()
                changes.update(source_content_type=decision_type, source_object_id=decision.pk)
            elif template.source_kind == SourceKind.COMMITTEE_DECISION:
                changes.update(source_kind=self.rng.choice(others), source_content_type=None, source_object_id=None)
            copies.append(clone(template, **changes))
        return bulk(SupervisionItem, copies)

    def deadlines(self, items: list) -> list:
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
        url = reverse("supervision_detail", args=[987654321]).replace("987654321", "{}")
        owed = collections.Counter(
            Deadline.objects.filter(owner__isnull=False, state__in=("open", "overdue")).values_list(
                "owner_id", flat=True
            )
        )
        rows = []
        for item in items:
            due = timezone.make_aware(datetime.datetime.combine(item.feedback_deadline, datetime.time(17, 30)))
            is_met = item.state in ("accepted", "closed")
            state = "met" if is_met else ("overdue" if due < now else "open")
            # Beyond OWED_PER_PERSON open deadlines the unit owes them (owner empty).
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
                    url=url.format(item.pk),
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

    def cases(self, count: int, committees=None) -> list:
        """A-1: cases against the teams and cadres of the committees, handled by the county."""
        from committees.models import Person, RuleSet
        from supervision.models import AccountabilityCase, AccountabilityGround

        opener = Person.objects.filter(roles__role="discipline_secretary", roles__committee=self.world.county).first()
        version = RuleSet.objects.get(is_default=True).current_version
        grounds = AccountabilityGround.values
        cases = []
        for n in range(count):
            committee = self.committee(committees)
            is_team = n % 4 == 0 and committee.pk != self.world.county.pk
            handler = self.world.county if committee.pk != self.world.county.pk else committee
            cases.append(
                AccountabilityCase(
                    committee=handler,
                    subject_committee=committee if is_team else None,
                    subject_person=None if is_team else self.person(committee),
                    ground=grounds[n % len(grounds)],
                    facts=self.text.facts(),
                    opened_by=opener,
                    rule_set_version=version,
                )
            )
        self.text.take()
        return bulk(AccountabilityCase, cases)

    def reports(self, count: int, committees=None) -> None:
        """Petitions, emergencies and leave requests; half of the requests wait on the county
        secretary's approval, the other half on their committee's secretary."""
        from reporting.emergencies.models import Emergency
        from reporting.leave.models import LeaveStep
        from reporting.petitions.models import Petition

        limits = self.limits
        petitions = list(Petition.objects.filter(pk__lte=limits["Petition"]).order_by("pk"))
        made = []
        for n in range(count):
            template, committee = petitions[n % len(petitions)], self.committee(committees)
            made.append(
                clone(
                    template,
                    committee=committee,
                    receiving_leader=self.world.secretary.get(committee.pk) if template.receiving_leader_id else None,
                    responsible_committee=committee if template.responsible_committee_id else None,
                )
            )
        bulk(Petition, made)
        emergencies = list(Emergency.objects.filter(pk__lte=limits["Emergency"]).order_by("pk"))
        bulk(
            Emergency,
            [
                clone(
                    emergencies[n % len(emergencies)],
                    committee=(c := self.committee(committees)),
                    recorded_by=self.person(c),
                )
                for n in range(count)
            ],
        )
        step = (
            LeaveStep.objects.filter(pk__lte=limits["LeaveStep"], state="pending", approver__isnull=False)
            .select_related("request")
            .order_by("pk")
            .first()
        )
        requests, approvers = [], []
        from reporting.leave.models import LeaveRequest

        for n in range(count):
            committee = self.committee(committees)
            requests.append(clone(step.request, committee=committee, person=self.person(committee), covered_by=None))
            if n % 2 == 0:
                approvers.append((self.world.county_secretary, self.world.county))
            else:
                approvers.append((self.world.secretary.get(committee.pk), committee))
        requests = bulk(LeaveRequest, requests)
        steps = [
            clone(
                step,
                request=request,
                round=request.round,
                order=1,
                committee=committee,
                approver=approver,
                stands_in_for=None,
                state="pending",
                decided_by=None,
                decided_at=None,
            )
            for request, (approver, committee) in zip(requests, approvers, strict=True)
        ]
        bulk(LeaveStep, steps)
        print(f"{'':<36} {'':>7}   petitions, emergencies, leave requests: {count:,} each")


# --- search terms and checks --------------------------------------------------------------------


def choose_terms(text: Text) -> dict:
    """A rare term (a place in about 10 decisions per 100,000 meetings, at least 1) and a common one
    (a topic in about a tenth of the decisions), with their hits counted in SQL."""
    from meetings.models import Decision, Meeting, Minutes

    decisions = text.counts["decisions"]
    target = max(1, round(10 * Meeting.objects.count() / 100_000))
    places = [(abs(count - target), word) for word, count in decisions.items() if word in text.places]
    rare = min(places)[1] if places else text.places[-1]
    # Common: a topic in about a tenth of the decisions (the commonest is in about half of them).
    tenth = Decision.objects.count() / 10
    common = min((abs(count - tenth), word) for word, count in decisions.items() if word in text.topics)[1]
    terms = {}
    for label, term in (("rare", rare), ("common", common)):
        terms[label] = {
            "term": term,
            "decisions": Decision.objects.filter(resolution__icontains=term).count(),
            "minutes": Minutes.objects.filter(search_text__icontains=term).count(),
        }
    return terms


def print_terms() -> None:
    terms = meta("terms") or {}
    for label, found in terms.items():
        print(
            f"search term ({label}): {found['term']}  – {found['decisions']:,} decisions,"
            f" {found['minutes']:,} minutes contain it"
        )


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
        cursor.execute("SELECT avg(length(content::text))::int, avg(length(search_text))::int FROM meetings_minutes")
        content, search = cursor.fetchone()
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            print(f"  {table:<34} {cursor.fetchone()[0]:>10,}")
    print(f"  minutes: {content} characters of content (JSON) and {search} of search text on average")


def list_counts(user) -> dict[str, int]:
    """Rows of each measured list the user sees (the app's selectors)."""
    from committees.selectors import visible_committee_ids
    from meetings.selectors.access import visible_meetings
    from meetings.selectors.decisions import visible_decisions
    from meetings.selectors.minutes import visible_minutes
    from reporting.emergencies.selectors import visible_emergencies
    from reporting.leave.selectors import approval_inbox
    from reporting.petitions.selectors import visible_petitions
    from reporting.selectors import visible_deadlines
    from supervision.selectors import visible_cases, visible_items

    ids = visible_committee_ids(user)
    return {
        "committees": len(ids) if ids is not None else -1,
        "meetings": visible_meetings(user).count(),
        "decisions": visible_decisions(user).count(),
        "minutes": visible_minutes(user).count(),
        "supervision": visible_items(user).count(),
        "deadlines": visible_deadlines(user).count(),
        "cases": visible_cases(user).count(),
        "petitions": visible_petitions(user).count(),
        "emergencies": visible_emergencies(user).count(),
        "leave inbox": approval_inbox(user).count(),
    }


#: Per login, the lists that must not be empty (those ``load.py`` and ``queries.py`` measure).
MUST_SHOW = {
    "lj-secretary": ("meetings", "decisions", "minutes", "supervision", "deadlines", "emergencies", "leave inbox"),
    "lj-org": ("meetings", "decisions", "minutes", "supervision", "deadlines"),
    "tyc-secretary": ("meetings", "decisions", "minutes", "supervision", "deadlines"),
    "lj-petition": ("petitions",),
}


def check_lists() -> bool:
    """Print what each checked login sees; False if a list it is measured on is empty."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    ok = True
    header = None
    for username in CHECKED_LOGINS:
        counts = list_counts(users.get(username=username))
        if header is None:
            header = list(counts)
            print("\n| login | " + " | ".join(header) + " |")
            print("|---|" + "---:|" * len(header))
        empty = [name for name in MUST_SHOW.get(username, ()) if counts[name] == 0]
        ok = ok and not empty
        cells = [f"{counts[name]:,}" + (" EMPTY" if name in empty else "") for name in header]
        print(f"| {username} | " + " | ".join(cells) + " |")
    print("every measured list non-empty:", "yes" if ok else "NO")
    return ok


if __name__ == "__main__":
    main()
