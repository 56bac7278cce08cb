"""One to-do inbox (待办) and one done list (已办) per person, gathered from every app.

``committees`` sits at the bottom of the dependency chain, yet the steps that wait for a person
live in the upper apps (a leave step in ``reporting``, a ballot in ``meetings``, a feedback review
in ``supervision``). As with ``committees.panels``, each app registers *sources* in its own
``todo`` module, imported by ``autodiscover_modules("todo")``::

    from committees import todo

    @todo.source("people")
    class LeaveSteps(todo.Source):
        covers = ("reporting.leavestep",)      # deadlines about these are shown by this source
        def waiting(self, user, person): ...   # a queryset-like: .count() and slicing
        def done(self, user, person): ...

A source's ``waiting`` answers the steps waiting for this person, soonest deadline first (no
deadline last), as :class:`Waiting` rows; ``done`` the steps the person completed, newest first,
as :class:`Done` rows. Both return a :class:`Rows` – a count and the first *n* rows, each one
query, whatever *n*: the inbox merges the sources' first rows (a k-way merge) and so reads at most
``page × page size`` rows of each, never a person's whole history. A source filters by the
person itself (the approver named on the step, the member present at the vote …), so another
member of the same committee never sees it.

``group`` is the navigation group the step belongs to (``committees.navigation.GROUPS``): the
header shows, on each group, how many steps wait there (``counts``). Every page draws the header,
and building and compiling the sources' querysets costs a few tens of milliseconds, so the header
reads ``cached_counts`` (and home its first rows, ``cached_preview``): a user's counts are kept
in the cache for the day, for at most ``DANGWEI_TODO_COUNTS_SECONDS``, and until any change –
any row saved or deleted, whoever wrote it (``rows_changed``, from ``committees.signals``), and
any POST through a page or the API (``committees.middleware.StepsChangedMiddleware``).
"""

from __future__ import annotations

import datetime
import heapq
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules

from . import scope

#: Rows of the home page's to-do panel.
HOME_ROWS = 5


@dataclass(frozen=True)
class Waiting:
    """A step waiting for the person: what to do, on what, by when, and the link to the action."""

    kind: str
    group: str
    action: str
    subject: str
    url: str
    due_at: datetime.datetime | None = None
    committee: str = ""
    key: str = ""

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.due_at is not None and self.due_at < (now or timezone.now())


@dataclass(frozen=True)
class Done:
    """A step the person completed: what was done, on what, when, and where it is recorded."""

    kind: str
    group: str
    action: str
    subject: str
    url: str
    done_at: datetime.datetime
    committee: str = ""
    key: str = ""


@dataclass
class Rows:
    """A count and a way to read the first ``n`` rows (in the source's order), each one query;
    ``queryset``: what the header counts (all counts of a page in one query, ``counts``)."""

    count: Callable[[], int]
    first: Callable[[int], list]
    queryset: Any = None


def rows_of(queryset, to_row: Callable[[Any], Waiting | Done]) -> Rows:
    """A :class:`Rows` over an ordered queryset, each object turned into a row by ``to_row``."""
    return Rows(count=queryset.count, first=lambda n: [to_row(obj) for obj in queryset[:n]], queryset=queryset)


NO_ROWS = Rows(count=lambda: 0, first=lambda n: [])


class Source:
    """One kind of step. ``covers``: the models (``app_label.model``) whose engine deadlines this
    source shows itself, so the deadline source leaves them out (no step listed twice)."""

    group: str = ""
    covers: tuple[str, ...] = ()

    def waiting(self, user, person) -> Rows:
        return NO_ROWS

    def done(self, user, person) -> Rows:
        return NO_ROWS

    def counted(self, user, person) -> dict[str, Any]:
        """What to count per navigation group: the waiting rows' queryset (a source whose rows
        span groups overrides it)."""
        queryset = self.waiting(user, person).queryset
        return {} if queryset is None else {self.group: queryset}


_sources: list[Source] = []
_discovered = False


def source(group: str) -> Callable[[type[Source]], type[Source]]:
    def register(cls: type[Source]) -> type[Source]:
        if not any(type(existing) is cls for existing in _sources):
            instance = cls()
            instance.group = group
            _sources.append(instance)
        return cls

    return register


