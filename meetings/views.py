"""Pages for the party office and the members: meeting list, the live meeting console, agenda
builder, notice, attendance, notices received, calendar feed, cadence and emergencies."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import bounds
from committees.models import TEAM_ROLES, Committee, Person, Role
from committees.redirects import is_on_site
from committees.rules import RuleViolation
from committees.selectors import manageable_committees, visible_committees, visible_people
from committees.services import revoke_calendar_feed
from reporting import deadlines

from . import archive, ics, pdf, rules, selectors, services
from .forms import (
    AgendaItemForm,
    AttachmentForm,
    BallotForm,
    ConsensusForm,
    DecisionFilter,
    DeferForm,
    DepartureForm,
    DistributeForm,
    EmergencyHandlingForm,
    InvalidateForm,
    ItemEditForm,
    LeaveForm,
    MeetingFilter,
    MeetingForm,
    MinutesFilter,
    MinutesSummaryForm,
    ObserverForm,
    PresenceForm,
    RecordBallotForm,
    RecusalForm,
    ReservationForm,
    ScheduleForm,
    StanceForm,
    VerifyForm,
    VoteCloseForm,
    VoteOpenForm,
    WrittenOpinionForm,
    YearForm,
)
from .models import (
    AgendaAttachment,
    AgendaItem,
    AttendanceRole,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    Vote,
    WrittenOpinion,
)


def _person(request) -> Person | None:
    return selectors.person_of(request.user)


def _meeting(request, pk: int) -> Meeting:
    try:
        return selectors.meeting_for_page(request.user, pk)
    except Meeting.DoesNotExist:
        raise Http404


def _managed_meeting(request, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    if not selectors.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _item(request, pk: int) -> AgendaItem:
    return get_object_or_404(selectors.visible_items(request.user), pk=pk)


def _refuse(request, error) -> None:
    """Refusals become messages on the page the action returns to."""
    if isinstance(error, RuleViolation):
        messages.error(request, str(error))
    else:
        for message in error.messages:
            messages.error(request, message)


def _form_error(form, error) -> None:
    form.add_error(None, str(error) if isinstance(error, RuleViolation) else error)


def _back_to_item(item: AgendaItem):
    if item.meeting_id:
        return redirect(f"{reverse('meetings_detail', args=[item.meeting_id])}#item-{item.pk}")
    return redirect("meetings_item", pk=item.pk)


def _team_members(committee: Committee, day: datetime.date):
    return (
        Person.objects.filter(roles__in=committee.roles.on(day).filter(role__in=TEAM_ROLES)).distinct().order_by("name")
    )


# --------------------------------------------------------------------------- list and create


@login_required
def meeting_list(request):
    committees = visible_committees(request.user).order_by("name")
    meetings = selectors.visible_meetings(request.user).order_by("-start_at", "-pk")
    filterset = MeetingFilter(request.GET or None, queryset=meetings, committees=committees)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_create": manageable_committees(request.user).exists(),
            "pending_emergencies": selectors.pending_emergency_reports(request.user)[:20],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    committees = manageable_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    people = visible_people(request.user).order_by("name")
    form = MeetingForm(request.POST or None, committees=committees, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(by=_person(request), **form.cleaned_data)
        except (ValidationError, RuleViolation) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The meeting was created. Build its agenda next."))
            return redirect("meetings_agenda", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _managed_meeting(request, pk)
    people = visible_people(request.user).order_by("name")
    initial = {
        "committee": meeting.committee,
        "kind": meeting.kind,
        "title": meeting.title,
        "start_at": timezone.localtime(meeting.start_at),
        "end_at": timezone.localtime(meeting.end_at),
        "place": meeting.place,
        "chair": meeting.chair,
        "recorder": meeting.recorder,
    }
    form = MeetingForm(
        request.POST or None,
        committees=Committee.objects.filter(pk=meeting.committee_id),
        people=people,
        meeting=meeting,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("committee", "kind")}
        try:
            services.update_meeting(meeting, by=_person(request), **data)
        except (ValidationError, RuleViolation) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


# --------------------------------------------------------------------------- the console


def _console_context(request, meeting: Meeting) -> dict:
    board = selectors.console(meeting, request.user)
    return {
        "meeting": meeting,
        "console": board,
        "stance_form": StanceForm(),
        "recusal_form": RecusalForm(members=Person.objects.filter(pk__in=board.due_ids)),
        "defer_form": DeferForm(),
    }


@login_required
def meeting_detail(request, pk: int):
    """The live meeting console: agenda with per-item quorum (M-Q6) and the stance grid."""
    meeting = _meeting(request, pk)
    context = _console_context(request, meeting)
    template = "meetings/_console.html" if request.htmx else "meetings/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def meeting_open(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        services.open_meeting(meeting, by=_person(request))
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The meeting is in session. Take the attendance."))
        return redirect("meetings_attendance", pk=meeting.pk)
    return redirect("meetings_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        warnings = services.close_meeting(meeting, by=_person(request))
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The meeting is closed. Items not reached went back to the pool."))
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("meetings_detail", pk=meeting.pk)


# --------------------------------------------------------------------------- agenda


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk: int):
    """The agenda builder: collect items, approve (principal leader), order, defer, pull back
    deferred items from the pool."""
    meeting = _managed_meeting(request, pk)
    members = _team_members(meeting.committee, meeting.date)
    form = AgendaItemForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.add_item(
                committee=meeting.committee,
                meeting=meeting,
                title=data["title"],
                category=data["category"],
                description=data["description"],
                proposed_by=data["proposed_by"],
                proposing_department=data["proposing_department"],
                member_in_charge=data["member_in_charge"],
                department_consent=data["department_consent"],
                is_confidential=True if data["is_confidential"] else None,
                needs_alternatives=data["needs_alternatives"],
                by=_person(request),
            )
        except (ValidationError, RuleViolation) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("“%(title)s” was added to the agenda.") % {"title": item.title})
            return redirect("meetings_agenda", pk=meeting.pk)
    board = selectors.console(meeting, request.user)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "console": board,
            "form": form,
            "pool": selectors.agenda_pool(meeting.committee),
        },
    )


def _item_action(request, pk: int, action, success: str, *, manager_only: bool = True):
    item = _item(request, pk)
    if manager_only and not selectors.can_manage(request.user, item.committee):
        raise PermissionDenied
    try:
        result = action(item)
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        if success:
            messages.success(request, success % {"title": item.title})
        return item, result
    return item, None


def _next_or(request, fallback):
    target = request.POST.get("next", "")
    return HttpResponseRedirect(target) if is_on_site(request, target) else fallback


@login_required
@require_POST
def item_approve(request, pk: int):
    """M-N2: only the principal leader; the service refuses anyone else, citing the rule."""
    item, _result = _item_action(
        request,
        pk,
        lambda item: services.approve_item(item, by=_person(request)),
        _("“%(title)s” was approved."),
        manager_only=False,
    )
    return _next_or(request, _back_to_item(item))


@login_required
@require_POST
def item_move(request, pk: int):
    offset = -1 if request.POST.get("direction") == "up" else 1
    item, _result = _item_action(request, pk, lambda i: services.move_item(i, offset=offset, by=_person(request)), "")
    return redirect("meetings_agenda", pk=item.meeting_id) if item.meeting_id else _back_to_item(item)


@login_required
@require_POST
def item_schedule(request, pk: int):
    item = _item(request, pk)
    if not selectors.can_manage(request.user, item.committee):
        raise PermissionDenied
    meetings = item.committee.meetings.exclude(status=MeetingStatus.CLOSED)
    form = ScheduleForm(request.POST, meetings=meetings)
    if not form.is_valid():
        messages.error(request, _("Choose a meeting."))
        return _back_to_item(item)
    try:
        services.schedule_item(item, meeting=form.cleaned_data["meeting"], by=_person(request))
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
    return redirect("meetings_agenda", pk=form.cleaned_data["meeting"].pk)


@login_required
@require_POST
def item_defer(request, pk: int):
    reason = request.POST.get("reason", "")[:200]
    item, _result = _item_action(
        request,
        pk,
        lambda i: services.defer_item(i, by=_person(request), reason=reason),
        _("“%(title)s” was deferred."),
    )
    return _next_or(request, _back_to_item(item))


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item, _result = _item_action(
        request, pk, lambda i: services.withdraw_item(i, by=_person(request)), _("“%(title)s” was withdrawn.")
    )
    return _next_or(request, _back_to_item(item))


@login_required
@require_POST
def item_take_up(request, pk: int):
    item, result = _item_action(request, pk, lambda i: services.take_up_item(i, by=_person(request)), "")
    if result is not None:
        messages.success(
            request,
            _("“%(title)s” is taken up: %(reason)s (%(rule)s)")
            % {"title": item.title, "reason": result.reason, "rule": result.rule_id},
        )
    return _back_to_item(item)


@login_required
@require_POST
def item_close(request, pk: int):
    item, _result = _item_action(
        request,
        pk,
        lambda i: services.close_discussion(i, by=_person(request)),
        _("The discussion of “%(title)s” is closed."),
    )
    return _back_to_item(item)


@login_required
@require_POST
def item_stance(request, pk: int):
    """M-D1: the office records each member's stance as they speak; a member may record their own."""
    item = _item(request, pk)
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or defer."))
        return _back_to_item(item)
    target = form.cleaned_data["person"]
    me = _person(request)
    if not selectors.can_manage(request.user, item.committee) and (me is None or me.pk != target.pk):
        raise PermissionDenied
    try:
        services.record_stance(
            item, person=target, stance=form.cleaned_data["stance"], reason=form.cleaned_data["reason"], by=me
        )
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The stance of %(person)s was recorded.") % {"person": target})
    return _back_to_item(item)


