from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees.actors import person_of
from committees.errors import refusals_on
from committees.models import Committee
from committees.paging import page_of
from committees.selectors import visible_people
from reporting import deadlines

from . import rules, selectors, services
from .forms import EmergencyFilter, EmergencyForm, FollowUpForm, ReportForm
from .models import Emergency, EmergencyAttachment


def _visible(user, pk: int) -> Emergency:
    try:
        return selectors.emergency_detail(user, pk)
    except Emergency.DoesNotExist:
        raise Http404


def _countdown(emergency: Emergency, now=None) -> rules.Countdown:
    report = emergency.first_report
    return rules.countdown(emergency.due_at, now or timezone.now(), report.sent_at if report else None)


@login_required
def emergency_list(request):
    emergencies = selectors.visible_emergencies(request.user)
    committees = Committee.objects.filter(pk__in=emergencies.values("committee_id")).order_by("name")
    filterset = EmergencyFilter(request.GET or None, queryset=emergencies, committees=committees)
    page = page_of(request, filterset.qs)
    now = timezone.now()
    rows = [(emergency, _countdown(emergency, now)) for emergency in page]
    return render(
        request,
        "reporting/emergencies/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "can_record": selectors.acting_committees(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_create(request):
    committees = selectors.acting_committees(request.user).order_by("name")
    if not committees.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("committee", "").isdigit():
        initial["committee"] = committees.filter(pk=request.GET["committee"]).first()
    people = visible_people(request.user).order_by("name")
    form = EmergencyForm(request.POST or None, committees=committees, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            emergency = services.record_emergency(recorded_by=person_of(request.user), acting_user=request.user, **data)
            messages.success(
                request,
                _("The emergency was recorded. Report it to the higher-level committee by %(due)s.")
                % {"due": timezone.localtime(emergency.due_at).strftime("%Y-%m-%d %H:%M")},
            )
            return redirect("emergencies_detail", pk=emergency.pk)
    return render(request, "reporting/emergencies/form.html", {"form": form})


@login_required
def emergency_detail(request, pk: int):
    emergency = _visible(request.user, pk)
    return render(
        request,
        "reporting/emergencies/detail.html",
        {
            "emergency": emergency,
            "report": emergency.first_report,
            "countdown": _countdown(emergency),
            "deadlines": deadlines.for_subject(emergency),
            "can_act": selectors.can_act(request.user, emergency.committee),
        },
    )


@login_required
def emergency_countdown(request, pk: int):
    """The live countdown, polled by the page every 30 seconds."""
    emergency = get_object_or_404(selectors.visible_emergencies(request.user), pk=pk)
    return render(
        request,
        "reporting/emergencies/_countdown.html",
        {"emergency": emergency, "countdown": _countdown(emergency)},
    )


def _actionable(request, pk: int) -> Emergency:
    emergency = _visible(request.user, pk)
    if not selectors.can_act(request.user, emergency.committee):
        raise PermissionDenied
    return emergency


@login_required
@require_http_methods(["GET", "POST"])
def emergency_report(request, pk: int):
    emergency = _actionable(request, pk)
    if emergency.first_report is not None:
        messages.info(request, services.MSG_ALREADY_REPORTED)
        return redirect("emergencies_detail", pk=emergency.pk)
    parent = emergency.committee.parent
    form = ReportForm(request.POST or None, request.FILES or None, initial={"recipient": parent.name if parent else ""})
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            report = services.send_report(
                emergency, sent_by=person_of(request.user), acting_user=request.user, **form.cleaned_data
            )
            if report.is_late:
                messages.warning(request, _("The report was recorded. It was sent after the time limit (R-1)."))
            else:
                messages.success(request, _("The report was recorded, within the time limit."))
            return redirect("emergencies_detail", pk=emergency.pk)
    return render(
        request,
        "reporting/emergencies/report_form.html",
        {"emergency": emergency, "form": form, "countdown": _countdown(emergency)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_follow_up(request, pk: int):
    emergency = _actionable(request, pk)
    if emergency.first_report is None:
        messages.info(request, services.MSG_FIRST_REPORT_FIRST)
        return redirect("emergencies_detail", pk=emergency.pk)
    form = FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.add_follow_up(
                emergency, recorded_by=person_of(request.user), acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The follow-up report was recorded."))
            return redirect("emergencies_detail", pk=emergency.pk)
    return render(request, "reporting/emergencies/follow_up_form.html", {"emergency": emergency, "form": form})


@login_required
def emergency_attachment(request, pk: int):
    visible = selectors.visible_emergencies(request.user).values("pk")
    attachment = get_object_or_404(
        EmergencyAttachment.objects.filter(Q(report__emergency__in=visible) | Q(follow_up__emergency__in=visible)),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
