"""Public opinion pages (X-1): the entries one sees, recording one, an entry on its way with the
step its reader may take, and a committee's month by source, topic and outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import documents
from committees.errors import refusals_on
from committees.paging import page_of
from committees.selectors import committees_where_holding, current_rules, visible_committees

from . import printing, selectors, services
from .forms import AnalyseForm, AnswerForm, CollectForm, DecideForm, ListForm, MonthForm, ScreenOutForm, SubmitForm
from .models import OpinionState


@login_required
@require_GET
def entry_list(request):
    """X-1: the entries of the committees one sees and of the units one sees, newest first."""
    form = ListForm(request.GET or None)
    entries = selectors.visible_entries(request.user)
    if form.is_valid():
        if month := form.cleaned_data.get("month"):
            entries = entries.filter(received_on__year=month.year, received_on__month=month.month)
        if state := form.cleaned_data.get("state"):
            entries = entries.filter(state=state)
    offices = committees_where_holding(request.user, services.OFFICE_ROLES).order_by("name")
    return render(
        request,
        "reporting/opinions/list.html",
        {
            "form": form,
            "page": page_of(request, entries),
            "can_collect": committees_where_holding(request.user, services.SOURCE_ROLES).exists(),
            "offices": offices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request):
    """X-1: an opinion received by one's village, branch or department."""
    sources = committees_where_holding(request.user, services.SOURCE_ROLES).order_by("name")
    form = CollectForm(request.POST or None, sources=sources, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            entry = services.collect(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The opinion is recorded; verify it and send it to the party office."))
            return redirect("opinion_detail", pk=entry.pk)
    return render(
        request,
        "reporting/opinions/new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


#: The steps: the form, the service, who may (a predicate of the user and the entry), the message.
STEPS = {
    "submit": (
        SubmitForm,
        services.submit,
        lambda user, entry: services.may_collect(user, entry.source),
        gettext_lazy("Sent to the party office."),
    ),
    "screen_out": (
        ScreenOutForm,
        services.screen_out,
        lambda user, entry: services.may_collect(user, entry.source),
        gettext_lazy("Kept and not sent."),
    ),
    "analyse": (
        AnalyseForm,
        services.analyse,
        lambda user, entry: services.may_handle(user, entry.committee),
        gettext_lazy("The analysis is recorded."),
    ),
    "decide": (
        DecideForm,
        services.decide,
        lambda user, entry: services.may_handle(user, entry.committee),
        gettext_lazy("The decision is recorded; tell the source in time."),
    ),
    "answer": (
        AnswerForm,
        services.answer,
        lambda user, entry: services.may_handle(user, entry.committee),
        gettext_lazy("The source is told."),
    ),
}
#: Which steps an entry in each state offers.
STEPS_IN = {
    OpinionState.COLLECTED: ("submit", "screen_out"),
    OpinionState.SUBMITTED: ("analyse",),
    OpinionState.ANALYSED: ("analyse", "decide"),
    OpinionState.DECIDED: ("answer",),
}


def _detail(request, entry, bound=None, status=200):
    steps = []
    for name in STEPS_IN.get(entry.state, ()):
        form_class, _service, allowed, _done = STEPS[name]
        if allowed(request.user, entry):
            initial = {"topic": entry.topic} if name == "analyse" else None
            form = bound if bound is not None and bound[0] == name else (name, form_class(initial=initial))
            steps.append(form)
    version = entry.rule_set_version
    return render(
        request,
        "reporting/opinions/detail.html",
        {
            "entry": entry,
            "steps": steps,
            "feedback_due": services.feedback_due_on(entry, version) if entry.decided_on else None,
        },
        status=status,
    )


@login_required
@require_GET
def entry_detail(request, pk: int):
    return _detail(request, get_object_or_404(selectors.visible_entries(request.user), pk=pk))


@login_required
@require_POST
def entry_step(request, pk: int, action: str):
    """One step of the entry's way (``STEPS``), by whoever the step's predicate allows."""
    step = action
    entry = get_object_or_404(selectors.visible_entries(request.user), pk=pk)
    if step not in STEPS:
        raise Http404
    form_class, service, allowed, done = STEPS[step]
    if not allowed(request.user, entry):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        with refusals_on(form):
            service(entry, acting_user=request.user, **form.cleaned_data)
            messages.success(request, done)
            return redirect("opinion_detail", pk=pk)
    return _detail(request, entry, (step, form), status=400)


def _month(request):
    form = MonthForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("month"):
        return form.cleaned_data["month"]
    return timezone.localdate().replace(day=1)


@login_required
@require_GET
def summary(request, pk: int):
    """X-1: a committee's month – received, screened out, pending, adopted (fully, partly), not
    adopted, and the source told – in all, by source unit and by topic."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    month = _month(request)
    return render(
        request,
        "reporting/opinions/summary.html",
        {
            "summary": selectors.monthly_summary(committee, month),
            "version": current_rules(committee),
            "month_text": f"{month:%Y-%m}",
        },
    )


@login_required
@require_GET
def summary_document(request, pk: int):
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    month = _month(request)
    document = printing.summary_document(selectors.monthly_summary(committee, month))
    where = f"opinions {committee.pk} {month:%Y-%m}"
    return documents.download(
        document, request.GET.get("format", "pdf"), f"opinions-{committee.pk}-{month:%Y-%m}", where
    )
