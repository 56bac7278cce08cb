"""Supervision pages (S-1..S-6): item list, detail with the workflow actions, registration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees import charts, documents
from committees.errors import refusals_in_messages, refusals_on
from committees.models import Committee, Person
from committees.paging import page_of, searched_page
from committees.selectors import committees_where_holding, in_visible_committees, visible_committees
from meetings.selectors.decisions import visible_decisions
from reporting import deadlines

from . import printing, rules, selectors, services, sources
from .filters import CaseFilter, InspectionFilter, ItemFilter
from .forms import (
    CaseFromSourceForm,
    CloseForm,
    DecideCaseForm,
    FeedbackForm,
    InquiryForm,
    InspectionForm,
    InstructionForm,
    ItemForm,
    MitigationForm,
    RectificationForm,
    ReplyForm,
    ResponsibilityForm,
    ReviewForm,
    SanctionForm,
    StepForm,
    UrgeForm,
    WaiverForm,
    YearForm,
)
from .models import AccountabilityCase, InquiryOutcome, ItemState, ReviewOutcome, SupervisionItem
from .rules import Action, Actor

REGISTERING_ROLES = rules.OFFICE_ROLES | rules.PRINCIPAL_ROLES


def _person(user) -> Person | None:
    return getattr(user, "person", None)


def _visible_item(user, pk: int) -> SupervisionItem:
    try:
        return selectors.item_detail(user, pk)
    except SupervisionItem.DoesNotExist:
        raise Http404 from None


@login_required
def item_list(request):
    filterset = ItemFilter(request.GET or None, queryset=selectors.item_list(request.user), request=request)
    page = searched_page(request, filterset)
    return render(
        request,
        "supervision/item_list.html",
        {
            "filter": filterset,
            "page": page,
            "registrable": list(committees_where_holding(request.user, REGISTERING_ROLES).order_by("name")),
        },
    )


@login_required
def board(request):
    """The inspectors' board: items by S-2 state (overdue first), with the same filters as the list,
    and charts of items by state and of the on-time rate by unit."""
    filterset = ItemFilter(request.GET or None, queryset=selectors.visible_items(request.user), request=request)
    items = filterset.qs
    today = timezone.localdate()
    columns = selectors.board_columns(items, today)
    by_state = charts.bar_chart(
        [(column.label, column.count) for column in columns],
        id="items-by-state",
        title=_("Items by state"),
        label_heading=_("State"),
        value_heading=_("Items"),
    )
    on_time = charts.rate_chart(
        selectors.on_time_by_unit(items, today),
        id="on-time-by-unit",
        title=_("On-time feedback by unit"),
        label_heading=_("Undertaking unit"),
        rate_heading=_("On time"),
        count_heading=_("On time / due"),
    )
    return render(
        request,
        "supervision/board.html",
        {
            "filter": filterset,
            "columns": columns,
            "total": sum(column.count for column in columns),
            "overdue": sum(column.overdue for column in columns),
            "by_state": by_state,
            "on_time": on_time,
            "today": today,
        },
    )


@dataclass(frozen=True)
class Step:
    """One workflow step of an item's page: its form, the service that takes it, and when the page
    offers it. The service decides whether the user may take it (S-2, refusals citing the rule);
    ``is_offered`` only says which forms the page shows."""

    heading: str
    take: Callable[[SupervisionItem, object, dict], object]
    is_offered: Callable[[SupervisionItem, set[str]], bool]
    form_class: type[forms.Form] | None = None
    multipart: bool = False

    def form(self, name: str, request=None) -> forms.Form:
        if self.form_class is None:
            return StepForm(request.POST) if request else StepForm()
        if request is None:
            return self.form_class(prefix=name)
        return self.form_class(request.POST, request.FILES, prefix=name)


def _in_transitions(action: str) -> Callable[[SupervisionItem, set[str]], bool]:
    """S-2: offered when the transition table lets one of the user's capacities take ``action`` now."""
    return lambda item, actors: action in rules.allowed_actions(item.state, actors)


def _review(item: SupervisionItem, user, data: dict):
    if data["outcome"] == ReviewOutcome.ACCEPTED:
        return services.accept(item, acting_user=user, opinions=data["opinions"])
    return services.reject(item, acting_user=user, opinions=data["opinions"], new_deadline=data["new_deadline"])


