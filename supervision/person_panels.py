"""S-4 / A-4 on a person's profile: this year's award eligibility and, if lost, why."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import panels
from committees.selectors import visible_committees

from . import selectors


@panels.provider("person")
def award_eligibility(request, person):
    """Shown to the person and to whoever sees the committee that inspected or decided; a lost
    eligibility is listed with its rule and reason, and the case when the viewer may open it."""
    user = request.user
    if not user.is_authenticated:
        return None
    year = timezone.localdate().year
    losses = selectors.person_award_losses(person, year)
    is_self = getattr(user, "person", None) == person
    if not is_self and not user.is_superuser:
        seen = set(visible_committees(user).values_list("pk", flat=True))
        losses = [loss for loss in losses if loss.committee.pk in seen]
    visible_case_ids = set(
        selectors.visible_cases(user)
        .filter(pk__in=[loss.case.pk for loss in losses if loss.case])
        .values_list("pk", flat=True)
    )
    return panels.Panel(
        _("Award eligibility"),
        "supervision/panels/person_awards.html",
        {"year": year, "losses": losses, "case_ids": visible_case_ids},
        order=300,
    )
