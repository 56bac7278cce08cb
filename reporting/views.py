from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from committees.context_processors import shows_years
from committees.paging import page_of
from committees.redirects import is_on_site

from . import selectors
from .filters import DeadlineFilter


@login_required
def deadline_dashboard(request):
    """What I owe, what I am told about, what my units owe – overdue first, with countdowns."""
    filters = DeadlineFilter(request.GET, queryset=selectors.visible_deadlines(request.user), request=request)
    base = filters.qs  # invalid filters show their errors and an empty result
    sections = selectors.dashboard(request.user, base)
    sections["units"] = page_of(request, sections["units"])
    shown = [*sections["mine"], *sections["notified"], *sections["units"].object_list]
    selectors.unlink_unopenable(request.user, shown)
    shows_years(request, {timezone.localtime(deadline.due_at).year for deadline in shown})
    return render(request, "reporting/deadlines.html", {"filter": filters, "now": timezone.now(), **sections})


@login_required
def notification_list(request):
    page = page_of(request, selectors.inbox(request.user), per_page=30)
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(selectors.inbox(request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url or "/notifications/"
    if not is_on_site(request, target):
        target = "/notifications/"
    return HttpResponseRedirect(target)


@login_required
@require_POST
def notification_read_all(request):
    selectors.inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return HttpResponseRedirect("/notifications/")
