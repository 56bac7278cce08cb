"""The deadline engine's service API – the only way other apps register and settle deadlines.

    register(subject=…, committee=…, title=…, due_at=…, rule_id=…, schedule=…, owner=…, acting_user=…)
    met(subject, acting_user=…) / waive(deadline, reason=…, acting_user=…)
    extend(deadline, new_due_at=…, reason=…, acting_user=…)

Every one of them names who acted (the service that calls it passes its own ``acting_user``), so
a deadline's history says who registered, settled, waived or extended it.

The scanner (``scan``) and the sender (``send_pending``) run from Celery tasks woken by beat.
Guarantees, whatever happens to the broker or the workers:
- a step's notifications are created in the same transaction that advances the deadline past
  the step, under a unique constraint (deadline, step, recipient, channel): never twice;
- deadlines and notifications are claimed with ``select_for_update(skip_locked=True)``: two
  scanners or senders never take the same row;
- a notification stuck in "sending" (worker killed) is reclaimed after a timeout; attempts are
  counted in the database and capped;
- delivery is at least once: a sender killed between handing a message to the channel and
  recording it as sent repeats it, with the notification id as the idempotency key;
- one bad row never stops the others: a due time the database could not give back is refused
  (``register``, and a check constraint), and any error while scanning one deadline or sending one
  notification sets that row aside with the error (``_scan_one``, ``send_pending``).

On PostgreSQL a scan batch is one statement (``in_sql``: the per-deadline work in SQL). It keeps
these guarantees: the claim is ``FOR UPDATE SKIP LOCKED``, the insert ``ON CONFLICT DO NOTHING``
in the statement that advances the deadlines; a deadline it cannot read (a schedule not in the
shape ``Schedule.to_json`` writes, a step time a Python datetime cannot hold) is handed, still
locked, to ``_scan_one`` in the same transaction, which fires it or sets it aside as always; a
statement that fails leaves its batch to the Python path. SQLite, a channel without
``sql_accepts`` and ``scan(in_sql=False)`` use the Python path, which writes the same rows
(``tests/reporting/test_engine_in_sql.py`` runs both on the same data).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import uuid
from typing import TYPE_CHECKING

import psycopg
from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from committees import todo
from committees.actors import acting
from committees.bounds import EARLIEST, LATEST_COMPUTED, MSG_DATE_OUT_OF_RANGE, is_within
from committees.models import Committee, Person, Role, RoleAssignment
from committees.phrases import stored
from committees.selectors import current_rules

from .. import phrases
from ..channels import DeliveryError, accepts_in_sql, all_channels, channel_named, one_line
from ..models.engine import ACTIVE_STATES, Deadline, DeadlineState, Notification, NotificationState, StepKind
from ..schedules import Schedule, Step
from . import in_sql

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

logger = logging.getLogger(__name__)

PRINCIPAL = "principal"
PARENT_OFFICE = "parent_office"
#: Private obligations (R-2) escalate only to those who may see them.
ORGANISATION_DEPARTMENT = "organisation_department"
DEFAULT_ESCALATION = [PRINCIPAL, PARENT_OFFICE]
#: Who each target of an escalation path reaches, on the day: (of the parent committee, role,
#: the owner left out). The Python path (``recipients_for``) and the SQL one read this one table.
ESCALATION_TARGETS: dict[str, list[tuple[bool, Role, bool]]] = {
    PRINCIPAL: [(False, Role.SECRETARY, True)],
    PARENT_OFFICE: [(True, Role.OFFICE_STAFF, False)],
    ORGANISATION_DEPARTMENT: [
        (False, Role.ORGANIZATION_MEMBER, True),
        (False, Role.ORGANIZATION_STAFF, True),
        (True, Role.ORGANIZATION_STAFF, True),
    ],
}
#: A deadline whose scan failed waits this long before the next try instead of failing on every
#: tick (healthchecks' ``sendalerts``); the steps it missed meanwhile fire then, once.
SET_ASIDE_FOR = datetime.timedelta(minutes=15)
#: The sender's Celery task (``reporting.tasks``). The scan wakes it by name, after its commit: the
#: engine does not import its tasks, which import the topics that call the engine.
SEND_NOTIFICATIONS_TASK = "reporting.send_notifications"
#: Sent after the sender delivered a notification (``notification``); re-exported by ``reporting.notify``.
notification_sent = Signal()


def require_due_within_bounds(due_at: datetime.datetime) -> None:
    """A due time outside ``committees.bounds`` is a typo upstream; stored, it could be a row the
    database cannot give back, which stops every page and scan that reads it, for everyone."""
    if not is_within(due_at, latest=LATEST_COMPUTED):
        raise ValidationError(
            MSG_DATE_OUT_OF_RANGE,
            code="date_out_of_range",
            params={"first": EARLIEST.year, "last": LATEST_COMPUTED.year},
        )


@transaction.atomic
def register(
    *,
    subject,
    committee: Committee,
    title: str | dict,
    due_at: datetime.datetime,
    rule_id: str,
    schedule: Schedule,
    owner: Person | None = None,
    notify=(),
    escalation: list[str] | None = None,
    is_private: bool = False,
    url: str = "",
    rule_set_version=None,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> Deadline:
    """Register an obligation. A deadline registered late skips the reminders it is past, but
    its due and escalation steps still fire. Raises ``ValidationError`` for a due time outside
    the bounds. ``title``: a stored phrase (``committees.phrases.stored``), worded in each reader's
    language; a plain string becomes one line (it is copied into e-mail subjects)."""
    require_due_within_bounds(due_at)
    now = now or timezone.now()
    deadline = Deadline(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        committee=committee,
        title=one_line(title)[:200] if isinstance(title, str) else title,
        url=url,
        owner=owner,
        escalation=DEFAULT_ESCALATION if escalation is None else escalation,
        is_private=is_private,
        rule_id=rule_id,
        rule_set_version=rule_set_version or current_rules(committee),
        due_at=due_at,
        original_due_at=due_at,
        schedule=schedule.to_json(),
    )
    _position_at(deadline, schedule, now)
    acting(deadline, acting_user).save()
    if notify:
        deadline.notify.set(notify)
    return deadline


def _position_at(deadline: Deadline, schedule: Schedule, now: datetime.datetime) -> None:
    """Point the deadline at its first step to fire. Reminders already superseded by a later
    passed step are skipped (no "7 days left" after the due time); due and escalation steps that
    have passed still fire at the next scan."""
    index = 0
    while (
        (step := schedule.step(index)) is not None
        and step.kind == StepKind.REMINDER
        and (following := schedule.step(index + 1)) is not None
        and deadline.due_at + following.offset <= now
    ):
        index += 1
    deadline.next_step_index = index
    step = schedule.step(index)
    deadline.next_step_at = deadline.due_at + step.offset if step else None
    if deadline.due_at <= now and deadline.state == DeadlineState.OPEN:
        deadline.state = DeadlineState.OVERDUE


def for_subject(subject):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).order_by("due_at")


@transaction.atomic
def met(
    subject=None,
    *,
    deadline: Deadline | None = None,
    at: datetime.datetime | None = None,
    rule_id=None,
    acting_user: User,
) -> int:
    """The obligation is fulfilled: stop its reminders at once (pending ones are cancelled)."""
    at = at or timezone.now()
    deadlines = Deadline.objects.filter(pk=deadline.pk) if deadline else for_subject(subject)
    if rule_id:
        deadlines = deadlines.filter(rule_id=rule_id)
    ids = list(deadlines.select_for_update().filter(state__in=ACTIVE_STATES).values_list("pk", flat=True))
    for item in Deadline.objects.filter(pk__in=ids):
        item.state = DeadlineState.MET
        item.met_at = at
        item.next_step_at = None
        acting(item, acting_user).save(update_fields=["state", "met_at", "next_step_at"])
    _cancel_pending(ids)
    return len(ids)


@transaction.atomic
def waive(deadline: Deadline, *, reason: str, acting_user: User) -> Deadline:
    if not reason.strip():
        raise ValueError("A waived deadline needs a reason.")
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    deadline.state = DeadlineState.WAIVED
    deadline.waived_reason = reason
    deadline.next_step_at = None
    acting(deadline, acting_user).save(update_fields=["state", "waived_reason", "next_step_at"])
    _cancel_pending([deadline.pk])
    return deadline


@transaction.atomic
def extend(
    deadline: Deadline,
    *,
    new_due_at: datetime.datetime,
    reason: str,
    now: datetime.datetime | None = None,
    acting_user: User,
) -> Deadline:
    """Move the due time (a legitimate extension). The history keeps the old due time; the
    reminder steps restart for the new time under a new revision."""
    require_due_within_bounds(new_due_at)
    now = now or timezone.now()
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    deadline.due_at = new_due_at
    deadline.revision += 1
    if deadline.state == DeadlineState.OVERDUE and new_due_at > now:
        deadline.state = DeadlineState.OPEN
    deadline._change_reason = reason
    _position_at(deadline, Schedule.from_json(deadline.schedule), now)
    acting(deadline, acting_user).save()
    _cancel_pending([deadline.pk])
    return deadline


def _cancel_pending(deadline_ids) -> None:
    Notification.objects.filter(deadline_id__in=deadline_ids, state=NotificationState.PENDING).update(
        state=NotificationState.CANCELLED
    )


# --------------------------------------------------------------------------- scanning


def scan(now: datetime.datetime | None = None, batch: int = 500, *, in_sql: bool | None = None) -> int:
    """Fire every due step of every active deadline. Returns the notifications written.

    Safe to run concurrently and repeatedly: each batch claims its deadlines with SKIP LOCKED
    and advances them in the same transaction that creates their notifications.

    On PostgreSQL a batch is one statement (``in_sql``): the per-deadline work in SQL, the same
    notifications as the Python path. Deadlines it cannot read (a malformed schedule, a step time
    out of range) are done by the Python path in the same transaction; if the statement itself
    fails, the batch is done again in Python. The Python path (SQLite, a channel without
    ``sql_accepts``, or ``in_sql=False``) is a fixed number of queries per batch (claim, prefetch,
    role holders, one insert, one update). Either way a deadline that fails is set aside alone
    (``_scan_one``); when its failure was a query that took the batch's transaction with it, the
    batch is done again in Python with a savepoint per deadline.

    ``in_sql``: ``None`` picks the statement wherever it can express the scan; ``True`` demands it
    (``ImproperlyConfigured`` if it cannot); ``False`` keeps to Python.
    """
    now = now or timezone.now()
    channels = all_channels()
    statement = None if in_sql is False else _scan_statement(channels)
    if in_sql and statement is None:
        raise ImproperlyConfigured("The scan cannot run in SQL here: PostgreSQL and sql_accepts on every channel.")
    created = 0
    in_savepoints = False
    while True:
        try:
            if statement is not None and not in_savepoints:
                try:
                    claimed, written = _scan_batch_in_sql(now, batch, channels, statement)
                except DatabaseError:
                    logger.exception("The scan's statement failed; this batch is done in Python")
                    due, rows = _scan_batch(now, batch, channels, in_savepoints=False)
                    claimed, written = len(due), len(rows)
            else:
                due, rows = _scan_batch(now, batch, channels, in_savepoints=in_savepoints)
                claimed, written = len(due), len(rows)
        except _BatchTransactionLost:
            in_savepoints = True
            continue
        in_savepoints = False
        created += written
        if claimed < batch:
            return created


class _BatchTransactionLost(Exception):
    """A query of one deadline failed: the batch's transaction is lost, not only that deadline."""


