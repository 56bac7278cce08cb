"""Pages of democratic evaluations (A-8/A-9), admonishment talks (A-6) and year-end reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees.errors import refusals_in_messages, refusals_on
from committees.models import Committee, Level, Person, RoleAssignment
from committees.paging import page_of
from reporting.openness import selectors as openness_selectors
from supervision.messages import MSG_WRITE_RECTIFICATION_REPORT

from . import selectors, services
from .forms import (
    BallotForm,
    CorrectionForm,
    EvaluationOpenForm,
    ProblemsForm,
    ReportForm,
    RequireReportsForm,
    TalkForm,
    TalkOutcomeForm,
    TownAssessmentForm,
)
from .models import EvaluationSubject


def _person(user) -> Person | None:
    return getattr(user, "person", None)


def _overseen(user, committee_pk: int) -> Committee:
    return get_object_or_404(selectors.overseen_committees(user), pk=committee_pk)


def _people_of(committee: Committee):
    """People holding or having held a role on the committee (or its parent): talk forms."""
    ids = RoleAssignment.objects.filter(committee_id__in=[committee.pk, committee.parent_id]).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("name", "pk")


# -----------------------------------------------------------------------------------


@login_required
def evaluation_list(request):
    page = page_of(request, selectors.evaluation_list(request.user))
    return render(
        request,
        "supervision/evaluation/evaluation_list.html",
        {"page": page, "overseen": list(selectors.overseen_committees(request.user).order_by("name"))},
    )


@login_required
def evaluation_open(request, committee_pk: int):
    committee = _overseen(request.user, committee_pk)
    form = EvaluationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            evaluation = services.open_evaluation(committee, form.cleaned_data["year"], acting_user=request.user)
            messages.success(request, _("The democratic evaluation is open."))
            return redirect("evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "supervision/evaluation/form.html",
        {"form": form, "committee": committee, "title": _("Open a democratic evaluation")},
        status=400 if request.method == "POST" else 200,
    )


def _visible_evaluation(user, pk: int):
    return get_object_or_404(selectors.visible_evaluations(user), pk=pk)


def _detail(request, evaluation, ballot=None, status=200):
    person = _person(request.user)
    subjects = selectors.ballot_subjects(evaluation)
    is_overseer = selectors.is_overseer(request.user, evaluation.committee)
    may_take_part = selectors.may_take_part(person, evaluation)
    return render(
        request,
        "supervision/evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "is_overseer": is_overseer,
            "may_take_part": may_take_part,
            "has_taken_part": selectors.has_taken_part(person, evaluation),
            "ballot": ballot or (BallotForm(subjects=subjects) if may_take_part else None),
            "results": selectors.results_for(request.user, evaluation),
            "participants": evaluation.participations.count() if is_overseer else None,
            "report_progress": selectors.report_progress(evaluation.committee, evaluation.year)
            if is_overseer
            else None,
            "problems_form": ProblemsForm(),
            "correction_form": CorrectionForm(),
            "me": person,
        },
        status=status,
    )


@login_required
def evaluation_detail(request, pk: int):
    return _detail(request, _visible_evaluation(request.user, pk))


@login_required
@require_POST
def evaluation_take_part(request, pk: int):
    """A-8: the ballot is POSTed from the participant's own session; nothing echoes it back."""
    evaluation = _visible_evaluation(request.user, pk)
    person = _person(request.user)
    if person is None:
        raise PermissionDenied
    ballot = BallotForm(request.POST, subjects=selectors.ballot_subjects(evaluation))
    if ballot.is_valid():
        with refusals_on(ballot):
            services.take_part(evaluation, person=person, acting_user=request.user, ratings=ballot.ratings())
            messages.success(request, _("Thank you: you have taken part anonymously."))
            return redirect("evaluation_detail", pk=evaluation.pk)
    return _detail(request, evaluation, ballot=ballot, status=400)


@login_required
@require_POST
def evaluation_close(request, pk: int):
    evaluation = _visible_evaluation(request.user, pk)
    if not selectors.is_overseer(request.user, evaluation.committee):
        raise PermissionDenied
    with refusals_in_messages(request):
        services.close_evaluation(evaluation, acting_user=request.user)
        messages.success(request, _("The evaluation is closed and counted."))
    return redirect("evaluation_detail", pk=evaluation.pk)


#: A-8: shown when the problems fed back on a result lack the text or the deadline.
MSG_PROBLEMS_AND_DEADLINE = gettext_lazy("Describe the problems and the deadline.")


@login_required
@require_POST
def subject_action(request, pk: int, action: str):
    """A-8 on one result: feed back problems with a deadline, report the correction, or send a
    written inquiry on a flag (one click)."""
    subject = get_object_or_404(
        EvaluationSubject.objects.filter(evaluation__in=selectors.visible_evaluations(request.user)).select_related(
            "evaluation__committee", "evaluation__rule_set_version", "person"
        ),
        pk=pk,
    )
    by = _person(request.user)
    is_overseer = selectors.is_overseer(request.user, subject.evaluation.committee)
    is_owner = by is not None and services.subject_owner(subject) == by
    with refusals_in_messages(request):
        if action == "problems" and is_overseer:
            form = ProblemsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(MSG_PROBLEMS_AND_DEADLINE)
            services.feed_back_problems(subject, acting_user=request.user, **form.cleaned_data)
        elif action == "correction" and (is_owner or is_overseer):
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(MSG_WRITE_RECTIFICATION_REPORT)
            services.report_correction(subject, report=form.cleaned_data["report"], acting_user=request.user)
        elif action == "inquiry" and is_overseer:
            services.inquire_on_flag(subject, acting_user=request.user)
        else:
            raise PermissionDenied
        messages.success(request, _("Saved."))
    return redirect("evaluation_detail", pk=subject.evaluation_id)


# -----------------------------------------------------------------------------------


@login_required
def talk_list(request):
    queryset = selectors.visible_talks(request.user).order_by("-talked_at", "-pk")
    page = page_of(request, queryset)
    return render(
        request,
        "supervision/evaluation/talk_list.html",
        {"page": page, "overseen": list(selectors.overseen_committees(request.user).order_by("name"))},
    )


@login_required
def talk_new(request, committee_pk: int):
    """A-6: record a talk. ``?subject=<id>`` starts it from an A-8 flag (one click from the result)."""
    committee = _overseen(request.user, committee_pk)
    flag = None
    if request.GET.get("subject"):
        flag = get_object_or_404(
            EvaluationSubject.objects.select_related("evaluation__rule_set_version", "person"),
            pk=request.GET["subject"],
            evaluation__committee=committee,
            is_flagged=True,
        )
    initial = {"talked_by": [_person(request.user)] if _person(request.user) else []}
    if flag is not None:
        initial.update(
            person=services.subject_owner(flag), is_collective=flag.is_team, problem=services.flag_problem(flag)
        )
    form = TalkForm(request.POST or None, people=_people_of(committee), initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            talk = services.record_talk(
                committee=committee, acting_user=request.user, evaluation_subject=flag, **form.cleaned_data
            )
            messages.success(request, _("The talk is recorded; its follow-up is watched."))
            return redirect("evaluation_talk_detail", pk=talk.pk)
    return render(
        request,
        "supervision/evaluation/form.html",
        {"form": form, "committee": committee, "title": _("Record an admonishment talk")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def talk_detail(request, pk: int):
    talk = get_object_or_404(
        selectors.visible_talks(request.user).select_related("evaluation_subject__evaluation"), pk=pk
    )
    is_overseer = selectors.is_overseer(request.user, talk.committee)
    form = TalkOutcomeForm(request.POST or None)
    if request.method == "POST":
        if not is_overseer:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                services.record_talk_outcome(talk, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("The follow-up is recorded."))
                return redirect("evaluation_talk_detail", pk=talk.pk)
    return render(
        request,
        "supervision/evaluation/talk_detail.html",
        {"talk": talk, "talkers": talk.talked_by.all(), "is_overseer": is_overseer, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# -----------------------------------------------------------------------------------


@login_required
def report_list(request):
    queryset = selectors.visible_reports(request.user).order_by("-year", "committee__name", "person__name", "pk")
    page = page_of(request, queryset)
    return render(
        request,
        "supervision/evaluation/report_list.html",
        {"page": page, "overseen": list(selectors.overseen_committees(request.user).order_by("name"))},
    )


@login_required
def report_require(request, committee_pk: int):
    committee = _overseen(request.user, committee_pk)
    form = RequireReportsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            reports = services.require_annual_reports(
                committee, form.cleaned_data["year"], acting_user=request.user, due_on=form.cleaned_data["due_on"]
            )
            messages.success(request, _("%(count)s team members owe their year-end report.") % {"count": len(reports)})
            return redirect("evaluation_reports")
    return render(
        request,
        "supervision/evaluation/form.html",
        {"form": form, "committee": committee, "title": _("Year-end reports on ethics, duty and integrity")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(selectors.visible_reports(request.user), pk=pk)
    me = _person(request.user)
    is_author = me is not None and me.pk == report.person_id
    form = ReportForm(request.POST or None, initial={"report": report.report})
    if request.method == "POST":
        if not is_author:
            raise PermissionDenied
        if form.is_valid():
            with refusals_on(form):
                services.submit_annual_report(report, text=form.cleaned_data["report"], acting_user=request.user)
                messages.success(request, _("Your report is submitted."))
                return redirect("evaluation_report_detail", pk=report.pk)
    return render(
        request,
        "supervision/evaluation/report_detail.html",
        {"report": report, "is_author": is_author, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# -----------------------------------------------------------------------------------


@login_required
def town_assessment(request, committee_pk: int):
    """A-10: record the year's village-team assessment and the town's rank; show the warnings."""
    town = _overseen(request.user, committee_pk)
    if not town.is_town_level:
        raise Http404
    villages = Committee.objects.filter(parent=town, level=Level.BRANCH).order_by("name")
    form = TownAssessmentForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        weak = {v.pk for v in data["weak_villages"]}
        with refusals_on(form):
            with transaction.atomic():
                for village in villages:
                    services.record_village_assessment(
                        town=town,
                        village=village,
                        year=data["year"],
                        is_weak_lax=village.pk in weak,
                        acting_user=request.user,
                    )
                if data["rank"] is not None:
                    services.record_town_rank(
                        town=town, year=data["year"], rank=data["rank"], out_of=data["out_of"], acting_user=request.user
                    )
            messages.success(request, _("The annual assessment is recorded."))
            return redirect("evaluation_town_assessment", committee_pk=town.pk)
    village_record, ranks = selectors.town_record(town)
    years = sorted(set(village_record) | set(ranks), reverse=True)
    # X-2 (003 党务公开 第十四条 三): the year-end openness grade raises or lowers each unit's
    # annual assessment – shown beside it, for this year and the two before.
    this_year = timezone.localdate().year
    openness_years = [this_year, this_year - 1, this_year - 2]
    return render(
        request,
        "supervision/evaluation/town_assessment.html",
        {
            "town": town,
            "form": form,
            "warnings": selectors.town_warnings(town),
            "rows": [(year, village_record.get(year), ranks.get(year)) for year in years],
            "openness_years": openness_years,
            "openness": openness_selectors.year_end_effects(villages, openness_years),
        },
        status=400 if request.method == "POST" else 200,
    )
