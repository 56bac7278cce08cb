"""Talk pages (X-3): my talks – the plan lines I am on with their coverage, the must-talk occasions
I owe, the form to record a talk – a committee's plan for its organisation department and
principal leader, and one talk's record (private)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees.actors import person_of
from committees.errors import refusals_on
from committees.forms import year_asked
from committees.models import Person, RoleAssignment
from committees.paging import page_of
from committees.selectors import visible_committees

from . import selectors, services
from .forms import LineForm, OccasionForm, TalkForm
from .models import Talk


def _people_of(committees):
    held = RoleAssignment.objects.on(timezone.localdate()).filter(committee__in=committees)
    return Person.objects.filter(pk__in=held.values("person_id")).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    person = person_of(request.user)
    today = timezone.localdate()
    held = RoleAssignment.objects.on(today).filter(person=person) if person else RoleAssignment.objects.none()
    committees = visible_committees(request.user).filter(pk__in=held.values("committee_id")).order_by("name")
    people = _people_of(committees)
    form = TalkForm(
        request.POST or None,
        committees=committees,
        people=people.exclude(pk=person.pk) if person else people.none(),
        initial={"held_on": today},
    )
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                talk = services.record_talk(leader=person, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("The talk is recorded."))
                return redirect("talk_detail", pk=talk.pk)
    year = today.year
    talks = selectors.visible_talks(request.user).filter(held_on__year=year)
    talks = talks.filter(leader=person) | talks.filter(counterpart=person) if person else talks.none()
    return render(
        request,
        "supervision/talks/mine.html",
        {
            "form": form,
            "can_record": person is not None and committees.exists(),
            "lines": list(selectors.my_lines(person, year)) if person else [],
            "occasions": selectors.open_occasions(talker=person) if person else [],
            "page": page_of(request, talks.order_by("-held_on", "-pk")),
            "person": person,
            "year": year,
            "today": today,
            "boards": [c for c in committees if selectors.may_see_board(request.user, c)],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def committee_board(request, pk: int):
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    if not selectors.may_see_board(request.user, committee):
        raise PermissionDenied
    year = year_asked(request)
    keeps = services.keeps_plan(request.user, committee)
    people = _people_of([committee])
    return render(
        request,
        "supervision/talks/committee.html",
        {
            "committee": committee,
            "year": year,
            "lines": list(selectors.board(committee, year)),
            # The occasions' reasons may come from confidential records (R-2): the organisation
            # department sees them all, the principal leader those they owe.
            "occasions": selectors.open_occasions(committee=committee)
            if keeps
            else selectors.open_occasions(committee=committee, talker=person_of(request.user)),
            "keeps": keeps,
            "line_form": LineForm(people=people) if keeps else None,
            "occasion_form": OccasionForm(people=people) if keeps else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def committee_act(request, pk: int, action: str):
    """The organisation department builds the principal leader's lines, adds a line, or opens a
    must-talk occasion the system could not know of (difficulties, disagreement, a request…)."""
    committee = get_object_or_404(visible_committees(request.user), pk=pk)
    if action not in ("plan", "line", "occasion"):
        raise Http404
    if not services.keeps_plan(request.user, committee):
        raise PermissionDenied
    year = timezone.localdate().year
    if action == "plan":
        count = services.ensure_plan(committee, year, acting_user=request.user)
        messages.success(request, _("The plan has %(count)s lines.") % {"count": count})
        return redirect("talks_committee", pk=pk)
    people = _people_of([committee])
    form = LineForm(request.POST, people=people) if action == "line" else OccasionForm(request.POST, people=people)
    if form.is_valid():
        with refusals_on(form):
            if action == "line":
                services.add_line(committee=committee, year=year, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("The line is added to the plan."))
            elif services.open_must_talk(committee=committee, acting_user=request.user, **form.cleaned_data):
                messages.success(request, _("The talk is owed; its holder is reminded."))
            else:
                messages.error(request, _("Nobody can hold this talk: the committee has no principal leader."))
            return redirect("talks_committee", pk=pk)
    return render(
        request,
        "supervision/talks/committee.html",
        {
            "committee": committee,
            "year": year,
            "lines": list(selectors.board(committee, year)),
            "occasions": selectors.open_occasions(committee=committee),
            "keeps": True,
            "line_form": form if action == "line" else LineForm(people=people),
            "occasion_form": form if action == "occasion" else OccasionForm(people=people),
            "today": timezone.localdate(),
        },
        status=400,
    )


@login_required
@require_GET
def talk_detail(request, pk: int):
    talk: Talk = get_object_or_404(selectors.visible_talks(request.user), pk=pk)
    return render(request, "supervision/talks/detail.html", {"talk": talk, "occasions": talk.occasions.all()})