def sources() -> list[Source]:
    global _discovered
    if not _discovered:
        autodiscover_modules("todo")
        _discovered = True
    return list(_sources)


def covered_content_types() -> list[ContentType]:
    """The content types whose deadlines a dedicated source shows (cached by Django after the first)."""
    labels = {label for src in sources() for label in src.covers}
    return [ContentType.objects.get_for_model(apps.get_model(label)) for label in sorted(labels)]


_FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)
_FAR_PAST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _waiting_order(row: Waiting):
    return (row.due_at or _FAR_FUTURE, row.kind, row.key)


def _done_order(row: Done):
    return (-(row.done_at - _FAR_PAST).total_seconds(), row.kind, row.key)


class Merged(Sequence):
    """The sources' rows as one sorted sequence, for ``committees.paging.page_of``: its length is
    the sum of the counts; a slice reads the first ``stop`` rows of each source and merges them."""

    def __init__(self, parts: list[Rows], order):
        self.parts = parts
        self.order = order
        self._counts: list[int] | None = None

    def __len__(self) -> int:
        if self._counts is None:
            self._counts = [part.count() for part in self.parts]
        return sum(self._counts)

    def _reading(self) -> list[Rows]:
        """The parts to read rows from: once counted (a page), only those that have any – an empty
        source costs its count alone, not a second query."""
        if self._counts is None:
            return self.parts
        return [part for part, count in zip(self.parts, self._counts, strict=True) if count]

    def __getitem__(self, index):
        if isinstance(index, slice):
            if index.stop is not None and index.stop >= 0 and (index.start or 0) >= 0:
                # The first rows (home's preview, a page): no count needed to bound the slice.
                start, stop, step = index.start or 0, index.stop, index.step or 1
            else:
                start, stop, step = index.indices(len(self))
            if stop <= start:
                return []
            merged = heapq.merge(*(part.first(stop) for part in self._reading()), key=self.order)
            return list(merged)[start:stop:step]
        rows = self[index : index + 1]
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator:
        return iter(self[0 : len(self)])


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


def waiting_for(user) -> Merged:
    """Every step waiting for the user, soonest deadline first, those without a deadline last."""
    person = _person(user)
    if person is None:
        return Merged([], _waiting_order)
    return Merged([src.waiting(user, person) for src in sources()], _waiting_order)


def done_by(user) -> Merged:
    """Every step the user completed, newest first."""
    person = _person(user)
    if person is None:
        return Merged([], _done_order)
    return Merged([src.done(user, person) for src in sources()], _done_order)


@dataclass
class Counts:
    """How many steps wait for the user, in all and per navigation group."""

    by_group: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_group.values())


def counts(user) -> Counts:
    """How many steps wait, per group: every source's count in one query, no rows read."""
    person = _person(user)
    result = Counts()
    if person is None:
        return result
    counted = [(group, qs) for src in sources() for group, qs in src.counted(user, person).items()]
    if not counted:
        return result
    selects, params = [], []
    for index, (_group, queryset) in enumerate(counted):
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        # The SQL is Django's own compilation of the source's queryset; values stay parameters.
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS todo_{index})")  # noqa: S608  # nosec B608
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        numbers = cursor.fetchone()
    for (group, _queryset), n in zip(counted, numbers, strict=True):
        if n:
            result.by_group[group] = result.by_group.get(group, 0) + n
    return result


#: Bumped by every change made through a page or the API: counts cached under another stamp are stale.
STAMP_KEY = "todo-counts-stamp"


def steps_changed() -> None:
    """Something may have added or ended a step waiting for someone (a leave request submitted, an
    item approved, a vote opened): everyone's header counts are recomputed on their next page."""
    cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None)


def rows_changed(using: str = "default") -> None:
    """A row was saved or deleted (``committees.signals``: a service, a task, a command, a page):
    once the transaction commits, every kept value is outdated (``steps_changed``, once per
    transaction; at once outside a transaction)."""
    db = connections[using]
    if db.in_atomic_block and any(func is steps_changed for _ids, func, _robust in db.run_on_commit):
        return
    transaction.on_commit(steps_changed, using=using)


