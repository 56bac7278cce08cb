"""The agenda builder (M-N2: collect, approve, order, defer, withdraw, schedule items), one item's
page with its three forms – edit, attach materials (M-N1, M-N5), written opinion (M-D3) – and the
downloads of its materials (M-M7)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees.errors import refusals_in_messages, refusals_on
from committees.selectors import can_manage
from meetings.forms import AgendaItemForm, AttachmentForm, ItemEditForm, ScheduleForm, WrittenOpinionForm
from meetings.models import AgendaAttachment, AgendaItem, ItemStatus, MeetingStatus, WrittenOpinion
from meetings.selectors.access import log_item_read, may_see_materials, visible_items
from meetings.selectors.agenda import ItemAccess, agenda_pool, item_access, item_records
from meetings.selectors.attendance import team_members
from meetings.selectors.console import console
from meetings.services.agenda import (
    add_attachment,
    add_item,
    approve_item,
    defer_item,
    move_item,
    schedule_item,
    update_item,
    withdraw_item,
)
from meetings.services.session import submit_written_opinion

from .shared import back_to_item, item_action, item_or_404, managed_meeting, next_or


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk: int):
    """The agenda builder: collect items, approve (principal leader), order, defer, pull back
    deferred items from the pool."""
    meeting = managed_meeting(request, pk)
    members = team_members(meeting.committee, meeting.date)
    form = AgendaItemForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            item = add_item(
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
                acting_user=request.user,
            )
            messages.success(request, _("“%(title)s” was added to the agenda.") % {"title": item.title})
            return redirect("meetings_agenda", pk=meeting.pk)
    board = console(meeting, request.user)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "console": board,
            "form": form,
            "pool": agenda_pool(meeting.committee),
        },
    )


@login_required
@require_POST
def item_approve(request, pk: int):
    """M-N2: only the principal leader; the service refuses anyone else, citing the rule."""
    item, _result = item_action(
        request,
        pk,
        lambda item: approve_item(item, acting_user=request.user),
        _("“%(title)s” was approved."),
        manager_only=False,
    )
    return next_or(request, back_to_item(item))


@login_required
@require_POST
def item_move(request, pk: int):
    offset = -1 if request.POST.get("direction") == "up" else 1
    item, _result = item_action(request, pk, lambda i: move_item(i, offset=offset, acting_user=request.user), "")
    return redirect("meetings_agenda", pk=item.meeting_id) if item.meeting_id else back_to_item(item)


@login_required
@require_POST
def item_schedule(request, pk: int):
    item = item_or_404(request, pk)
    if not can_manage(request.user, item.committee):
        raise PermissionDenied
    meetings = item.committee.meetings.exclude(status=MeetingStatus.CLOSED)
    form = ScheduleForm(request.POST, meetings=meetings)
    if not form.is_valid():
        messages.error(request, _("Choose a meeting."))
        return back_to_item(item)
    with refusals_in_messages(request):
        schedule_item(item, meeting=form.cleaned_data["meeting"], acting_user=request.user)
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
    return redirect("meetings_agenda", pk=form.cleaned_data["meeting"].pk)


@login_required
@require_POST
def item_defer(request, pk: int):
    reason = request.POST.get("reason", "")[:200]
    item, _result = item_action(
        request,
        pk,
        lambda i: defer_item(i, acting_user=request.user, reason=reason),
        _("“%(title)s” was deferred."),
    )
    return next_or(request, back_to_item(item))


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item, _result = item_action(
        request, pk, lambda i: withdraw_item(i, acting_user=request.user), _("“%(title)s” was withdrawn.")
    )
    return next_or(request, back_to_item(item))


# --------------------------------------------------------------------------- one item's page


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request, pk: int):
    """One item: edit it (before it is taken up), its attachments (M-N5), written opinions (M-D3).
    A POST names its form (``form=edit|attach|opinion``), which its own handler saves."""
    item = item_or_404(request, pk)
    access = item_access(request.user, item)
    forms = _item_forms(request, item, access)
    if request.method == "POST":
        which = request.POST.get("form")
        form = forms.get(which)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                ITEM_FORM_HANDLERS[which](request, item, form.cleaned_data)
                return redirect("meetings_item", pk=item.pk)
    records = item_records(item, access)
    if access.may_see:
        log_item_read(request.user, item, what="page")
    return render(
        request,
        "meetings/item.html",
        {
            "item": item,
            "is_manager": access.is_manager,
            "may_see": access.may_see,
            "attachments": records.attachments,
            "opinions": records.opinions,
            "recusals": records.recusals,
            "warnings": records.warnings,
            "edit_form": forms["edit"] if access.is_manager and not item.is_taken_up else None,
            "attachment_form": forms["attach"],
            "opinion_form": forms["opinion"],
            "schedule_form": ScheduleForm(meetings=records.schedule_meetings)
            if records.schedule_meetings is not None
            else None,
            "amendments": records.amendments,
        },
    )


def _item_forms(request, item: AgendaItem, access: ItemAccess) -> dict:
    """The page's three forms, the posted one bound: edit and attach for the managers, the
    written opinion while the item is not yet taken up, for those who may give one."""
    posted = request.POST.get("form")

    def data(name):
        return request.POST if posted == name else None

    def files(name):
        return request.FILES if posted == name else None

    forms = {"edit": None, "attach": None, "opinion": None}
    if access.is_manager:
        forms["edit"] = ItemEditForm(
            data("edit"),
            members=access.members,
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
        forms["attach"] = AttachmentForm(data("attach"), files("attach"))
    if access.opinion_people.exists() and item.status in (ItemStatus.PROPOSED, ItemStatus.APPROVED):
        forms["opinion"] = WrittenOpinionForm(data("opinion"), files("opinion"), members=access.opinion_people)
    return forms


def _save_item(request, item: AgendaItem, data: dict) -> None:
    update_item(item, acting_user=request.user, **data)
    messages.success(request, _("The item was saved."))


def _attach(request, item: AgendaItem, data: dict) -> None:
    add_attachment(item, file=data["file"], kind=data["kind"], acting_user=request.user)
    messages.success(request, _("The attachment was added."))


def _record_opinion(request, item: AgendaItem, data: dict) -> None:
    submit_written_opinion(
        item,
        person=data["person"],
        text=data["text"],
        file=data["file"],
        position=data["position"],
        submitted_at=data["submitted_at"],
        acting_user=request.user,
    )
    messages.success(request, _("The written opinion was recorded."))


#: The form a POST names → what saves it.
ITEM_FORM_HANDLERS = {"edit": _save_item, "attach": _attach, "opinion": _record_opinion}


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(AgendaAttachment.objects.select_related("item__meeting"), pk=pk)
    item = attachment.item
    if not visible_items(request.user).filter(pk=item.pk).exists() or not may_see_materials(request.user, item):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    log_item_read(request.user, item, what="attachment")
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
def opinion_file(request, pk: int):
    opinion = get_object_or_404(WrittenOpinion.objects.select_related("item__meeting"), pk=pk)
    item = opinion.item
    if not visible_items(request.user).filter(pk=item.pk).exists() or not may_see_materials(request.user, item):
        raise Http404
    if not opinion.file:
        raise Http404
    try:
        handle = opinion.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=opinion.file.name.rsplit("/", 1)[-1])