@login_required
@require_POST
def item_recuse(request, pk: int):
    item = _item(request, pk)
    if not selectors.can_manage(request.user, item.committee) or item.meeting_id is None:
        raise PermissionDenied
    due_ids = {a.person_id for a in selectors.members_due(item.meeting)}
    form = RecusalForm(request.POST, members=Person.objects.filter(pk__in=due_ids))
    if not form.is_valid():
        messages.error(request, _("Choose the member and the reason."))
        return _back_to_item(item)
    try:
        services.recuse(item, by=_person(request), **form.cleaned_data)
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("%(person)s is recused from this item.") % {"person": form.cleaned_data["person"]})
    return _back_to_item(item)


def _may_see_materials(request, item: AgendaItem) -> bool:
    """Confidential (personnel) materials: only members due and the managers of the meeting."""
    if not item.is_confidential or selectors.can_manage(request.user, item.committee):
        return True
    person = _person(request)
    if person is None or item.meeting_id is None:
        return False
    return person.pk in {a.person_id for a in selectors.members_due(item.meeting)}


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request, pk: int):
    """One item: edit it (before it is taken up), its attachments (M-N5), written opinions (M-D3)."""
    item = _item(request, pk)
    is_manager = selectors.can_manage(request.user, item.committee)
    may_see = _may_see_materials(request, item)
    day = item.meeting.date if item.meeting_id else timezone.localdate()
    members = _team_members(item.committee, day)
    edit_form = attachment_form = None
    if is_manager:
        edit_form = ItemEditForm(
            request.POST if request.POST.get("form") == "edit" else None,
            members=members,
            initial={
                "title": item.title,
                "category": item.category,
                "description": item.description,
                "member_in_charge": item.member_in_charge,
                "is_confidential": item.is_confidential,
                "needs_alternatives": item.needs_alternatives,
                "member_in_charge_absence_reason": item.member_in_charge_absence_reason,
            },
        )
        attachment_form = AttachmentForm(
            request.POST if request.POST.get("form") == "attach" else None,
            request.FILES if request.POST.get("form") == "attach" else None,
        )
    me = _person(request)
    opinion_people = Person.objects.none()
    if item.meeting_id:
        due_ids = {a.person_id for a in selectors.members_due(item.meeting)}
        if is_manager:
            opinion_people = Person.objects.filter(pk__in=due_ids).order_by("name")
        elif me is not None and me.pk in due_ids:
            opinion_people = Person.objects.filter(pk=me.pk)
    opinion_form = None
    if opinion_people.exists() and item.status in (ItemStatus.PROPOSED, ItemStatus.APPROVED):
        opinion_form = WrittenOpinionForm(
            request.POST if request.POST.get("form") == "opinion" else None,
            request.FILES if request.POST.get("form") == "opinion" else None,
            members=opinion_people,
        )
    if request.method == "POST":
        which = request.POST.get("form")
        form = {"edit": edit_form, "attach": attachment_form, "opinion": opinion_form}.get(which)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "edit":
                    services.update_item(item, by=me, **data)
                    messages.success(request, _("The item was saved."))
                elif which == "attach":
                    services.add_attachment(item, file=data["file"], kind=data["kind"], by=me)
                    messages.success(request, _("The attachment was added."))
                else:
                    services.submit_written_opinion(
                        item,
                        person=data["person"],
                        text=data["text"],
                        file=data["file"],
                        position=data["position"],
                        submitted_at=data["submitted_at"],
                        by=me,
                    )
                    messages.success(request, _("The written opinion was recorded."))
            except (ValidationError, RuleViolation) as error:
                _form_error(form, error)
            else:
                return redirect("meetings_item", pk=item.pk)
    schedule_form = None
    if is_manager and item.status in (ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.DEFERRED):
        targets = item.committee.meetings.exclude(status=MeetingStatus.CLOSED).exclude(pk=item.meeting_id)
        schedule_form = ScheduleForm(meetings=targets.order_by("start_at"))
    attachments = list(item.attachments.all()) if may_see else []
    if may_see:
        selectors.log_item_read(request.user, item, what="page")
    warnings = rules.attachment_warnings(
        item.category, [a.kind for a in item.attachments.all()], item.needs_alternatives
    )
    return render(
        request,
        "meetings/item.html",
        {
            "item": item,
            "is_manager": is_manager,
            "may_see": may_see,
            "attachments": attachments,
            "opinions": item.written_opinions.select_related("person") if may_see else [],
            "recusals": item.recusals.select_related("person"),
            "warnings": warnings,
            "edit_form": edit_form if is_manager and not item.is_taken_up else None,
            "attachment_form": attachment_form,
            "opinion_form": opinion_form,
            "schedule_form": schedule_form,
            "amendments": item.amendments.select_related("notice"),
        },
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(AgendaAttachment.objects.select_related("item__meeting"), pk=pk)
    item = attachment.item
    if not selectors.visible_items(request.user).filter(pk=item.pk).exists() or not _may_see_materials(request, item):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    selectors.log_item_read(request.user, item, what="attachment")
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
def opinion_file(request, pk: int):
    opinion = get_object_or_404(WrittenOpinion.objects.select_related("item__meeting"), pk=pk)
    item = opinion.item
    if not selectors.visible_items(request.user).filter(pk=item.pk).exists() or not _may_see_materials(request, item):
        raise Http404
    if not opinion.file:
        raise Http404
    try:
        handle = opinion.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=opinion.file.name.rsplit("/", 1)[-1])