def kept(user, name: str, compute: Callable[[], Any], *, keep: Callable[[Any], bool] | None = None) -> Any:
    """``compute()`` kept in the cache for this user, day and ``name`` under the current stamp, for
    at most ``DANGWEI_TODO_COUNTS_SECONDS`` (what nothing changed – a step that falls due with time –
    shows within that time). One cache round trip when it is kept. ``keep(value)`` false: the value
    is used for this request only.

    When that time is up, one request works the value out anew while the user's other requests
    meanwhile – other tabs, the pages' polling, other workers – still get the one kept: the first
    to find it due sets its ``:fresh`` mark (``cache.add``, which only one can), the others find
    the mark. Without it, each of them worked it out at once, and a home drawn afresh costs ~150 ms
    of a worker (issue 19). A change (a new stamp) is never served from the old value: after one,
    every request that comes before the first has kept the new value still works it out."""
    seconds = settings.DANGWEI_TODO_COUNTS_SECONDS
    if seconds <= 0 or _person(user) is None:
        return compute()
    key = kept_key(user, name)
    fresh = f"{key}:fresh"
    kept = cache.get_many([STAMP_KEY, key, fresh])
    stamp = kept.get(STAMP_KEY)
    entry = kept.get(key)
    if stamp is not None and entry is not None and entry[0] == stamp:
        if kept.get(fresh) or not cache.add(fresh, True, timeout=RENEWING_SECONDS):
            return entry[1]  # within its time, or another request is working it out
    elif stamp is None:
        # A cache that lost the stamp (restarted, flushed): start a new one; a stamp another worker
        # set meanwhile wins, and the value is kept under whichever is there.
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(STAMP_KEY)
    # Read before computing: a change committed meanwhile bumps the stamp and so outdates this value.
    value = compute()
    if stamp is not None and (keep is None or keep(value)):
        cache.set(key, (stamp, value), timeout=seconds + RENEWING_SECONDS)
        cache.set(fresh, True, timeout=seconds)
    return value


def kept_key(user, name: str) -> str:
    """The cache key of ``kept``'s value ``name`` for this user today (``:fresh`` appended: its
    mark of being within its time)."""
    return f"todo-{name}:{user.pk}:{timezone.localdate().isoformat()}"


#: How long a kept value may still be served after its time while one request works it out anew
#: (``kept``); a request that died meanwhile leaves it to the next one after this.
RENEWING_SECONDS = 10


def cached_counts(user) -> Counts:
    """``counts`` as the header shows them, kept (``kept``) until a change or their time is up."""
    return Counts(dict(kept(user, "counts", lambda: counts(user).by_group)))


def cached_preview(user) -> list[Waiting]:
    """The first ``HOME_ROWS`` steps waiting for the user (home's to-do panel), kept like the
    counts – reading the sources' first rows costs tens of milliseconds. The rows hold their texts
    in the request's language, so the language is part of the key."""
    return kept(user, f"preview-{translation.get_language()}", lambda: waiting_for(user)[:HOME_ROWS])


def end_of_day(day: datetime.date) -> datetime.datetime:
    """A due *day* as its last minute (Asia/Shanghai): due on the 5th is overdue on the 6th."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def key(pk: int) -> str:
    """A row's tie-breaker that sorts like its id."""
    return f"{pk:012d}"


def held(person, roles) -> list[int]:
    """Ids of the committees where ``person`` holds one of ``roles`` today: whose approvals,
    reviews and filings wait for them. A literal list, not a subquery of role assignments: behind
    the subquery PostgreSQL could not tell a secretary's few committees from all of them and walked
    every meeting of the county by date to find 17 proposed agenda items (45 ms, issue 19). From
    the signed-in user's scope (``committees.scope``, kept) when ``person`` came with the user."""
    from .models import Person, RoleAssignment

    if Person.user.is_cached(person) and person.user is not None:
        return sorted(scope.of(person.user).holding(roles))
    held = RoleAssignment.objects.on(timezone.localdate()).filter(person=person, role__in=roles)
    return sorted(set(held.values_list("committee_id", flat=True)))
