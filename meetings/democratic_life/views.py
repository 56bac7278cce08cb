"""Pages of the yearly democratic life meeting: the list by committee and year, the record with
its preparation, meeting, postponements, rectification and report, and the higher-level
committee's inbox of postponement requests (DL-2)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import documents
from committees.errors import refusals_in_messages, refusals_on
from committees.models import Person
from committees.paging import page_of
from committees.selectors import manageable_committees, manages_any, visible_committees
from meetings.selectors.access import person_of

from . import printing, rules, selectors, services
from .forms import (
    CompleteForm,
    DecisionForm,
    MaterialForm,
    MeasureForm,
    OpinionForm,
    PlanForm,
    PostponementForm,
    RecordFilter,
    RecordForm,
    ReportForm,
    ScheduleForm,
    TalkForm,
)
from .models import ComparisonMaterial, DemocraticLifeRecord


def _person(request) -> Person | None:
    return person_of(request.user)


def _record(request, pk: int) -> DemocraticLifeRecord:
    try:
        return selectors.record_for_page(request.user, pk)
    except DemocraticLifeRecord.DoesNotExist:
        raise Http404 from None


def _managed(request, pk: int) -> DemocraticLifeRecord:
    record = _record(request, pk)
    if not selectors.can_manage_record(request.user, record):
        raise PermissionDenied
    return record


def _invalid(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _back(record: DemocraticLifeRecord, anchor: str = ""):
    response = redirect("democratic_life_detail", pk=record.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _members(record: DemocraticLifeRecord):
    return Person.objects.filter(pk__in=[a.person_id for a in selectors.members_due(record)]).order_by("name")


# --------------------------------------------------------------------------- list and create


@login_required
def record_list(request):
    """Every visible committee's democratic life meetings by year, with their status."""
    committees = visible_committees(request.user).order_by("name")
    year = timezone.localdate().year
    data = request.GET.copy() if request.GET else {"year": str(year)}
    filterset = RecordFilter(data, queryset=selectors.visible_records(request.user), committees=committees)
    page = page_of(request, filterset.qs.order_by("-year", "committee__name", "pk"))
    today = timezone.localdate()
    rows = [(record, selectors.status_of(record, today)) for record in page]
    shown_year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    missing = []
    if shown_year:
        missing = list(
            manageable_committees(request.user).exclude(democratic_life_records__year=shown_year).order_by("name")[:50]
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/democratic_life/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(record, status, rules.Status.label(status)) for record, status in rows],
            "query": query.urlencode(),
            "shown_year": shown_year,
            "missing": missing,
            "can_create": manages_any(request.user),
            "inbox_count": selectors.postponement_inbox(request.user).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request):
    committees = manageable_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("committee"):
        initial["committee"] = request.GET["committee"]
    if request.GET.get("year"):
        initial["year"] = request.GET["year"]
    form = RecordForm(request.POST or None, committees=committees, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            record = services.create_record(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The democratic life meeting was created. Prepare it next."))
            return redirect("democratic_life_detail", pk=record.pk)
    return render(request, "meetings/democratic_life/form.html", {"form": form})


# --------------------------------------------------------------------------- the record


@login_required
def record_detail(request, pk: int):
    record = _record(request, pk)
    board = selectors.overview(record, request.user)
    members = Person.objects.filter(pk__in=[a.person_id for a in board.due]).order_by("name")
    own = Person.objects.filter(pk=board.person.pk) if board.person and board.is_member_due else Person.objects.none()
    context = {
        "record": record,
        "board": board,
        "plan_form": PlanForm(initial={"theme": record.theme, "planned_date": record.planned_date}),
        "schedule_form": ScheduleForm(
            initial={
                "start_at": datetime.datetime.combine(record.planned_date, datetime.time(9))
                if record.planned_date
                else None,
                "end_at": datetime.datetime.combine(record.planned_date, datetime.time(12))
                if record.planned_date
                else None,
            }
        ),
        "opinion_form": OpinionForm(members=members, initial={"collected_on": timezone.localdate()}),
        "talk_form": TalkForm(members=members, initial={"talked_on": timezone.localdate()}),
        "material_form": MaterialForm(members=members if board.can_manage else own),
        "postponement_form": PostponementForm(),
        "measure_form": MeasureForm(members=members),
        "complete_form": CompleteForm(),
        "report_form": ReportForm(),
    }
    return render(request, "meetings/democratic_life/detail.html", context)


def _post(request, record, form, action, success: str, anchor: str):
    if not form.is_valid():
        _invalid(request, form)
        return _back(record, anchor)
    with refusals_in_messages(request):
        action(**form.cleaned_data)
        messages.success(request, success)
    return _back(record, anchor)


@login_required
@require_POST
def record_plan(request, pk: int):
    record = _managed(request, pk)
    form = PlanForm(request.POST)
    return _post(
        request,
        record,
        form,
        lambda **data: services.update_record(record, acting_user=request.user, **data),
        _("Saved."),
        "plan",
    )


@login_required
@require_POST
def record_schedule(request, pk: int):
    record = _managed(request, pk)
    form = ScheduleForm(request.POST)
    return _post(
        request,
        record,
        form,
        lambda **data: services.schedule_meeting(record, acting_user=request.user, **data),
        _("The meeting was scheduled. Send its notice on the meeting's page."),
        "meeting",
    )


@login_required
@require_POST
def record_opinion(request, pk: int):
    record = _managed(request, pk)
    form = OpinionForm(request.POST, members=_members(record))
    return _post(
        request,
        record,
        form,
        lambda **data: services.add_opinion(record, acting_user=request.user, **data),
        _("The opinion was recorded."),
        "opinions",
    )


@login_required
@require_POST
def record_talk(request, pk: int):
    record = _record(request, pk)
    me = _person(request)
    members = _members(record)
    form = TalkForm(request.POST, members=members)
    manages = selectors.can_manage_record(request.user, record)
    if not manages and (me is None or not members.filter(pk=me.pk).exists()):
        raise PermissionDenied
    if not manages and form.is_valid() and me.pk not in (form.cleaned_data["person"].pk, form.cleaned_data["other"].pk):
        raise PermissionDenied  # a member records their own talks
    return _post(
        request,
        record,
        form,
        lambda **data: services.record_talk(record, acting_user=request.user, **data),
        _("The talk was recorded."),
        "talks",
    )


@login_required
@require_POST
def record_material(request, pk: int):
    """A member submits their own material; the office may record it for them."""
    record = _record(request, pk)
    me = _person(request)
    if selectors.can_manage_record(request.user, record):
        members = _members(record)
    elif me is not None:
        members = _members(record).filter(pk=me.pk)
    else:
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES, members=members)
    return _post(
        request,
        record,
        form,
        lambda **data: services.submit_material(record, acting_user=request.user, **data),
        _("The material was submitted."),
        "members",
    )


@login_required
def material_file(request, pk: int):
    material = get_object_or_404(
        ComparisonMaterial.objects.filter(
            record__in=selectors.visible_records(request.user).values("pk")
        ).select_related("record__committee"),
        pk=pk,
    )
    me = _person(request)
    if not selectors.can_manage_record(request.user, material.record) and (me is None or me.pk != material.person_id):
        raise PermissionDenied
    if not material.file:
        raise Http404
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def record_postpone(request, pk: int):
    record = _managed(request, pk)
    form = PostponementForm(request.POST)
    return _post(
        request,
        record,
        form,
        lambda **data: services.request_postponement(record, acting_user=request.user, **data),
        _("The request went to the higher-level committee."),
        "postponements",
    )


@login_required
@require_POST
def record_measure(request, pk: int):
    record = _managed(request, pk)
    form = MeasureForm(request.POST, members=_members(record))
    return _post(
        request,
        record,
        form,
        lambda **data: services.add_measure(record, acting_user=request.user, **data),
        _("The measure was recorded; its deadline is watched."),
        "measures",
    )


@login_required
@require_POST
def measure_complete(request, pk: int):
    measure = get_object_or_404(selectors.visible_measures(request.user), pk=pk)
    record = measure.record
    me = _person(request)
    if not selectors.can_manage_record(request.user, record) and (me is None or me.pk != measure.responsible_id):
        raise PermissionDenied
    form = CompleteForm(request.POST)
    return _post(
        request,
        record,
        form,
        lambda **data: services.complete_measure(measure, acting_user=request.user, **data),
        _("The measure is completed."),
        "measures",
    )


@login_required
@require_POST
def record_report(request, pk: int):
    record = _managed(request, pk)
    form = ReportForm(request.POST, request.FILES)
    return _post(
        request,
        record,
        form,
        lambda **data: services.submit_report(record, acting_user=request.user, **data),
        _("The report was submitted to the higher-level committee and the discipline body."),
        "report",
    )


@login_required
def record_report_document(request, pk: int):
    """DL-4: the written report laid out to GB/T 9704 (issue 15) – PDF, or .docx with
    ``?format=docx`` – for whoever may see the record."""
    record = _record(request, pk)
    document = printing.report_document(record)
    where = f"democratic life record {record.pk}"
    return documents.download(document, request.GET.get("format", "pdf"), f"democratic-life-{record.pk}", where)


@login_required
@require_POST
def record_report_link(request, pk: int):
    record = _managed(request, pk)
    with refusals_in_messages(request):
        services.link_report(record, acting_user=request.user)
    return _back(record, "report")


@login_required
@require_POST
def record_discipline_copy(request, pk: int):
    record = _managed(request, pk)
    with refusals_in_messages(request):
        services.record_discipline_copy(record, acting_user=request.user)
    return _back(record, "report")


# --------------------------------------------------------------------------- DL-2 inbox


@login_required
def postponement_inbox(request):
    """The higher-level committee's decisions on postponement requests (DL-2)."""
    pending = selectors.postponement_inbox(request.user)
    decided = (
        selectors.visible_postponements(request.user)
        .filter(approving_committee__in=selectors.deciding_committees(request.user).values("pk"))
        .exclude(status="pending")
        .order_by("-decided_at", "-pk")[:20]
    )
    return render(
        request,
        "meetings/democratic_life/inbox.html",
        {"pending": pending, "decided": decided, "form": DecisionForm()},
    )


@login_required
@require_POST
def postponement_decide(request, pk: int):
    request_row = get_object_or_404(selectors.postponement_inbox(request.user), pk=pk)
    me = _person(request)
    if me is None:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("democratic_life_inbox")
    with refusals_in_messages(request):
        services.decide_postponement(request_row, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The decision was recorded."))
    return redirect("democratic_life_inbox")