#: The steps of ``item_action``, in the order the page shows them; the key is the URL's ``action``.
STEPS: dict[str, Step] = {
    "approve": Step(
        gettext_lazy("Approve (principal leader)"),
        lambda item, user, data: services.approve(item, acting_user=user),
        _in_transitions(Action.APPROVE),
    ),
    "assign": Step(
        gettext_lazy("Assign to the unit"),
        lambda item, user, data: services.assign(item, acting_user=user),
        _in_transitions(Action.ASSIGN),
    ),
    "urge": Step(
        gettext_lazy("Record an urging contact"),
        lambda item, user, data: services.urge(item, acting_user=user, **data),
        _in_transitions(Action.URGE),
        UrgeForm,
    ),
    "feedback": Step(
        gettext_lazy("Submit feedback"),
        lambda item, user, data: services.submit_feedback(item, acting_user=user, **data),
        _in_transitions(Action.SUBMIT_FEEDBACK),
        FeedbackForm,
        multipart=True,
    ),
    "review": Step(gettext_lazy("Review the feedback"), _review, _in_transitions(Action.ACCEPT), ReviewForm),
    "instruction": Step(
        gettext_lazy("Write an instruction"),
        lambda item, user, data: services.write_instruction(item, text=data["text"], acting_user=user),
        lambda item, actors: Actor.PRINCIPAL in actors and item.state != ItemState.CLOSED,
        InstructionForm,
    ),
    "instruction_handled": Step(
        gettext_lazy("Mark the instruction handled"),
        lambda item, user, data: services.mark_instruction_handled(item, acting_user=user),
        lambda item, actors: Actor.OFFICE in actors and item.has_instruction_to_handle,
    ),
    "close": Step(
        gettext_lazy("Close and archive"),
        lambda item, user, data: services.close(item, acting_user=user, **data),
        _in_transitions(Action.CLOSE),
        CloseForm,
    ),
}


def _detail_context(request, item: SupervisionItem, action: str = "", bound: forms.Form | None = None) -> dict:
    """The item's page; after a refused step, its form comes back bound, with the errors (a step
    without fields shows them above the page)."""
    actors = services.actors_for(_person(request.user), item)
    steps = [
        {
            "action": name,
            "heading": step.heading,
            "form": None if step.form_class is None else bound if name == action else step.form(name),
            "multipart": step.multipart,
        }
        for name, step in STEPS.items()
        if step.is_offered(item, actors)
    ]
    return {
        "item": item,
        "actions": rules.allowed_actions(item.state, actors),
        "steps": steps,
        "is_principal": Actor.PRINCIPAL in actors,
        "is_office": Actor.OFFICE in actors,
        "deadlines": deadlines.for_subject(item),
        "step_form": bound if action in STEPS and STEPS[action].form_class is None else None,
        **selectors.timeline(item),
    }