# --------------------------------------------------------------------------- notice


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, pk: int):
    """Send the notice (M-N1) – or, once sent, see who received and acknowledged it."""
    meeting = _managed_meeting(request, pk)
    if request.method == "POST":
        try:
            services.send_notice(meeting, by=_person(request))
        except (ValidationError, RuleViolation) as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The notice was sent to every member due and the observers."))
            return redirect("meetings_notice", pk=meeting.pk)
    version = meeting.rule_set_version
    deadline = rules.notice_deadline(meeting.date, version.notice_working_days)
    notices = meeting.notices.prefetch_related("recipients__person").order_by("sent_at", "pk")
    return render(
        request,
        "meetings/notice.html",
        {
            "meeting": meeting,
            "console": selectors.console(meeting, request.user),
            "deadline": deadline,
            "is_late": timezone.localdate() > deadline,
            "notices": notices,
        },
    )


@login_required
@require_POST
def notify_amendments(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        sent = services.send_amendment_notice(meeting, by=_person(request))
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        if sent.is_in_time:
            messages.success(request, _("The agenda amendments were notified."))
        else:
            messages.warning(
                request,
                _(
                    "The amendments were notified after the M-N1 deadline: important matters they add cannot be "
                    "decided at this meeting (M-N3)."
                ),
            )
    return redirect("meetings_notice", pk=meeting.pk)


@login_required
def my_notices(request):
    page = Paginator(selectors.my_notices(request.user), 50).get_page(request.GET.get("page"))
    person = _person(request)
    feed = ""
    if person is not None:
        feed = request.build_absolute_uri(reverse("meetings_feed", args=[ics.feed_token(person)]))
    return render(request, "meetings/my_notices.html", {"page": page, "feed": feed})


@login_required
@require_POST
def feed_revoke(request):
    """The member's calendar feed address stops working (shared by mistake, a lost phone); the
    notices page shows the new one."""
    person = _person(request)
    if person is None:
        raise Http404
    revoke_calendar_feed(person, acting_user=request.user)
    messages.success(request, _("The old calendar feed address no longer works. Subscribe again with the new one."))
    return redirect("meetings_my_notices")


@login_required
@require_POST
def acknowledge(request, pk: int):
    recipient = get_object_or_404(selectors.my_notices(request.user), pk=pk)
    services.acknowledge_notice(recipient, person=_person(request))
    messages.success(request, _("Acknowledged."))
    return _next_or(request, redirect("meetings_my_notices"))


# --------------------------------------------------------------------------- attendance


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """Take the attendance: present (from when), left (at), leave (reason, approver), absent."""
    meeting = _managed_meeting(request, pk)
    day = meeting.date
    approvers = Person.objects.filter(
        roles__in=meeting.committee.roles.on(day).filter(role__in=[Role.SECRETARY, Role.DEPUTY_SECRETARY])
    ).distinct()
    if request.method == "POST":
        attendance_id = request.POST.get("attendance", "")
        if not attendance_id.isdigit():
            raise Http404
        row = get_object_or_404(meeting.attendances.select_related("person"), pk=attendance_id)
        action = request.POST.get("action")
        me = _person(request)
        try:
            if action == "present":
                form = PresenceForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Enter a valid arrival time."))
                services.mark_present(row, arrived_at=form.cleaned_data["arrived_at"], by=me)
            elif action == "left":
                form = DepartureForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Enter a valid departure time."))
                services.mark_left(row, left_at=form.cleaned_data["left_at"], by=me)
            elif action == "leave":
                form = LeaveForm(request.POST, approvers=approvers)
                if not form.is_valid():
                    raise ValidationError(_("Give the reason for the leave."))
                services.record_leave(
                    row, reason=form.cleaned_data["reason"], approved_by=form.cleaned_data["approved_by"], by=me
                )
            elif action == "absent":
                messages.warning(request, services.mark_absent(row, by=me))
            else:
                raise ValidationError(_("Unknown action."))
        except (ValidationError, RuleViolation) as error:
            _refuse(request, error)
        else:
            if action != "absent":
                messages.success(request, _("%(person)s: attendance recorded.") % {"person": row.display_name})
        return redirect("meetings_attendance", pk=meeting.pk)
    rows = list(meeting.attendances.select_related("person", "leave_approved_by").order_by("role", "pk"))
    due = selectors.members_due(meeting)
    observer_people = (
        Person.objects.filter(roles__committee__in=visible_committees(request.user))
        .exclude(pk__in=[a.person_id for a in due])
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "console": selectors.console(meeting, request.user),
            "members": [r for r in rows if r.role == AttendanceRole.MEMBER],
            "observers": [r for r in rows if r.role == AttendanceRole.OBSERVER],
            "due": due,
            "leave_form": LeaveForm(approvers=approvers),
            "presence_form": PresenceForm(),
            "departure_form": DepartureForm(),
            "observer_form": ObserverForm(people=observer_people),
            "approvers": approvers,
        },
    )