def _scan_statement(channels) -> in_sql.ScanStatement | None:
    """The batch statement for these channels and today's translations, or ``None`` where SQL
    cannot say it: not PostgreSQL, a channel without ``sql_accepts``, a template beyond ``%(…)s``."""
    if connection.vendor != "postgresql":
        return None
    conditions = [accepts_in_sql(channel) for channel in channels]
    if None in conditions:
        return None
    return in_sql.scan_statement(
        channels=[(c.name, c.is_immediate, condition) for c, condition in zip(channels, conditions, strict=True)],
        title_keys={str(kind): key for kind, key in STEP_TITLES.items()},
        escalation_key=STEP_TITLES[StepKind.ESCALATION],
        body_key=phrases.DEADLINE_BODY,
        escalation_targets={
            target: [(of_parent, str(role), without_owner) for of_parent, role, without_owner in holders]
            for target, holders in ESCALATION_TARGETS.items()
        },
        owed_fallback_role=Role.OFFICE_STAFF,
        kinds={str(kind.name).lower(): str(kind) for kind in StepKind},
        states={"sent": NotificationState.SENT, "pending": NotificationState.PENDING},
        deadline_states={"active": list(map(str, ACTIVE_STATES)), "overdue": str(DeadlineState.OVERDUE)},
    )