@login_required
def item_detail(request, pk: int):
    item = _visible_item(request.user, pk)
    return render(request, "supervision/item_detail.html", _detail_context(request, item))


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    """Every workflow step of the detail page (``STEPS``). Refusals come back as form errors citing S-2."""
    item = _visible_item(request.user, pk)
    if _person(request.user) is None:
        raise PermissionDenied
    step = STEPS.get(action)
    if step is None:
        raise Http404
    form = step.form(action, request)
    if form.is_valid():
        with refusals_on(form):
            step.take(item, request.user, form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("supervision_detail", pk=item.pk)
    return render(request, "supervision/item_detail.html", _detail_context(request, item, action, form), status=400)


@login_required
@require_POST
def decision_waive(request, pk: int):
    """S-1: the principal leader waives the supervision of a decision, with the reason, from the
    decision's page (``panels.decision_supervision``); a refusal comes back there as a message
    citing S-1."""
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    form = WaiverForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusals_in_messages(request):
        services.waive_decision(decision, reason=reason, acting_user=request.user)
        messages.success(request, _("The supervision of this decision is waived."))
    return redirect("meetings_decision", pk=decision.pk)


@login_required
def item_register(request, committee_pk: int):
    """S-2 立项登记, by the office or the principal leader of the committee."""
    committee = get_object_or_404(visible_committees(request.user), pk=committee_pk)
    if not committees_where_holding(request.user, REGISTERING_ROLES).filter(pk=committee.pk).exists():
        raise PermissionDenied
    people = Person.objects.filter(in_visible_committees(request.user, "roles__committee")).distinct().order_by("name")
    units = Committee.objects.filter(in_visible_committees(request.user, "pk")).order_by("name")
    form = ItemForm(request.POST or None, committees=units, people=people)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            item = services.register_item(committee=committee, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The supervision item is registered."))
            return redirect("supervision_detail", pk=item.pk)
    return render(request, "supervision/item_register.html", {"form": form, "committee": committee})


@login_required
def case_decision(request, pk: int):
    """问责决定书 (A-1..A-5) laid out to GB/T 9704 (issue 15): PDF, or .docx with ``?format=docx``;
    for whoever may read the case."""
    try:
        case = selectors.visible_cases(request.user).get(pk=pk)
    except AccountabilityCase.DoesNotExist:
        raise Http404 from None
    document = printing.accountability_decision(case)
    where = f"accountability case {case.pk}"
    return documents.download(document, request.GET.get("format", "pdf"), f"accountability-{case.pk}", where)


@login_required
def item_print(request, pk: int, form_name: str):
    """The printable forms, laid out to GB/T 9704 (issue 15): 《督查事项拟办呈批表》 (approval) and
    《督查通报》 (notice), as PDF or – ``?format=docx`` – as .docx to edit in WPS or Word."""
    builders = {"approval": printing.approval_form, "notice": printing.notice}
    if form_name not in builders:
        raise Http404
    item = _visible_item(request.user, pk)
    document = builders[form_name](item)
    where = f"supervision item {item.pk} {form_name}"
    return documents.download(document, request.GET.get("format", "pdf"), f"supervision-{item.pk}-{form_name}", where)


@login_required
def inspection_register(request, committee_pk: int):
    """Record a check of a unit; overlapping ones are shown as a warning (S-5)."""
    committee = get_object_or_404(visible_committees(request.user), pk=committee_pk)
    if not committees_where_holding(request.user, REGISTERING_ROLES).filter(pk=committee.pk).exists():
        raise PermissionDenied
    form = InspectionForm(request.POST or None)
    form.fields["unit_committee"].queryset = visible_committees(request.user).order_by("name")
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            _inspection, overlapping = services.record_inspection(
                committee=committee, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The inspection is recorded."))
            for other in overlapping:
                messages.warning(
                    request,
                    _("[S-5] This unit was already inspected for an overlapping period: %(other)s. Merge them.")
                    % {"other": other},
                )
            return redirect("supervision_inspections")
    return render(request, "supervision/inspection_register.html", {"form": form, "committee": committee})


@login_required
def award_eligibility(request):
    """S-4 and A-4: who – people and whole teams – lost this year's awards, and why, per visible committee."""
    form = YearForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() and form.cleaned_data.get("year") else timezone.localdate().year
    rows = []
    for committee in visible_committees(request.user).order_by("name"):
        losses = selectors.award_losses(committee, year)
        if losses:
            rows.append((committee, losses))
    case_ids = [loss.case.pk for _committee, losses in rows for loss in losses if loss.case]
    readable = set(selectors.visible_cases(request.user).filter(pk__in=case_ids).values_list("pk", flat=True))
    return render(
        request,
        "supervision/award_eligibility.html",
        {"rows": rows, "year": year, "form": form, "readable_cases": readable},
    )


@login_required
def inspection_list(request):
    filterset = InspectionFilter(
        request.GET or None, queryset=selectors.visible_inspections(request.user), request=request
    )
    page = searched_page(request, filterset)
    rectifiable = selectors.rectifiable_inspection_ids(request.user, page)
    return render(
        request, "supervision/inspection_list.html", {"filter": filterset, "page": page, "rectifiable": rectifiable}
    )


@login_required
def inspection_rectification(request, pk: int):
    """S-3: the unit's rectification report settles the 7-day obligation."""
    inspection = get_object_or_404(selectors.visible_inspections(request.user), pk=pk)
    by = _person(request.user)
    if not selectors.may_report_rectification(by, inspection):
        raise PermissionDenied(services.MSG_RECTIFICATION_BY_UNIT)
    form = RectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            services.report_rectification(inspection, report=form.cleaned_data["report"], acting_user=request.user)
            messages.success(request, _("The rectification report is recorded."))
            return redirect("supervision_inspections")
    return render(request, "supervision/inspection_rectification.html", {"form": form, "inspection": inspection})


# ---------------------------------------------------------------------------------- accountability


@login_required
def case_list(request):
    """A-1..A-5: the accountability register."""
    queryset = selectors.visible_cases(request.user).order_by("-opened_at", "-pk")
    filterset = CaseFilter(request.GET or None, queryset=queryset, request=request)
    page = searched_page(request, filterset)
    return render(request, "supervision/case_list.html", {"filter": filterset, "page": page})


CASE_FORMS = {
    "sanction": SanctionForm,
    "responsibility": ResponsibilityForm,
    "mitigation": MitigationForm,
    "decide": DecideCaseForm,
    "inquiry": InquiryForm,
}


def _case_form(action: str, case: AccountabilityCase, data=None):
    form_class = CASE_FORMS[action]
    kwargs = {"prefix": action}
    if action in ("responsibility", "inquiry"):
        kwargs["people"] = selectors.case_people(case)
    if data is None and action == "decide":
        kwargs["initial"] = {"decided_on": case.decided_on or timezone.localdate()}
    if data is None and action == "mitigation":
        kwargs["initial"] = {"is_self_corrected": case.is_self_corrected, "mitigation": case.mitigation}
    return form_class(data, **kwargs)


def _apply_case_action(action: str, case: AccountabilityCase, data: dict, user):
    if action == "sanction":
        services.add_sanction(case, kind=data["kind"], note=data["note"], acting_user=user)
        return _("Sanction recorded.")
    if action == "responsibility":
        services.set_responsibility(
            case, person=data["person"], position=data["position"], degree=data["degree"], acting_user=user
        )
        return _("Responsibility recorded.")
    if action == "mitigation":
        services.mitigate(
            case,
            mitigation=data["mitigation"],
            note=data["note"],
            is_self_corrected=data["is_self_corrected"],
            acting_user=user,
        )
        return _("Mitigation recorded.")
    if action == "decide":
        services.decide_case(
            case, acting_user=user, decided_on=data["decided_on"], refer_to_judicial=data["refer_to_judicial"]
        )
        return _("The decision is recorded.")
    services.send_inquiry(
        committee=case.committee, person=data["person"], letter=data["letter"], acting_user=user, case=case
    )
    return _("The written inquiry is sent.")


@login_required
def case_detail(request, pk: int):
    """A-1..A-7 on one page: responsibility split, mitigation, sanctions, decision, inquiries."""
    try:
        case = selectors.visible_cases(request.user).get(pk=pk)
    except AccountabilityCase.DoesNotExist:
        raise Http404 from None
    can_handle = services.handles_cases(_person(request.user), case.committee)
    forms = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not can_handle:
            raise PermissionDenied
        if action not in CASE_FORMS:
            raise Http404
        form = _case_form(action, case, request.POST)
        if form.is_valid():
            with refusals_on(form):
                messages.success(request, _apply_case_action(action, case, form.cleaned_data, request.user))
                return redirect("supervision_case_detail", pk=case.pk)
        forms[action] = form
        status = 400
    if can_handle:
        for action in CASE_FORMS:
            forms.setdefault(action, _case_form(action, case))
    return render(
        request,
        "supervision/case_detail.html",
        {
            "case": case,
            "responsibilities": case.responsibilities.select_related("person"),
            "sanctions": case.sanctions.all(),
            "inquiries": case.inquiries.select_related("person"),
            "can_handle": can_handle,
            "forms": forms,
            "form": forms.get("sanction"),
        },
        status=status,
    )


@login_required
def inquiry_list(request):
    """A-7: the inquiry tracker – waiting replies first, by due date; flagged ones stand out."""
    inquiries = selectors.visible_inquiries(request.user).select_related("previous", "sent_by")
    pending = inquiries.filter(outcome=InquiryOutcome.PENDING).order_by("reply_due_on", "pk")
    settled = inquiries.exclude(outcome=InquiryOutcome.PENDING).order_by("-sent_on", "-pk")
    return render(
        request,
        "supervision/inquiry_list.html",
        {
            "pending": pending,
            "settled": page_of(request, settled),
            "today": timezone.localdate(),
            "handled": set(committees_where_holding(request.user, REGISTERING_ROLES).values_list("pk", flat=True)),
        },
    )


@login_required
def inquiry_reply(request, pk: int):
    """A-7: record the reply and its assessment (clear / unclear → second inquiry / refused)."""
    inquiry = get_object_or_404(selectors.visible_inquiries(request.user), pk=pk)
    if not services.handles_cases(_person(request.user), inquiry.committee):
        raise PermissionDenied
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = form.cleaned_data["assessment"]
        with refusals_on(form):
            services.record_reply(
                inquiry,
                reply=form.cleaned_data["reply"],
                refused=assessment == "refused",
                clear=assessment == "clear",
                acting_user=request.user,
            )
            messages.success(request, _("The reply is recorded."))
            return redirect("supervision_inquiries")
    return render(
        request,
        "supervision/inquiry_reply.html",
        {"inquiry": inquiry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def case_open(request, source: str, pk: int):
    """A-2: "open a case" from the page of what revealed it; the case links back to its source."""
    kind = sources.source_of(source)
    if kind is None:
        raise Http404
    obj = get_object_or_404(kind.visible(request.user), pk=pk)
    committee = kind.committee(obj)
    if _person(request.user) is None or not kind.can_open(request.user, obj):
        raise PermissionDenied
    context = {"source": obj, "description": kind.describe(obj), "source_url": kind.url(obj)}
    if not kind.is_ground(obj, timezone.now()):
        return render(request, "supervision/case_open.html", {**context, "not_ground": True}, status=400)
    team = kind.team(obj)
    form = CaseFromSourceForm(
        request.POST or None, ground=kind.ground(obj), team=team, people=sources.subject_people(kind, obj)
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["subject_person"]
        with refusals_on(form):
            case = services.open_case(
                committee=committee,
                ground=form.cleaned_data["ground"],
                facts=form.cleaned_data["facts"],
                acting_user=request.user,
                subject_committee=None if person else team,
                subject_person=person,
                source=obj,
            )
            messages.success(request, _("The accountability case is opened."))
            return redirect("supervision_case_detail", pk=case.pk)
    return render(
        request,
        "supervision/case_open.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )
