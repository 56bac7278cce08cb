"""Pages of personal-matter reports (R-2) and family-event declarations (R-3).

A report or declaration the user may not see answers 404 (its existence is private too); a
visible one the user may not act on answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import documents
from committees.errors import refusals_on
from committees.models import Person, RoleAssignment
from committees.paging import page_of

from . import printing, rules, selectors, services
from .forms import (
    DeclarationFilter,
    DeclareFamilyEventForm,
    FileReportForm,
    MarkForm,
    ReplyForm,
    ReplyOutcomeForm,
    ReportEventForm,
    ReportFilter,
    ResignationForm,
    RespondForm,
    ReviewForm,
    WrittenDetailsForm,
)
from .models import FamilyEventDeclaration, PersonalMatterReport


def _filtered(filters):
    """Unfiltered when no filter is given; nothing (and the form's errors) when the input is bad."""
    if filters.is_bound and not filters.is_valid():
        return filters.queryset.none()
    return filters.qs


def _grounds(report, now) -> list[tuple[str, str]]:
    return [(ground, rules.GROUND_LABELS[ground]) for ground in rules.accountability_grounds(report, now)]


def _with_grounds(rows, now):
    for row in rows:
        row.grounds = _grounds(row, now)
    return rows


# --------------------------------------------------------------------------- the cadre


@login_required
def report_list(request):
    """My personal-matter reports: what I owe and what I have filed."""
    person = selectors.person_of(request.user)
    filters = ReportFilter(request.GET or None, queryset=selectors.my_reports(request.user), request=request)
    reports = _filtered(filters)
    page = page_of(request, reports.order_by("filed_at", "due_at", "-pk"))
    _with_grounds(page.object_list, timezone.now())
    return render(
        request,
        "reporting/personal/report_list.html",
        {"filter": filters, "page": page, "can_report": selectors.team_committees(person).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    person = selectors.person_of(request.user)
    committees = selectors.team_committees(person)
    if person is None or not committees.exists():
        raise PermissionDenied
    form = ReportEventForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            if request.POST.get("action") == ReportEventForm.RECORD_ONLY:
                report = services.record_event(
                    cadre=person,
                    committee=data["committee"],
                    kind=data["kind"],
                    event_date=data["event_date"],
                    acting_user=request.user,
                )
                messages.success(request, _("The event was recorded. File the report before it is due."))
            else:
                report = services.report_event(
                    cadre=person,
                    committee=data["committee"],
                    kind=data["kind"],
                    event_date=data["event_date"],
                    description=data["description"],
                    late_reason=data["late_reason"],
                    reason_ended_on=data["reason_ended_on"],
                    acting_user=request.user,
                )
                messages.success(request, _("The report was filed."))
            return redirect("personal_report_detail", pk=report.pk)
    return render(request, "reporting/personal/report_form.html", {"form": form})


def _visible_report(request, pk: int) -> PersonalMatterReport:
    return get_object_or_404(selectors.visible_reports(request.user), pk=pk)


def _is_cadre(request, report: PersonalMatterReport) -> bool:
    person = selectors.person_of(request.user)
    return person is not None and person.pk == report.cadre_id


def _handles(request, report: PersonalMatterReport) -> bool:
    return not _is_cadre(request, report) and selectors.handles_reports(request.user, report.committee)


def _report_detail(request, report: PersonalMatterReport, status: int = 200, **forms):
    is_cadre, handles = _is_cadre(request, report), _handles(request, report)
    context = {
        "report": report,
        "grounds": _grounds(report, timezone.now()),
        "is_cadre": is_cadre,
        "handles": handles,
    }
    if is_cadre and report.filed_at is None:
        context["file_form"] = forms.get("file_form") or FileReportForm()
    if is_cadre and report.replied_at and report.reply_responded_at is None:
        context["respond_form"] = forms.get("respond_form") or RespondForm()
    if handles and report.filed_at and report.replied_at is None:
        context["reply_form"] = forms.get("reply_form") or ReplyForm()
    if handles and report.replied_at:
        context["outcome_form"] = forms.get("outcome_form") or ReplyOutcomeForm()
    if handles:
        context["mark_form"] = forms.get("mark_form") or MarkForm(
            initial={
                "is_untruthful": report.is_untruthful,
                "is_concealed": report.is_concealed,
                "note": report.finding_note,
            }
        )
    return render(request, "reporting/personal/report_detail.html", context, status=status)


@login_required
def report_reply_document(request, pk: int):
    """R-2: the organisation department's reply laid out to GB/T 9704 (issue 15) – PDF, or .docx
    with ``?format=docx`` – for the cadre and the department (404 to anyone else, and before the
    reply is sent)."""
    report = _visible_report(request, pk)
    if report.replied_at is None:
        raise Http404
    document = printing.reply_document(report)
    where = f"personal-matter report {report.pk}"
    return documents.download(document, request.GET.get("format", "pdf"), f"personal-reply-{report.pk}", where)


@login_required
def report_detail(request, pk: int):
    return _report_detail(request, _visible_report(request, pk))


def _report_action(request, pk: int, *, form_class, form_name: str, allowed, act, done: str):
    report = _visible_report(request, pk)
    if not allowed(request, report):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        with refusals_on(form):
            act(report, form.cleaned_data)
            messages.success(request, done)
            return redirect("personal_report_detail", pk=report.pk)
    return _report_detail(request, report, status=200, **{form_name: form})


@login_required
@require_POST
def report_file(request, pk: int):
    return _report_action(
        request,
        pk,
        form_class=FileReportForm,
        form_name="file_form",
        allowed=_is_cadre,
        act=lambda report, data: services.file_report(
            report,
            description=data["description"],
            late_reason=data["late_reason"],
            reason_ended_on=data["reason_ended_on"],
            acting_user=request.user,
        ),
        done=_("The report was filed."),
    )


@login_required
@require_POST
def report_respond(request, pk: int):
    return _report_action(
        request,
        pk,
        form_class=RespondForm,
        form_name="respond_form",
        allowed=_is_cadre,
        act=lambda report, data: services.respond_to_reply(report, response=data["response"], acting_user=request.user),
        done=_("Your action on the reply was recorded."),
    )


@login_required
@require_POST
def report_reply(request, pk: int):
    return _report_action(
        request,
        pk,
        form_class=ReplyForm,
        form_name="reply_form",
        allowed=_handles,
        act=lambda report, data: services.reply(
            report, text=data["text"], response_days=data["response_days"], acting_user=request.user
        ),
        done=_("The reply was sent to the cadre."),
    )


@login_required
@require_POST
def report_reply_outcome(request, pk: int):
    return _report_action(
        request,
        pk,
        form_class=ReplyOutcomeForm,
        form_name="outcome_form",
        allowed=_handles,
        act=lambda report, data: services.record_reply_outcome(
            report, followed=data["followed"], note=data["note"], acting_user=request.user
        ),
        done=_("The outcome of the reply was recorded."),
    )


@login_required
@require_POST
def report_mark(request, pk: int):
    return _report_action(
        request,
        pk,
        form_class=MarkForm,
        form_name="mark_form",
        allowed=_handles,
        act=lambda report, data: services.mark_report(
            report,
            acting_user=request.user,
            is_untruthful=data["is_untruthful"],
            is_concealed=data["is_concealed"],
            note=data["note"],
        ),
        done=_("The finding was recorded."),
    )


# --------------------------------------------------------------------------- the organisation department


@login_required
def inbox(request):
    """The organisation department's reports, filterable by committee, kind, status and month."""
    if not selectors.is_in_organisation_department(request.user):
        raise PermissionDenied
    base = selectors.inbox(request.user)
    filters = ReportFilter(
        request.GET or None, queryset=base, request=request, committees=selectors.inbox_committees(request.user)
    )
    reports = _filtered(filters)
    page = page_of(request, reports.order_by("-filed_at", "due_at", "-pk"))
    _with_grounds(page.object_list, timezone.now())
    return render(request, "reporting/personal/inbox.html", {"filter": filters, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def resignation(request):
    """R-2 第六条: record a cadre's resignation application; their report is due at once."""
    if not selectors.is_in_organisation_department(request.user):
        raise PermissionDenied
    committees = selectors.inbox_committees(request.user)
    team = RoleAssignment.objects.on(timezone.localdate()).team().filter(committee__in=committees)
    people = Person.objects.filter(pk__in=team.values("person_id")).order_by("name")
    form = ResignationForm(request.POST or None, committees=committees, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.require_report_on_resignation(
                data["person"], data["committee"], at=data["applied_at"], acting_user=request.user
            )
            messages.success(
                request, _("The resignation was recorded: %(person)s now owes a report.") % {"person": data["person"]}
            )
            return redirect("personal_inbox")
    return render(request, "reporting/personal/resignation.html", {"form": form})


# ---------------------------------------------------------------------------


@login_required
def family_list(request):
    """Family-event declarations: the discipline commission's list, the secretary's, one's own."""
    base = selectors.visible_declarations(request.user)
    committees = selectors.discipline_commission_committees(request.user) | selectors.secretary_committees(request.user)
    if request.user.is_superuser:
        committees = selectors.inbox_committees(request.user)
    filters = DeclarationFilter(request.GET or None, queryset=base, request=request, committees=committees.distinct())
    declarations = _filtered(filters)
    page = page_of(request, declarations.order_by("-event_at", "-pk"))
    person = selectors.person_of(request.user)
    return render(
        request,
        "reporting/personal/family_list.html",
        {"filter": filters, "page": page, "can_declare": selectors.team_committees(person).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_create(request):
    person = selectors.person_of(request.user)
    committees = selectors.team_committees(person)
    if person is None or not committees.exists():
        raise PermissionDenied
    form = DeclareFamilyEventForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            declaration = services.declare_family_event(
                declarer=person,
                committee=data["committee"],
                kind=data["kind"],
                relation=data["relation"],
                report_form=data["report_form"],
                event_at=data["event_at"],
                reason=data["reason"],
                place=data["place"],
                guest_count=data["guest_count"],
                table_count=data["table_count"],
                spending_standard=data["spending_standard"],
                confirmations=form.confirmations(),
                acting_user=request.user,
            )
            messages.success(request, _("The declaration was filed."))
            return redirect("personal_family_detail", pk=declaration.pk)
    return render(request, "reporting/personal/family_form.html", {"form": form})


def _family_detail(request, declaration: FamilyEventDeclaration, **forms):
    person = selectors.person_of(request.user)
    is_declarer = person is not None and person.pk == declaration.declarer_id
    reviews = not is_declarer and selectors.reviews_declarations(request.user, declaration.committee)
    context = {"declaration": declaration, "is_declarer": is_declarer, "reviews": reviews}
    if is_declarer and declaration.written_at is None:
        context["written_form"] = forms.get("written_form") or WrittenDetailsForm(
            initial={"reason": declaration.reason, "place": declaration.place, "guest_count": declaration.guest_count}
        )
    if reviews:
        context["review_form"] = forms.get("review_form") or ReviewForm(
            initial={"outcome": declaration.review_outcome or None, "note": declaration.review_note}
        )
    return render(request, "reporting/personal/family_detail.html", context)


def _visible_declaration(request, pk: int) -> FamilyEventDeclaration:
    return get_object_or_404(selectors.visible_declarations(request.user), pk=pk)


@login_required
def family_detail(request, pk: int):
    return _family_detail(request, _visible_declaration(request, pk))


@login_required
@require_POST
def family_written(request, pk: int):
    declaration = _visible_declaration(request, pk)
    person = selectors.person_of(request.user)
    if person is None or person.pk != declaration.declarer_id:
        raise PermissionDenied
    form = WrittenDetailsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.file_written_form(
                declaration,
                reason=data["reason"],
                place=data["place"],
                guest_count=data["guest_count"],
                table_count=data["table_count"],
                spending_standard=data["spending_standard"],
                confirmations=form.confirmations(),
                acting_user=request.user,
            )
            messages.success(request, _("The written form was filed."))
            return redirect("personal_family_detail", pk=declaration.pk)
    return _family_detail(request, declaration, written_form=form)


@login_required
@require_POST
def family_review(request, pk: int):
    declaration = _visible_declaration(request, pk)
    person = selectors.person_of(request.user)
    is_declarer = person is not None and person.pk == declaration.declarer_id
    if is_declarer or not selectors.reviews_declarations(request.user, declaration.committee):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        with refusals_on(form):
            services.review_declaration(
                declaration,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
            messages.success(request, _("The review was recorded."))
            return redirect("personal_family_detail", pk=declaration.pk)
    return _family_detail(request, declaration, review_form=form)