@transaction.atomic
def _scan_batch_in_sql(now: datetime.datetime, batch: int, channels, statement) -> tuple[int, int]:
    """Claim, fire, write and advance one batch in one statement; the deadlines it left alone go
    through ``_scan_one`` in the same transaction."""
    claimed, written, left = in_sql.run(statement, now=now, batch=batch)
    if left:
        due = list(Deadline.objects.filter(pk__in=left).select_related("committee", "owner").prefetch_related("notify"))
        written += len(_fire_in_python(due, now, channels, in_savepoints=False))
    if written:
        transaction.on_commit(lambda: current_app.send_task(SEND_NOTIFICATIONS_TASK))
        todo.rows_changed()  # written in bulk, no signal: the bells' kept counts (``unread_count``)
    return claimed, written


@transaction.atomic
def _scan_batch(
    now: datetime.datetime, batch: int, channels, *, in_savepoints: bool
) -> tuple[list[Deadline], list[Notification]]:
    """Claim one batch, fire its due steps, advance it and write its notifications, in one transaction."""
    due = list(
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(state__in=ACTIVE_STATES, next_step_at__lte=now)
        .select_related("committee", "owner")
        .prefetch_related("notify")
        .order_by("next_step_at")[:batch]
    )
    rows = _fire_in_python(due, now, channels, in_savepoints=in_savepoints)
    if rows:
        transaction.on_commit(lambda: current_app.send_task(SEND_NOTIFICATIONS_TASK))
        todo.rows_changed()  # written in bulk, no signal: the bells' kept counts (``unread_count``)
    return due, rows


