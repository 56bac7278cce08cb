"""What the democratic life meeting contributes to pages of ``committees``: this year's status on
a committee's page (M-C3, DL-1..DL-4) and, on the home dashboard, the postponement requests the
user's committee decides for its lower committees (DL-2).

Registered when ``meetings.panels`` imports this module. Each provider filters by what the user
may see and runs a fixed number of queries.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import panels
from committees.models import Role
from committees.panels import PANEL_ROWS, committees_holding
from committees.selectors import can_see

from . import rules, selectors


@panels.provider("committee")
def democratic_life_this_year(request, committee):
    """M-C3: the year's democratic life meeting of the committee, with its status."""
    if not can_see(request.user, committee.pk):
        return None
    year = timezone.localdate().year
    record = selectors.visible_records(request.user).filter(committee=committee, year=year).first()
    status = selectors.status_of(record) if record else None
    return panels.Panel(
        gettext_lazy("Democratic life meeting this year"),
        "meetings/democratic_life/panels/committee.html",
        {
            "record": record,
            "year": year,
            "status": status,
            "status_label": rules.Status.label(status) if status else "",
            "url": reverse("democratic_life_list") + f"?committee={committee.pk}",
            "more": _("All democratic life meetings"),
        },
        order=45,
    )


@panels.provider("home")
def postponements_to_decide(request, obj=None):
    """DL-2: requests of lower committees waiting for this committee's agreement."""
    if not committees_holding(request, rules.STANDING_COMMITTEE_RECORDER_ROLES | {Role.SECRETARY}):
        return None
    pending = selectors.postponement_inbox(request.user)
    count = pending.count()
    if not count:
        return None
    return panels.Panel(
        gettext_lazy("Democratic life meetings: postponements to decide"),
        "meetings/democratic_life/panels/inbox.html",
        {
            "count": count,
            "rows": list(pending[:PANEL_ROWS]),
            "url": reverse("democratic_life_inbox"),
            "more": _("All requests"),
        },
        order=14,
    )