@login_required
@require_POST
def add_observer(request, pk: int):
    meeting = _managed_meeting(request, pk)
    people = Person.objects.filter(roles__committee__in=visible_committees(request.user)).distinct()
    form = ObserverForm(request.POST, people=people)
    if form.is_valid():
        try:
            services.add_observer(meeting, by=_person(request), **form.cleaned_data)
        except (ValidationError, RuleViolation) as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The observer was added."))
    else:
        messages.error(request, _("Choose a person or enter a name."))
    return redirect("meetings_attendance", pk=meeting.pk)


# --------------------------------------------------------------------------- calendar (.ics)


def _ics_response(meetings, name: str) -> HttpResponse:
    response = HttpResponse(ics.calendar(meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def meeting_ics(request, pk: int):
    return _ics_response([_meeting(request, pk)], f"meeting-{pk}.ics")


@login_required
def my_ics(request):
    person = _person(request)
    if person is None:
        raise Http404
    return _ics_response(selectors.meetings_of(person), "meetings.ics")


def feed(request, token: str):
    """The member's calendar feed for calendar clients: a signed, unguessable, revocable address."""
    person = ics.person_for_feed_token(token)
    if person is None:
        raise Http404
    return _ics_response(selectors.meetings_of(person), "meetings.ics")


# --------------------------------------------------------------------------- cadence


@login_required
def cadence(request, pk: int):
    """M-C1..M-C3: how the committee meets its required cadences in a year."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    today = timezone.localdate()
    form = YearForm(request.GET or None)
    year = (form.is_valid() and form.cleaned_data["year"]) or today.year
    rows, hours = selectors.cadence(committee, year, today)
    return render(
        request,
        "meetings/cadence.html",
        {
            "committee": committee,
            "year": year,
            "form": form,
            "rows": rows,
            "hours": hours,
            "absences": selectors.absences_without_leave(committee, year),
        },
    )


# --------------------------------------------------------------------------- emergencies (M-E1)


@login_required
def emergency_list(request):
    handlings = selectors.visible_emergency_handlings(request.user).order_by("reported_at", "-handled_at")
    page = Paginator(handlings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/emergency_list.html",
        {"page": page, "can_record": manageable_committees(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_create(request):
    committees = manageable_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    people = visible_people(request.user).order_by("name")
    form = EmergencyHandlingForm(request.POST or None, committees=committees, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            emergency = services.record_emergency_handling(by=_person(request), **form.cleaned_data)
        except (ValidationError, RuleViolation) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Recorded. Report it to the team at the next meeting (M-E1)."))
            return redirect("meetings_emergency_detail", pk=emergency.pk)
    return render(request, "meetings/emergency_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def emergency_detail(request, pk: int):
    emergency = get_object_or_404(selectors.visible_emergency_handlings(request.user), pk=pk)
    is_manager = selectors.can_manage(request.user, emergency.committee)
    meetings = (
        emergency.committee.meetings.filter(kind__in=services.TEAM_MEETING_KINDS)
        .exclude(status=MeetingStatus.CLOSED)
        .order_by("start_at")
    )
    form = ScheduleForm(request.POST or None, meetings=meetings)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                item = services.table_emergency_report(
                    emergency, meeting=form.cleaned_data["meeting"], by=_person(request)
                )
            except (ValidationError, RuleViolation) as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The after-report is on the agenda; the principal leader approves it."))
                return redirect("meetings_agenda", pk=item.meeting_id)
    return render(
        request,
        "meetings/emergency_detail.html",
        {
            "emergency": emergency,
            "form": form if is_manager and not emergency.is_reported else None,
            "deadlines": deadlines.for_subject(emergency),
            "items": emergency.report_items.select_related("meeting"),
        },
    )


# =========================================================================== votes (M-V1..M-V6)


def _vote(request, pk: int) -> Vote:
    return get_object_or_404(selectors.visible_votes(request.user), pk=pk)


def _vote_members(vote: Vote):
    """Members who may vote: present when the vote opened, not recused."""
    ids = set(vote.present_ids) - set(vote.recused_ids)
    return Person.objects.filter(pk__in=ids).order_by("name")


@login_required
@require_POST
def vote_open(request, pk: int):
    """Open the vote on an item whose discussion is closed (M-V1, M-V2, M-V7)."""
    item = _item(request, pk)
    if not selectors.can_manage(request.user, item.committee):
        raise PermissionDenied
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a vote method."))
        return _back_to_item(item)
    try:
        vote = services.open_vote(
            item,
            method=form.cleaned_data["method"] or None,
            reason=form.cleaned_data["reason"],
            is_emergency=form.cleaned_data["is_emergency"] or None,
            by=_person(request),
        )
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
        return _back_to_item(item)
    messages.success(request, _("The vote is open: %(method)s.") % {"method": vote.get_method_display()})
    return redirect("meetings_vote", pk=vote.pk)


def _vote_context(request, vote: Vote) -> dict:
    me = _person(request)
    can_manage = selectors.can_manage(request.user, vote.item.committee)
    may_vote = (
        vote.is_open
        and me is not None
        and me.pk in set(vote.present_ids) - set(vote.recused_ids)
        and not selectors.has_voted(vote, me)
    )
    members = _vote_members(vote)
    return {
        "vote": vote,
        "item": vote.item,
        "can_manage": can_manage,
        "may_vote": may_vote,
        "has_voted": selectors.has_voted(vote, me),
        "live": selectors.live_counts(vote) if vote.is_open else None,
        "voted_count": selectors.voted_count(vote),
        "eligible_count": len(members),
        "ballot_form": BallotForm(),
        "record_form": RecordBallotForm(members=members) if can_manage and not vote.is_secret else None,
        "close_form": VoteCloseForm(members=_team_members(vote.item.committee, vote.item.meeting.date))
        if can_manage and vote.is_open
        else None,
        "named_ballots": vote.ballots.select_related("person") if not vote.is_secret and not vote.is_open else [],
    }


@login_required
def vote_detail(request, pk: int):
    """The vote page: the voter's ballot, the live panel (counts only for open votes; a secret
    ballot shows only how many have voted until it closes, M-V6) and the result."""
    vote = _vote(request, pk)
    context = _vote_context(request, vote)
    template = "meetings/_vote_panel.html" if request.htmx else "meetings/vote.html"
    return render(request, template, context)


@login_required
@require_POST
def vote_cast(request, pk: int):
    """The member's own ballot (secret ballots only this way, from their own session), or the
    recorder entering a member's choice in an oral / show-of-hands / named vote."""
    vote = _vote(request, pk)
    me = _person(request)
    if "person" in request.POST:
        if not selectors.can_manage(request.user, vote.item.committee) or vote.is_secret:
            raise PermissionDenied
        form = RecordBallotForm(request.POST, members=_vote_members(vote))
        target = form.cleaned_data["person"] if form.is_valid() else None
    else:
        form = BallotForm(request.POST)
        target = me
    if target is None or not form.is_valid():
        messages.error(request, _("Choose yes, no or abstain."))
        return redirect("meetings_vote", pk=vote.pk)
    try:
        services.cast_ballot(vote, person=target, choice=form.cleaned_data["choice"], by=me)
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The vote was recorded."))
    return redirect("meetings_vote", pk=vote.pk)


@login_required
@require_POST
def vote_close(request, pk: int):
    vote = _vote(request, pk)
    if not selectors.can_manage(request.user, vote.item.committee):
        raise PermissionDenied
    form = VoteCloseForm(request.POST, members=_team_members(vote.item.committee, vote.item.meeting.date))
    if not form.is_valid():
        context = _vote_context(request, vote)
        context["close_form"] = form
        return render(request, "meetings/vote.html", context, status=400)
    data = form.cleaned_data
    try:
        vote = services.close_vote(
            vote,
            by=_person(request),
            resolution=data["resolution"],
            basis=data["basis"],
            responsible=data["responsible"],
            supervision=data["supervision"],
            refer_upward=data["refer_upward"],
            referral_note=data["referral_note"],
        )
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, vote.arithmetic)
    return redirect("meetings_vote", pk=vote.pk)