def _fire_in_python(
    due: list[Deadline], now: datetime.datetime, channels, *, in_savepoints: bool
) -> list[Notification]:
    """The Python path of a claimed batch: fire, advance, write (no wake-up: the caller's)."""
    roles = RoleHolders(timezone.localdate(now))
    rows = [row for deadline in due for row in _scan_one(deadline, now, channels, roles, in_savepoints)]
    _advance(due)
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return rows


def _scan_one(
    deadline: Deadline, now: datetime.datetime, channels, roles: RoleHolders, in_savepoint: bool
) -> list[Notification]:
    """The one place the scan isolates a bad row: any error of this deadline (a date out of range,
    a channel that raises, a failed query) leaves it where it was, with the error, until
    ``SET_ASIDE_FOR`` later, and the scan goes on with the others. Firing steps only reads, so a
    Python error leaves the transaction usable; a failed query does not, and the batch is done
    again with a savepoint per deadline (two more queries each, so not by default)."""
    position = deadline.next_step_index, deadline.state
    try:
        with transaction.atomic() if in_savepoint else contextlib.nullcontext():
            rows = _fire_due_steps(deadline, now, channels, roles)
    except Exception as error:  # the loop that serves everyone survives any one row
        if not in_savepoint and _transaction_is_broken():
            raise _BatchTransactionLost from error
        logger.exception("Deadline %s set aside by the scan until %s", deadline.pk, now + SET_ASIDE_FOR)
        deadline.next_step_index, deadline.state = position
        deadline.next_step_at = now + SET_ASIDE_FOR
        deadline.last_error = _error_text(error)
        return []
    deadline.last_error = ""
    return rows


def _transaction_is_broken() -> bool:
    if connection.vendor != "postgresql":
        return True  # cannot tell: assume the worst
    return connection.connection.info.transaction_status == psycopg.pq.TransactionStatus.INERROR


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _fire_due_steps(deadline: Deadline, now: datetime.datetime, channels, roles: RoleHolders) -> list[Notification]:
    schedule = Schedule.from_json(deadline.schedule)
    rows = []
    step = schedule.step(deadline.next_step_index)
    while step is not None and deadline.due_at + step.offset <= now:
        rows += _notifications_for_step(deadline, step, now, channels, roles)
        if step.kind in (StepKind.DUE, StepKind.OVERDUE, StepKind.ESCALATION):
            deadline.state = DeadlineState.OVERDUE
        deadline.next_step_index += 1
        step = schedule.step(deadline.next_step_index)
    deadline.next_step_at = deadline.due_at + step.offset if step else None
    return rows


