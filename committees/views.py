from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from . import bounds, calendar, panels, scope, selectors, services, site_search, todo
from .articles import ARTICLES
from .errors import refusals_on
from .forms import AssignRoleForm, EndRoleForm, OnDateForm
from .middleware import SESSION_LANGUAGE
from .models import FRACTION_RULES, BodyKind, RuleSetVersion
from .paging import page_of


def _visible_committee(user, pk: int):
    return get_object_or_404(selectors.visible_committees(user), pk=pk)


#: Committees listed on the home page; the tree shows them all.
HOME_COMMITTEES = 12
#: Roles listed on the home page, leading roles first; the person's page shows them all.
HOME_ROLES = 12


@login_required
def home(request):
    """The dashboard: my roles and committees, then what each app contributes for the roles the
    user holds today (``committees.panels``, slot "home")."""
    person = getattr(request.user, "person", None)
    my_roles, role_count = [], 0
    if person is not None:
        held = scope.of(request.user).roles  # the roles held today, known from the scope (no query)
        my_roles = list(selectors.roles_of_today(person, held=held)[:HOME_ROLES])
        role_count = sum(len(ids) for ids in held.values())
    committees = selectors.visible_committees(request.user).order_by("level", "name")
    visible = selectors.visible_committee_ids(request.user)
    return render(
        request,
        "committees/home.html",
        {
            "my_roles": my_roles,
            "role_count": role_count,
            "committees": committees[:HOME_COMMITTEES],
            "committee_count": committees.count() if visible is None else len(visible),
            "panels_html": panels.home_html(request),
            "todos": todo.cached_preview(request.user),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def todo_list(request):
    """待办: every step waiting for me, soonest deadline first, overdue marked (``committees.todo``)."""
    rows = todo.waiting_for(request.user)
    page = page_of(request, rows)
    return render(request, "committees/todo.html", {"page": page, "now": timezone.now(), "is_done": False})


@login_required
@require_http_methods(["GET", "HEAD"])
def todo_done(request):
    """已办: the steps I completed, newest first."""
    page = page_of(request, todo.done_by(request.user))
    return render(request, "committees/todo.html", {"page": page, "now": timezone.now(), "is_done": True})


@login_required
def committee_tree(request):
    return render(request, "committees/tree.html", {"roots": selectors.committee_tree(request.user)})


@login_required
def committee_detail(request, pk: int):
    committee = _visible_committee(request.user, pk)
    form = OnDateForm(request.GET or None)
    on = (form.is_valid() and form.cleaned_data["on"]) or timezone.localdate()
    rows = selectors.members_on(committee, on)
    context = {
        "committee": committee,
        "form": form,
        "on": on,
        "team": [r for r in rows if r.is_team_member],
        "others": [r for r in rows if not r.is_team_member],
        "children": committee.children.filter(pk__in=selectors.visible_committees(request.user)),
        "bodies": sorted(committee.bodies.all(), key=lambda body: list(BodyKind).index(body.kind)),
        "rules": selectors.current_rules(committee),
        "can_manage": selectors.can_manage(request.user, committee),
        "warnings": services.early_replacements(committee, since=on - datetime.timedelta(days=365)),
        "five_person_group": selectors.five_person_group(committee, on),
    }
    if request.htmx:
        return render(request, "committees/_members.html", context)
    context["panels"] = panels.collect("committee", request, committee)
    return render(request, "committees/committee_detail.html", context)


@login_required
def committee_history(request, pk: int):
    committee = _visible_committee(request.user, pk)
    page = page_of(request, selectors.role_history(committee))
    return render(request, "committees/committee_history.html", {"committee": committee, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def assign_role(request, pk: int):
    committee = _visible_committee(request.user, pk)
    if not selectors.can_manage(request.user, committee):
        raise PermissionDenied
    people = selectors.visible_people(request.user).order_by("name")
    form = AssignRoleForm(request.POST or None, committee=committee, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = {
            "committee": committee,
            "role": data["role"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "term": data["term"],
            "note": data["note"],
        }
        with refusals_on(form):
            if data["person"]:
                assignment = services.assign_role(person=data["person"], **role, acting_user=request.user)
            else:
                assignment = services.appoint_new_person(
                    name=data["new_person_name"].strip(),
                    position=data["new_person_position"].strip(),
                    **role,
                    acting_user=request.user,
                )
            messages.success(request, _("%(person)s was appointed.") % {"person": assignment.person})
            return redirect("committee_detail", pk=committee.pk)
    return render(request, "committees/assign_role.html", {"committee": committee, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def end_role(request, pk: int):
    assignment = get_object_or_404(selectors.visible_role_assignments(request.user), pk=pk)
    if not selectors.can_manage(request.user, assignment.committee):
        raise PermissionDenied
    form = EndRoleForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            warnings = services.end_role(assignment, end_date=form.cleaned_data["end_date"], acting_user=request.user)
            messages.success(request, _("The role was ended."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("committee_detail", pk=assignment.committee_id)
    return render(request, "committees/end_role.html", {"assignment": assignment, "form": form})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.visible_people(request.user), pk=pk)
    return render(
        request,
        "committees/person_detail.html",
        {
            "person": person,
            "history": selectors.person_history(request.user, person),
            "panels": panels.collect("person", request, person),
        },
    )


@login_required
def rule_set_list(request):
    return render(request, "committees/rule_set_list.html", {"rule_sets": selectors.rule_sets()})


@login_required
def rule_set_detail(request, pk: int):
    rule_set = get_object_or_404(selectors.rule_sets(), pk=pk)
    versions = list(rule_set.versions.all())
    if not versions:
        raise Http404
    number = request.GET.get("version")
    version = next((v for v in versions if str(v.number) == number), versions[0])
    rows = []
    for fraction in FRACTION_RULES:
        value, strict = version.fraction(fraction.prefix)
        rows.append(
            {
                "rule_id": fraction.rule_id,
                "label": fraction.label,
                "value": f"{'>' if strict else '≥'} {value.numerator}/{value.denominator}",
                "unit": "",
            }
        )
    for field in RuleSetVersion.rule_fields():
        value = getattr(version, field.name)
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        rows.append({"rule_id": field.rule_id, "label": field.verbose_name, "value": value, "unit": field.unit})
    rows.sort(key=lambda r: _rule_sort_key(r["rule_id"]))
    for row in rows:
        row["article"] = ARTICLES.get(row["rule_id"])
    return render(
        request,
        "committees/rule_set_detail.html",
        {"rule_set": rule_set, "version": version, "versions": versions, "rows": rows},
    )


RULE_SECTIONS = ["O", "M-N", "M-Q", "M-D", "M-V", "M-E", "M-M", "M-C", "DL", "L", "S", "A", "R", "P", "X"]


def _rule_sort_key(rule_id: str):
    """Rulebook order: O-1, M-N1 … M-V10, DL-1, L-1 … X-6."""
    prefix, number = re.fullmatch(r"(.*?)-?(\d+)", rule_id).groups()
    prefix = prefix.rstrip("-")
    return (RULE_SECTIONS.index(prefix) if prefix in RULE_SECTIONS else 99, int(number))


@login_required
def calendar_year(request, year: int | None = None):
    year = bounds.parse_year(year or timezone.localdate().year)
    if year is None:
        raise Http404
    months = [(datetime.date(year, m, 1), calendar.month_grid(year, m)) for m in range(1, 13)]
    return render(
        request,
        "committees/calendar.html",
        {
            "year": year,
            "months": months,
            "is_unofficial": bool(calendar.years_without_schedule([year])),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def search(request):
    """Issue 14: the site search (``committees.site_search``); a query it refuses is a message on
    the page, never a 500."""
    raw = request.GET.get("q")
    query, error, groups = None, None, []
    if raw is not None:
        try:
            query = site_search.parse_query(raw)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            groups = site_search.search(request.user, query)
    return render(
        request,
        "committees/search.html",
        {
            "query": query,
            "typed": (raw or "")[: bounds.SEARCH_TERM_MAX_LENGTH],
            "error": error,
            "groups": groups,
            "found": sum(group.count for group in groups),
            "max_length": bounds.SEARCH_TERM_MAX_LENGTH,
        },
    )


@require_POST
def set_language(request):
    """Django's language switch (cookie, then back to the page), and for a signed-in person also
    their language: the one their e-mails and notifications are worded in, and the interface's at
    their next log-in on another computer (``committees.middleware.SESSION_LANGUAGE``)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if language in dict(settings.LANGUAGES):
        request.session[SESSION_LANGUAGE] = language
        if person is not None:
            services.set_language(person, language, acting_user=request.user)
    return response