@login_required
@require_POST
def item_consensus(request, pk: int):
    """Decide without a vote (refused for M-V3 categories), or – at the secretary office and the
    five-person group – record a recommendation forwarded to the standing committee (M-V7)."""
    item = _item(request, pk)
    if not selectors.can_manage(request.user, item.committee):
        raise PermissionDenied
    form = ConsensusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the resolution."))
        return _back_to_item(item)
    try:
        if item.meeting and item.meeting.kind in rules.NON_DECISION_KINDS and request.POST.get("recommend"):
            services.record_recommendation(item, text=form.cleaned_data["resolution"], by=_person(request))
        else:
            services.decide_by_consensus(
                item, resolution=form.cleaned_data["resolution"], basis=form.cleaned_data["basis"], by=_person(request)
            )
    except (ValidationError, RuleViolation) as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Recorded."))
    return _back_to_item(item)


# =========================================================================== decisions (M-V8..M-V10, M-M6)


@login_required
def decision_list(request):
    """The decisions register: filter by committee, year, category, status; search the text."""
    committees = visible_committees(request.user).order_by("name")
    decisions = selectors.visible_decisions(request.user).order_by("-decided_at", "-pk")
    filterset = DecisionFilter(request.GET or None, queryset=decisions, committees=committees)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "meetings/decision_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk: int):
    decision = get_object_or_404(selectors.visible_decisions(request.user), pk=pk)
    can_manage = selectors.can_manage(request.user, decision.committee)
    me = _person(request)
    may_reserve = selectors.may_record_reservation(me, decision)
    reservation_form, invalidate_form = ReservationForm(), InvalidateForm()
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "reservation" and may_reserve:
                reservation_form = ReservationForm(request.POST)
                if reservation_form.is_valid():
                    try:
                        services.add_reservation(
                            decision,
                            person=me,
                            text=reservation_form.cleaned_data["text"],
                            report_upward=reservation_form.cleaned_data["report_upward"],
                        )
                    except RuleViolation as error:  # M-V8: one reservation per member
                        _form_error(reservation_form, error)
                    else:
                        return redirect("meetings_decision", pk=decision.pk)
            elif action == "reservation":
                raise PermissionDenied(selectors.MSG_RESERVATION_BY_MEMBERS_PRESENT)
            elif action == "invalidate" and can_manage and me is not None:
                invalidate_form = InvalidateForm(request.POST)
                if invalidate_form.is_valid():
                    services.invalidate_decision(
                        decision, reason=invalidate_form.cleaned_data["reason"], proposed_by=me, by=me
                    )
                    return redirect("meetings_decision", pk=decision.pk)
            elif action == "publish" and can_manage:
                services.publish_decision(decision)
                return redirect("meetings_decision", pk=decision.pk)
            elif action == "redeliberate" and can_manage and me is not None:
                item = services.table_redeliberation(decision, proposed_by=me, by=me)
                return redirect("meetings_item", pk=item.pk)
            else:
                raise PermissionDenied
        except (ValidationError, RuleViolation) as error:
            _refuse(request, error)
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "chain": decision.chain(),
            "reservations": decision.reservations.select_related("person"),
            "can_manage": can_manage,
            "reservation_form": reservation_form if may_reserve else None,
            "invalidate_form": invalidate_form if can_manage else None,
        },
    )