def _advance(due: list[Deadline]) -> None:
    """Store the scanned deadlines' new position in one statement (bulk_update's CASE chains
    cost more than the whole scan on PostgreSQL)."""
    if not due:
        return
    if connection.vendor != "postgresql":
        Deadline.objects.bulk_update(due, ["next_step_index", "next_step_at", "state", "last_error"])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Deadline._meta.db_table} AS d
            SET next_step_index = v.next_step_index, next_step_at = v.next_step_at, state = v.state,
                last_error = v.last_error
            FROM (
                SELECT unnest(%s::bigint[]) AS id, unnest(%s::integer[]) AS next_step_index,
                       unnest(%s::timestamptz[]) AS next_step_at, unnest(%s::varchar[]) AS state,
                       unnest(%s::text[]) AS last_error
            ) AS v
            WHERE d.id = v.id
            """,  # noqa: S608 - the table name is ours, the values are parameters  # nosec B608
            [
                [d.pk for d in due],
                [d.next_step_index for d in due],
                [d.next_step_at for d in due],
                [d.state for d in due],
                [d.last_error for d in due],
            ],
        )


class RoleHolders:
    """Who holds a role on a committee on one day, asked once per scan batch."""

    def __init__(self, on: datetime.date):
        self.on = on
        self.cache: dict[tuple[int, str], list[Person]] = {}

    def __call__(self, committee: Committee | None, role: str) -> list[Person]:
        if committee is None:
            return []
        key = (committee.pk, role)
        if key not in self.cache:
            self.cache[key] = [
                a.person
                for a in RoleAssignment.objects.on(self.on)
                .filter(committee=committee, role=role)
                .select_related("person")
            ]
        return self.cache[key]


def recipients_for(deadline: Deadline, step: Step, roles: RoleHolders) -> list[Person]:
    """Reminders go to whoever owes the obligation (and those to notify), else the committee's
    office; escalations follow roles on the day (``ESCALATION_TARGETS``): level 1 the principal
    leader, level 2 the parent committee's office."""
    if step.kind != StepKind.ESCALATION:
        people = ([deadline.owner] if deadline.owner else []) + list(deadline.notify.all())
        if not people:
            people = roles(deadline.committee, Role.OFFICE_STAFF)
        return _unique(people)
    path = deadline.escalation or []
    if step.level > len(path):
        return []
    people = []
    for of_parent, role, without_owner in ESCALATION_TARGETS.get(path[step.level - 1], []):
        holders = roles(deadline.committee.parent if of_parent else deadline.committee, role)
        people += [p for p in holders if not (without_owner and p == deadline.owner)]
    return _unique(people)


def _unique(people) -> list[Person]:
    seen, result = set(), []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def _notifications_for_step(
    deadline: Deadline, step: Step, now: datetime.datetime, channels, roles: RoleHolders
) -> list[Notification]:
    title, body = _message(deadline, step)
    rows = []
    for person in recipients_for(deadline, step, roles):
        for channel in channels:
            if not channel.accepts(person):
                continue
            rows.append(
                Notification(
                    deadline=deadline,
                    step_key=f"r{deadline.revision}:{step.key}",
                    step_kind=step.kind,
                    recipient=person,
                    channel=channel.name,
                    title=title,
                    body=body,
                    url=deadline.url,
                    state=NotificationState.SENT if channel.is_immediate else NotificationState.PENDING,
                    sent_at=now if channel.is_immediate else None,
                )
            )
    return rows


#: The phrase of each step kind's title (``reporting.phrases``); any other kind is worded as an escalation.
STEP_TITLES = {
    StepKind.REMINDER: phrases.DEADLINE_REMINDER,
    StepKind.DUE: phrases.DEADLINE_DUE,
    StepKind.OVERDUE: phrases.DEADLINE_OVERDUE,
    StepKind.ESCALATION: phrases.DEADLINE_ESCALATION,
}


def _message(deadline: Deadline, step: Step) -> tuple[dict, dict]:
    """The title and the body as stored phrases, worded in the reader's language when shown or
    sent. The SQL scan (``in_sql``) stores the same JSON: the due time in UTC to the second."""
    due = {"datetime": deadline.due_at.astimezone(datetime.UTC).isoformat(timespec="seconds")}
    owner = deadline.owner.name if deadline.owner else deadline.committee.name
    key = STEP_TITLES.get(step.kind, phrases.DEADLINE_ESCALATION)
    title = stored(key, title=deadline.title, due=due, owner=owner)
    body = stored(phrases.DEADLINE_BODY, rule=deadline.rule_id, committee=deadline.committee.name)
    return title, body


