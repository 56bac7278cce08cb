"""The room's projector (issue 13): a big-screen page that refreshes itself (htmx polling, a
meta refresh without JavaScript). Whoever may see the meeting may open it (the console's check)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.selectors.projector import projector_screen

from .shared import meeting_or_404

#: Seconds between two refreshes of the screen.
REFRESH_SECONDS = 4


@require_safe
@login_required
def projector(request, pk: int):
    meeting = meeting_or_404(request, pk)
    context = {"screen": projector_screen(meeting, request.user), "refresh": REFRESH_SECONDS}
    template = "meetings/_projector_screen.html" if request.htmx else "meetings/projector.html"
    return render(request, template, context)