def public_decisions(request):
    """M-M6: the public notice page – decisions in force that are not confidential."""
    page = Paginator(selectors.published_decisions().order_by("-decided_at"), 50).get_page(request.GET.get("page"))
    return render(request, "meetings/public_decisions.html", {"page": page, "query": ""})


# =========================================================================== minutes (M-M1..M-M7)


@login_required
def minutes_list(request):
    committees = visible_committees(request.user).order_by("name")
    minutes = selectors.visible_minutes(request.user).order_by("-year", "-number", "-pk")
    filterset = MinutesFilter(request.GET or None, queryset=minutes, committees=committees)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "meetings/minutes_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


def _minutes(request, pk: int) -> Minutes:
    return get_object_or_404(selectors.visible_minutes(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_detail(request, pk: int):
    """The minutes: the recorder edits the draft, the chair approves (numbered, locked), the
    office distributes, recipients acknowledge. Confidential items only in the full version,
    and every read of it is logged (M-M3, M-M7)."""
    minutes = _minutes(request, pk)
    me = _person(request)
    meeting = minutes.meeting
    can_manage = selectors.can_manage(request.user, minutes.committee)
    summary_form = MinutesSummaryForm(initial={"summary": minutes.summary})
    people = visible_people(request.user).order_by("name")
    distribute_form = DistributeForm(people=people)
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "edit" and me is not None:
                summary_form = MinutesSummaryForm(request.POST)
                if summary_form.is_valid():
                    services.edit_minutes(minutes, by=me, **summary_form.cleaned_data)
                    return redirect("meetings_minutes", pk=minutes.pk)
            elif action == "approve" and me is not None:
                services.approve_minutes(minutes, by=me)
                return redirect("meetings_minutes", pk=minutes.pk)
            elif action == "correct" and me is not None and can_manage:
                correction = services.correct_minutes(minutes, by=me)
                return redirect("meetings_minutes", pk=correction.pk)
            elif action == "distribute" and can_manage:
                distribute_form = DistributeForm(request.POST, people=people)
                if distribute_form.is_valid():
                    services.distribute_minutes(
                        minutes,
                        departments=distribute_form.cleaned_data["departments"].splitlines(),
                        higher_leaders=distribute_form.cleaned_data["higher_leaders"],
                    )
                    return redirect("meetings_minutes", pk=minutes.pk)
            elif action == "acknowledge" and me is not None:
                recipient = minutes.recipients.filter(person=me).first()
                if recipient is None:
                    raise PermissionDenied
                services.acknowledge_minutes(recipient, person=me)
                return redirect("meetings_minutes", pk=minutes.pk)
            else:
                raise PermissionDenied
        except (ValidationError, RuleViolation) as error:
            _refuse(request, error)
    full = selectors.read_minutes(request.user, minutes, full=request.GET.get("version") != "distributed")
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "minutes": minutes,
            "content": minutes.content,
            "items": pdf.minutes_items(minutes, full=full),
            "full": full,
            "has_confidential": selectors.has_confidential_items(minutes),
            "may_edit": not minutes.is_locked and me is not None and me.pk in (meeting.recorder_id, meeting.chair_id),
            "may_approve": not minutes.is_locked and me is not None and me.pk == meeting.chair_id,
            "can_manage": can_manage,
            "summary_form": summary_form,
            "distribute_form": distribute_form,
            "recipients": minutes.recipients.select_related("person"),
            "my_copy": minutes.recipients.filter(person=me).first() if me else None,
        },
    )


