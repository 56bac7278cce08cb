"""Requested-interview pages (X-4): one's own requests and those to oneself with the form to ask,
a committee's reception days (set by its office), one interview with its record and handling
cards, and a card printed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import documents
from committees.actors import person_of
from committees.errors import refusals_in_messages, refusals_on
from committees.paging import page_of
from committees.selectors import current_rules, visible_committees

from . import printing, rules, selectors, services
from .forms import CardForm, DayForm, DeclineForm, MonthForm, RecordForm, ReplyForm, RequestForm, ScheduleForm
from .models import HandlingCard, InterviewState


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """X-4: the interviews I asked for and those asked of me, the reception days ahead, and the
    form to ask for one."""
    person = person_of(request.user)
    today = timezone.localdate()
    committees = selectors.my_committees(person, today)
    form = RequestForm(
        request.POST or None,
        committees=committees,
        leaders=selectors.leaders_of(committees, today, but=person),
        days=selectors.upcoming_days(committees, today),
    )
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            with refusals_on(form):
                interview = services.request_interview(
                    committee=data["committee"],
                    leader=data["leader"],
                    channel=data["channel"],
                    topic=data["topic"],
                    summary=data["summary"],
                    day=data.get("day"),
                    is_urgent=data["is_urgent"],
                    acting_user=request.user,
                )
                messages.success(request, _("Your request is sent to %(leader)s.") % {"leader": interview.leader})
                return redirect("interview_detail", pk=interview.pk)
    visible = selectors.visible_requests(request.user)
    asked = visible.filter(requester=person) if person else visible.none()
    to_me = visible.filter(leader=person) if person else visible.none()
    return render(
        request,
        "reporting/interviews/mine.html",
        {
            "form": form,
            "can_request": person is not None and committees.exists(),
            "asked": page_of(request, asked),
            # Open ones first, then those held or closed (a held one may have a card to follow).
            "to_me": sorted(
                to_me.exclude(state=InterviewState.WITHDRAWN).order_by("-created_at")[:50],
                key=lambda r: r.state not in (InterviewState.REQUESTED, InterviewState.SCHEDULED),
            ),
            "days": selectors.upcoming_days(committees, today)[:20],
            "committees": committees,
        },
        status=400 if request.method == "POST" else 200,
    )


def _month(request):
    form = MonthForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("month"):
        return form.cleaned_data["month"]
    return rules.first_of_month(timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def committee_days(request, pk: int):
    """X-4: a committee's reception days of a month and the next, against the rule set's number;
    its office sets them here. The organisation department also sees the month's requests."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    today = timezone.localdate()
    month = _month(request)
    can_set = services.may_set_days(request.user, committee)
    form = DayForm(request.POST or None, leaders=selectors.leaders_of([committee], today))
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            with refusals_on(form):
                reception = services.set_day(
                    committee=committee,
                    day=data["day"],
                    leader=data["leader"],
                    place=data["place"],
                    acting_user=request.user,
                )
                messages.success(request, _("The reception day is set."))
                return redirect(f"{request.path}?month={reception.day:%Y-%m}")
    version = current_rules(committee)
    months = [month, rules.next_month(month)]
    requests = selectors.visible_requests(request.user).filter(committee=committee)
    requests = requests.filter(
        Q(scheduled_at__date__gte=month, scheduled_at__date__lt=rules.next_month(months[1]))
        | Q(scheduled_at__isnull=True, state=InterviewState.REQUESTED)
    )
    return render(
        request,
        "reporting/interviews/committee.html",
        {
            "committee": committee,
            "months": [(m, list(selectors.month_days(committee, m))) for m in months],
            "required": version.interview_days_per_month if version else 0,
            "form": form,
            "can_set": can_set,
            "requests": requests.order_by("scheduled_at", "created_at")[:100],
            "month": month,
            "previous": rules.first_of_month(month - datetime.timedelta(days=1)),
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def day_remove(request, pk: int):
    reception = get_object_or_404(selectors.visible_days(request.user), pk=pk)
    with refusals_in_messages(request):
        services.remove_day(reception, acting_user=request.user)
        messages.success(request, _("The reception day is removed."))
    return redirect(f"{redirect('interviews_committee', pk=reception.committee_id).url}?month={reception.day:%Y-%m}")


def _visible(user, pk: int):
    return get_object_or_404(selectors.visible_requests(user), pk=pk)


#: The leader's actions on a request: the form, the service, the message.
ACTIONS = {
    "schedule": (ScheduleForm, services.schedule, gettext_lazy("The appointment is set.")),
    "decline": (DeclineForm, services.decline, gettext_lazy("The cadre is told why.")),
    "record": (RecordForm, services.record_interview, gettext_lazy("The interview is recorded.")),
}


def _detail(request, interview, forms=None, status=200):
    person = person_of(request.user)
    is_leader = services.is_leader(request.user, interview)
    is_open = interview.state in (InterviewState.REQUESTED, InterviewState.SCHEDULED)
    forms = forms or {}
    context = {
        "interview": interview,
        "is_leader": is_leader,
        "is_requester": person is not None and person.pk == interview.requester_id,
        "is_open": is_open,
        "designated": services.is_designated(interview),
        "cards": [
            (
                card,
                services.may_reply(request.user, card),
                forms.get("reply", {}).get(card.pk) or ReplyForm(prefix=f"card{card.pk}"),
            )
            for card in interview.cards.order_by("pk")
        ],
        "schedule_form": forms.get("schedule") or ScheduleForm(initial={"at": interview.scheduled_at}),
        "decline_form": forms.get("decline") or DeclineForm(),
        "record_form": forms.get("record") or RecordForm(initial={"held_at": interview.scheduled_at}),
        "card_form": forms.get("card") or CardForm(),
    }
    return render(request, "reporting/interviews/detail.html", context, status=status)


@login_required
@require_GET
def detail(request, pk: int):
    """X-4: one interview – who asked whom, about what, when – its record and handling cards."""
    return _detail(request, _visible(request.user, pk))


@login_required
@require_POST
def act(request, pk: int, action: str):
    """The leader schedules, explains and declines, or records; the cadre withdraws; the leader
    opens a handling card."""
    interview = _visible(request.user, pk)
    if action not in {*ACTIONS, "card", "withdraw"}:
        raise Http404
    if action == "withdraw":
        with refusals_in_messages(request):
            services.withdraw(interview, acting_user=request.user)
            messages.success(request, _("The request is withdrawn."))
        return redirect("interview_detail", pk=pk)
    if not services.is_leader(request.user, interview):
        raise PermissionDenied
    if action == "card":
        form = CardForm(request.POST)
        if form.is_valid():
            with refusals_on(form):
                services.open_card(interview, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("The handling card is opened."))
                return redirect("interview_detail", pk=pk)
        return _detail(request, interview, {"card": form}, status=400)
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        with refusals_on(form):
            service(interview, acting_user=request.user, **form.cleaned_data)
            messages.success(request, done)
            return redirect("interview_detail", pk=pk)
    return _detail(request, interview, {action: form}, status=400)


def _visible_card(user, pk: int) -> HandlingCard:
    return get_object_or_404(
        HandlingCard.objects.filter(interview__in=selectors.visible_requests(user)).select_related(
            "interview__committee", "interview__requester", "interview__leader"
        ),
        pk=pk,
    )


@login_required
@require_POST
def card_reply(request, pk: int):
    """The office or the leader records how the card's matter was handled and answered."""
    card = _visible_card(request.user, pk)
    if not services.may_reply(request.user, card):
        raise PermissionDenied
    form = ReplyForm(request.POST, prefix=f"card{card.pk}")
    if form.is_valid():
        with refusals_on(form):
            services.reply_card(card, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("The reply is recorded."))
            return redirect("interview_detail", pk=card.interview_id)
    return _detail(request, card.interview, {"reply": {card.pk: form}}, status=400)


@login_required
@require_GET
def card_document(request, pk: int):
    """约谈意见处理卡 on the document layer – PDF, or .docx with ``format=docx``."""
    card = _visible_card(request.user, pk)
    document = printing.card_document(card)
    return documents.download(document, request.GET.get("format", "pdf"), f"interview-card-{card.pk}", f"card {pk}")
