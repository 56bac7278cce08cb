"""The app's URLs (``config.urls``) plus the baseline of the load benchmark, ``/bench/bare/``: a
page behind the same middleware (session, authentication, CSRF, CSP, Axes…) that reads the
signed-in user – its 2 queries, the session and the user – and renders nothing else;
``/bench/frame/``, the frame every page draws (``base.html``) with nothing in it; and
``/bench/home-fresh/``, home with nothing kept. Served only by
the bench server (``bench/settings.py``), never by the app's own URLs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from committees import todo
from committees.views import home
from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    """2 queries (session, user); 403 when the session is not signed in, so a lost login shows."""
    if not request.user.is_authenticated:
        return HttpResponse("not signed in", status=403, content_type="text/plain")
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


@login_required
def frame(request):
    """Any page's frame and nothing in it: ``base.html`` – the header with its navigation and to-do
    counts, the bell, the language switch, the search box – for the signed-in user. What every
    page costs before its own content; between the bare page and a list page."""
    return render(request, "base.html", {})


def home_fresh(request):
    """Home as it is drawn after any change: what home keeps (the header's counts, the to-do
    preview, the panels) outdated first, as a saved row's commit does – the cost the first visit
    after every write pays, which the plain home target, served from what is kept, does not show."""
    todo.steps_changed()
    return home(request)


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/frame/", frame, name="bench_frame"),
    path("bench/home-fresh/", home_fresh, name="bench_home_fresh"),
    *app_urlpatterns,
]