@login_required
def minutes_pdf(request, pk: int):
    """The PDF (PDF/A-3b once approved); the full version only for those allowed, logged (M-M7)."""
    minutes = _minutes(request, pk)
    full = selectors.read_minutes(request.user, minutes, full=request.GET.get("version") != "distributed", what="pdf")
    if minutes.is_locked and pdf.is_large(minutes):
        data = pdf.stored_pdf(minutes, full=full)
        if data is None:
            from .tasks import render_minutes_pdf

            render_minutes_pdf.delay(minutes.pk, full)
            return render(request, "meetings/minutes_pdf_pending.html", {"minutes": minutes}, status=202)
    else:
        data = pdf.render_minutes_pdf(minutes, full=full)
    name = f"minutes-{minutes.year or 'draft'}-{minutes.number or minutes.pk}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_verify(request, pk: int):
    """Does a given PDF (or text / fingerprint) match what was approved?"""
    minutes = _minutes(request, pk)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        upload = form.cleaned_data["file"]
        if upload is not None:
            text += pdf.pdf_text(upload.read())
        result = services.matches_approved(minutes, text)
    return render(request, "meetings/minutes_verify.html", {"minutes": minutes, "form": form, "result": result})


@login_required
def archive_export(request, pk: int, year: int):
    """One-click archive export of a committee's year (ZIP): those who manage its meetings."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    if not selectors.can_manage(request.user, committee):
        raise PermissionDenied
    if bounds.parse_year(year) is None:
        raise Http404
    data = archive.archive_zip(request.user, committee, year)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="archive-{committee.pk}-{year}.zip"'
    return response
