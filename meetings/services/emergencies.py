"""M-E1: an emergency handled without a meeting, after consulting a principal leader, is reported
to the team afterwards; the deadline engine reminds until an agenda item of a team meeting has
reported it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.actors import acting, person_of
from committees.models import Committee, Person, Role
from committees.phrases import stored
from committees.redirects import page_url
from committees.rules import RuleViolation
from committees.selectors import current_rules
from meetings import phrases, rules
from meetings.models import AgendaCategory, AgendaItem, EmergencyHandling, Meeting
from meetings.selectors.attendance import roles_on
from reporting import deadlines
from reporting.schedules import days_schedule

from .agenda import add_item
from .locks import acting_at

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


#: Refusals (user-facing; the .po files translate these msgids).
MSG_HANDLING_CANNOT_BE_IN_FUTURE = gettext_lazy("The handling cannot be in the future.")
MSG_SAY_WHAT_DONE = gettext_lazy("Say what was done.")
MSG_NOT_PRINCIPAL_LEADER_SECRETARY_DEPUTY_SECRETARY = gettext_lazy(
    "%(person)s was not a principal leader (secretary or deputy secretary) of %(committee)s on %(date)s."
)
MSG_PRINCIPAL_LEADER_CONSULTED_BEFORE_EMERGENCY_HANDLED = gettext_lazy(
    "The principal leader is consulted before the emergency is handled."
)
MSG_EMERGENCY_ALREADY_REPORTED_TEAM = gettext_lazy("This emergency has already been reported to the team.")
MSG_AFTER_REPORT_MADE_TEAM_STANDING_COMMITTEE = gettext_lazy(
    "The after-report is made to the team, at a standing committee or plenary meeting."
)


@transaction.atomic
def record_emergency_handling(
    *,
    committee: Committee,
    title: str,
    handled_by: Person,
    principal_consulted: Person,
    consulted_at: datetime.datetime,
    handled_at: datetime.datetime,
    actions: str,
    acting_user: User,
    now: datetime.datetime | None = None,
) -> EmergencyHandling:
    """M-E1: record an emergency handled without a meeting, after consulting a principal leader
    (secretary or deputy secretary). The after-report to the team is due at the latest by the
    next regular meeting, i.e. within the standing meeting interval (M-C1); the deadline engine
    reminds until an agenda item of a team meeting reports it."""
    by = person_of(acting_user)
    now = acting_at(now)
    if handled_at > now or consulted_at > now:
        raise ValidationError(MSG_HANDLING_CANNOT_BE_IN_FUTURE)
    if not actions.strip():
        raise ValidationError({"actions": MSG_SAY_WHAT_DONE})
    day = timezone.localdate(consulted_at)
    leaders = {a.person_id for a in roles_on(committee, day) if a.role in (Role.SECRETARY, Role.DEPUTY_SECRETARY)}
    if principal_consulted.pk not in leaders:
        raise RuleViolation(
            "M-E1",
            MSG_NOT_PRINCIPAL_LEADER_SECRETARY_DEPUTY_SECRETARY
            % {"person": principal_consulted, "committee": committee, "date": day.isoformat()},
        )
    if consulted_at > handled_at:
        raise RuleViolation("M-E1", str(MSG_PRINCIPAL_LEADER_CONSULTED_BEFORE_EMERGENCY_HANDLED))
    version = current_rules(committee)
    due_at = rules.after_report_due_at(handled_at, version.standing_meeting_interval_months)
    emergency = EmergencyHandling(
        committee=committee,
        title=title,
        handled_by=handled_by,
        principal_consulted=principal_consulted,
        consulted_at=consulted_at,
        handled_at=handled_at,
        actions=actions.strip(),
        report_due_at=due_at,
        recorded_by=by,
        rule_set_version=version,
    )
    acting(emergency, acting_user).save()
    _remind_of_after_report(emergency, now=now, acting_user=acting_user)
    return emergency


def _remind_of_after_report(emergency: EmergencyHandling, *, now: datetime.datetime, acting_user: User) -> None:
    """M-E1: the deadline engine reminds whoever handled the emergency (and tells the principal
    leader consulted) until the after-report is tabled."""
    deadlines.register(
        subject=emergency,
        committee=emergency.committee,
        title=stored(phrases.DEADLINE_EMERGENCY_HANDLING, title=emergency.title),
        due_at=emergency.report_due_at,
        rule_id="M-E1",
        schedule=days_schedule(before=(7, 1)),
        owner=emergency.handled_by,
        notify=[emergency.principal_consulted],
        url=page_url("meetings_emergency_detail", emergency.pk),
        rule_set_version=emergency.rule_set_version,
        now=now,
        acting_user=acting_user,
    )


@transaction.atomic
def table_emergency_report(emergency: EmergencyHandling, *, meeting: Meeting, acting_user: User, at=None) -> AgendaItem:
    """M-E1: put the after-report on a team meeting's agenda. Closing that item's discussion
    settles the obligation."""
    if emergency.is_reported:
        raise ValidationError(MSG_EMERGENCY_ALREADY_REPORTED_TEAM)
    if meeting.kind not in rules.TEAM_MEETING_KINDS:
        raise ValidationError(MSG_AFTER_REPORT_MADE_TEAM_STANDING_COMMITTEE)
    return add_item(
        committee=emergency.committee,
        meeting=meeting,
        title=_("Report on an emergency handled without a meeting: %(title)s") % {"title": emergency.title},
        description=emergency.actions,
        category=AgendaCategory.EMERGENCY,
        proposed_by=emergency.handled_by,
        member_in_charge=emergency.handled_by,
        emergency=emergency,
        acting_user=acting_user,
        at=at,
    )


def settle_emergency(item: AgendaItem, at: datetime.datetime, *, acting_user: User) -> None:
    """M-E1: closing the discussion of the after-report item meets the obligation."""
    emergency = EmergencyHandling.objects.select_for_update().get(pk=item.emergency_id)
    if emergency.is_reported:
        return
    emergency.reported_item = item
    emergency.reported_at = at
    acting(emergency, acting_user).save(update_fields=["reported_item", "reported_at"])
    deadlines.met(emergency, at=at, rule_id="M-E1", acting_user=acting_user)
