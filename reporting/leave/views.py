from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import bounds, documents
from committees.actors import person_of
from committees.context_processors import shows_years
from committees.errors import refusals_in_messages, refusals_on
from committees.models import TEAM_ROLES, Person, Role
from committees.paging import page_of
from committees.redirects import redirect_next
from committees.selectors import can_manage, committees_where_holding, current_rules, visible_people
from reporting import deadlines

from . import pdf, rules, selectors, services
from .forms import DecisionForm, DutyForm, EditForm, LeaveFilter, LeaveRequestForm, ReportBackForm, StepFilter
from .models import LeaveRequest, LeaveState, LeaveStep


def _visible(user, pk: int) -> LeaveRequest:
    try:
        return selectors.request_detail(user, pk)
    except LeaveRequest.DoesNotExist:
        raise Http404


def _committee(user, pk: int, calendar: bool = False):
    committees = selectors.calendar_committees(user) if calendar else selectors.summary_committees(user)
    return get_object_or_404(committees, pk=pk)


@login_required
def my_requests(request):
    """My requests (L-1) with their state."""
    filterset = LeaveFilter(request.GET or None, queryset=selectors.my_requests(request.user))
    page = page_of(request, filterset.qs)
    return render(
        request,
        "reporting/leave/mine.html",
        {
            "filter": filterset,
            "page": page,
            "today": timezone.localdate(),
            # As ``request_create``: a team member with a person record (the superuser has none).
            "can_ask": person_of(request.user) is not None
            and committees_where_holding(request.user, TEAM_ROLES).exists(),
            "committees": selectors.calendar_committees(request.user).order_by("name")[:20],
            "managed": set(selectors.summary_committees(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    person = person_of(request.user)
    committees = committees_where_holding(request.user, TEAM_ROLES).order_by("name")
    if person is None or not committees.exists():
        raise PermissionDenied
    people = visible_people(request.user).exclude(pk=person.pk).order_by("name")
    form = LeaveRequestForm(
        request.POST or None, committees=committees, people=people, initial={"committee": committees.first()}
    )
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            leave = services.submit(person=person, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Your request was submitted: %(rule)s.") % {"rule": leave.chain_rule_text})
            return redirect("leave_detail", pk=leave.pk)
    return render(request, "reporting/leave/form.html", {"form": form, "title": _("Ask for leave or report a trip")})


def _detail_context(request, leave: LeaveRequest) -> dict:
    person = person_of(request.user)
    today = timezone.localdate()
    all_steps = selectors.chain_steps(leave)
    current = [s for s in all_steps if s.round == leave.round]
    current.sort(key=lambda s: s.order)
    for step in current:
        step.can_decide = services.can_decide(person, step, today)
    return {
        "leave": leave,
        "steps": current,
        "earlier_steps": [s for s in all_steps if s.round != leave.round],
        "deadlines": deadlines.for_subject(leave),
        "is_own": person is not None and person.pk == leave.person_id,
        "flag_started": leave.starts_before_approval(today),
        "needs_report_back": leave.state == LeaveState.APPROVED
        and leave.returned_at is None
        and rules.needs_report_back(leave.calendar_days, leave.rule_set_version.town_trip_report_over_days),
        "decision_form": DecisionForm(),
        "report_back_form": ReportBackForm(),
        "now": timezone.now(),
    }


@login_required
def request_detail(request, pk: int):
    leave = _visible(request.user, pk)
    shows_years(request, [leave.start_date.year, leave.end_date.year])  # L-3..L-6 count working days
    return render(request, "reporting/leave/detail.html", _detail_context(request, leave))


@login_required
def request_pdf(request, pk: int):
    """L-7: the uniform printable form (请假条 / 外出报告单), laid out to GB/T 9704 (issue 15): PDF,
    or .docx with ``?format=docx``."""
    leave = _visible(request.user, pk)
    document = pdf.leave_form(leave, _detail_context(request, leave)["steps"])
    return documents.download(document, request.GET.get("format", "pdf"), f"leave-{leave.pk}", f"leave {leave.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk: int):
    """A returned request is corrected and resubmitted; a waiting or approved one changes dates."""
    leave = _visible(request.user, pk)
    person = person_of(request.user)
    if (
        person is None
        or person.pk != leave.person_id
        or leave.state
        not in (
            LeaveState.RETURNED,
            LeaveState.SUBMITTED,
            LeaveState.APPROVED,
        )
    ):
        raise PermissionDenied
    dates_only = leave.state != LeaveState.RETURNED
    initial = {name: getattr(leave, name) for name in EditForm.base_fields}
    form = EditForm(request.POST or None, initial=initial, dates_only=dates_only)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            if dates_only:
                services.change_dates(leave, acting_user=request.user, **form.cleaned_data)
            else:
                services.resubmit(leave, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The request was updated."))
            return redirect("leave_detail", pk=leave.pk)
    return render(
        request, "reporting/leave/form.html", {"form": form, "leave": leave, "title": _("Change the request")}
    )


@login_required
@require_POST
def request_withdraw(request, pk: int):
    leave = _visible(request.user, pk)
    person = person_of(request.user)
    if person is None or person.pk != leave.person_id:
        raise PermissionDenied
    with refusals_in_messages(request):
        services.withdraw(leave, acting_user=request.user)
    return redirect("leave_detail", pk=leave.pk)


@login_required
@require_POST
def request_report_back(request, pk: int):
    """L-6: report back (销假) with a short briefing."""
    leave = _visible(request.user, pk)
    person = person_of(request.user)
    if person is None or person.pk != leave.person_id:
        raise PermissionDenied
    form = ReportBackForm(request.POST)
    if form.is_valid():
        with refusals_on(form):
            services.report_back(leave, briefing=form.cleaned_data["briefing"], acting_user=request.user)
            messages.success(request, _("You reported back."))
            return redirect("leave_detail", pk=leave.pk)
    context = _detail_context(request, leave)
    context["report_back_form"] = form
    return render(request, "reporting/leave/detail.html", context, status=400)


@login_required
@require_POST
def step_decide(request, pk: int):
    """One click: approve / reject / return, or acknowledge a filing, with the annotation (L-7)."""
    step = get_object_or_404(LeaveStep.objects.select_related("request"), pk=pk)
    leave = _visible(request.user, step.request_id)
    person = person_of(request.user)
    if not services.can_decide(person, step, timezone.localdate()):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        with refusals_on(form):
            services.decide(step, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Your decision was recorded."))
            return redirect_next(request, "leave_inbox")
    context = _detail_context(request, leave)
    context["decision_form"] = form
    context["decision_step"] = step.pk
    return render(request, "reporting/leave/detail.html", context, status=400)


@login_required
def approval_inbox(request):
    """Pending steps named to the user, with the chain rule and one-click decisions."""
    filterset = StepFilter(request.GET or None, queryset=selectors.approval_inbox(request.user))
    page = page_of(request, filterset.qs)
    return render(
        request,
        "reporting/leave/inbox.html",
        {"filter": filterset, "page": page, "today": timezone.localdate(), "filing": False},
    )


@login_required
def filing_inbox(request):
    """The organisation department's filing inbox (备案)."""
    filterset = StepFilter(request.GET or None, queryset=selectors.filing_inbox(request.user))
    page = page_of(request, filterset.qs)
    return render(
        request,
        "reporting/leave/inbox.html",
        {"filter": filterset, "page": page, "today": timezone.localdate(), "filing": True},
    )


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if bounds.parse_year(year) is None:
        return today.year, today.month
    return year, month


@login_required
def leave_calendar(request, pk: int):
    """Who of the committee is away when, in a month."""
    committee = _committee(request.user, pk, calendar=True)
    year, month = _month(request)
    start, end = selectors.month_range(year, month)
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    rows = []
    for leave in selectors.absences(committee, start, end):
        rows.append((leave, [leave.start_date <= day <= leave.end_date for day in days]))
    page = page_of(request, rows)
    return render(
        request,
        "reporting/leave/calendar.html",
        {"committee": committee, "days": days, "page": page, "month": f"{year:04d}-{month:02d}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def presence(request, pk: int):
    """L-9: days present in town per member this month, the holiday duty rota and its gaps."""
    committee = _committee(request.user, pk)
    year, month = _month(request)
    start, end = selectors.month_range(year, month)
    form = DutyForm(
        request.POST or None, people=Person.objects.filter(pk__in=[p.pk for p in selectors.team(committee, end)])
    )
    if request.method == "POST":
        if not can_manage(request.user, committee):
            raise PermissionDenied
        if form.is_valid():
            services.set_duty(
                committee, form.cleaned_data["date"], list(form.cleaned_data["people"]), acting_user=request.user
            )
            messages.success(request, _("The duty rota was saved."))
            return redirect(f"{request.path}?month={form.cleaned_data['date']:%Y-%m}")
    return render(
        request,
        "reporting/leave/presence.html",
        {
            "form": form,
            "rota": sorted(selectors.duty_rota(committee, start, end).items()),
            "can_manage": can_manage(request.user, committee),
            "committee": committee,
            "rows": selectors.presence(committee, year, month),
            "required": current_rules(committee).town_days_present_per_month,
            "uncovered": selectors.uncovered_holidays(committee, start, end),
            "month": f"{year:04d}-{month:02d}",
            "is_town": committee.is_town_level,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary(request, pk: int):
    """L-8: the half-year summary as a page, PDF (?format=pdf), .docx (?format=docx) or Excel
    (?format=xlsx)."""
    committee = _committee(request.user, pk)
    try:
        day = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        day = timezone.localdate()
    start, end = rules.period_of(day, current_rules(committee).leave_summary_interval_months)
    if request.method == "POST":
        if not can_manage(request.user, committee) or person_of(request.user) is None:
            raise PermissionDenied
        record = services.ensure_summary(committee, start, acting_user=request.user)
        services.send_summary(record, acting_user=request.user)
        messages.success(request, _("The summary was recorded as sent."))
        return redirect(f"{request.path}?start={start.isoformat()}")
    requests = list(selectors.summary_requests(committee, start, end))
    context = {
        "committee": committee,
        "start": start,
        "end": end,
        "requests": requests,
        "previous": rules.period_of(start - datetime.timedelta(days=1), 6)[0],
        "record": committee.leave_summaries.filter(period_start=start).first(),
        "can_send": can_manage(request.user, committee),
        "generated_at": timezone.now(),
        "principal_role": Role.SECRETARY,
    }
    output = request.GET.get("format")
    if output in ("pdf", "docx"):
        record = context["record"]
        sent_on = timezone.localtime(record.sent_at).date() if record and record.sent_at else None
        document = pdf.summary_document(committee, start, end, requests, sent_on)
        where = f"leave summary {committee.pk} {start}"
        return documents.download(document, output, f"leave-summary-{start.isoformat()}", where)
    if output == "xlsx":
        response = HttpResponse(
            pdf.summary_workbook(committee, start, end, requests),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="leave-summary-{start.isoformat()}.xlsx"'
        return response
    return render(request, "reporting/leave/summary.html", context)