# --------------------------------------------------------------------------- sending


def claim(now: datetime.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Take pending notifications (and ones stuck in "sending" past the timeout) for this worker.

    Returns the claim token and the ids. A sender renews its lease on a row just before sending
    it and only while the row still carries its token, so a row reclaimed by another sender after
    the timeout is never sent by both.
    """
    token = uuid.uuid4()
    timeout = datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT)
    with transaction.atomic():
        # Stuck rows that used up their attempts fail for good.
        Notification.objects.filter(
            state=NotificationState.SENDING,
            claimed_at__lt=now - timeout,
            attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS,
        ).update(state=NotificationState.FAILED, last_error="timed out while sending")
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state=NotificationState.PENDING, retry_at__isnull=True)
                | Q(state=NotificationState.PENDING, retry_at__lte=now)
                | Q(state=NotificationState.SENDING, claimed_at__lt=now - timeout),
                attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(
            state=NotificationState.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
        )
    return token, ids


def deliver(notification_id: int, token: uuid.UUID, now: datetime.datetime | None = None) -> str:
    """Send one claimed notification; its state says what happened."""
    mine = Notification.objects.filter(pk=notification_id, state=NotificationState.SENDING, claim_token=token)
    if not mine.update(claimed_at=now or timezone.now()):  # renew the lease, or it is not ours any more
        return "lost"
    notification = Notification.objects.select_related("recipient", "deadline").get(pk=notification_id)
    deadline = notification.deadline
    if deadline is not None and deadline.state in (DeadlineState.MET, DeadlineState.WAIVED):
        Notification.objects.filter(pk=notification_id).update(state=NotificationState.CANCELLED)
        return NotificationState.CANCELLED
    try:
        channel_named(notification.channel).deliver(notification)
    except (DeliveryError, smtplib.SMTPException, OSError, LookupError) as error:
        final = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        state = NotificationState.FAILED if final else NotificationState.PENDING
        mine.update(state=state, last_error=str(error)[:2000], retry_at=None if final else _retry_at(notification, now))
        logger.warning("Notification %s not delivered (attempt %s): %s", notification_id, notification.attempts, error)
        return state
    notification.sent_at = now or timezone.now()
    mine.update(state=NotificationState.SENT, sent_at=notification.sent_at)
    notification.state = NotificationState.SENT
    for receiver, failure in notification_sent.send_robust(sender=Notification, notification=notification):
        if failure is not None:  # a listener's record of the delivery; the delivery itself stands
            logger.error("Notification %s: %s failed: %r", notification_id, receiver, failure)
    return NotificationState.SENT


def _retry_at(notification: Notification, now: datetime.datetime | None) -> datetime.datetime:
    """Backoff: the first retry after ``NOTIFICATION_RETRY_BACKOFF`` seconds, doubled each failure,
    so a mail server that is down is not hammered every minute."""
    seconds = settings.NOTIFICATION_RETRY_BACKOFF * 2 ** max(notification.attempts - 1, 0)
    return (now or timezone.now()) + datetime.timedelta(seconds=seconds)


def send_pending(now: datetime.datetime | None = None, batch: int = 10) -> int:
    """Send in small batches so no claimed row waits long before its lease is renewed."""
    sent = 0
    while True:
        token, ids = claim(now or timezone.now(), batch)
        if not ids:
            return sent
        for pk in ids:
            try:
                sent += deliver(pk, token, now) == NotificationState.SENT
            except Exception as error:  # the loop that serves everyone survives any one row
                _set_aside(pk, token, error)


def _set_aside(notification_id: int, token: uuid.UUID, error: Exception) -> None:
    """The one place the sender isolates a bad row: an error ``deliver`` does not expect (a header
    it cannot write, a channel that raises anything) fails this notification for good, with the
    error; the rest of the batch is sent. Expected delivery errors are retried by ``deliver``."""
    logger.exception("Notification %s failed", notification_id)
    Notification.objects.filter(pk=notification_id, state=NotificationState.SENDING, claim_token=token).update(
        state=NotificationState.FAILED, last_error=_error_text(error)
    )
