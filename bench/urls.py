"""The app's URLs (``config.urls``) plus the baseline of the load benchmark, ``/bench/bare/``: a
page behind the same middleware (session, authentication, CSRF, CSP, Axes…) that reads the
signed-in user – its 2 queries, the session and the user – and renders nothing else; and
``/bench/home-fresh/``, home with nothing kept. Served only by
the bench server (``bench/settings.py``), never by the app's own URLs."""

from django.http import HttpResponse
from django.urls import path

from committees import todo
from committees.views import home
from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    """2 queries (session, user); 403 when the session is not signed in, so a lost login shows."""
    if not request.user.is_authenticated:
        return HttpResponse("not signed in", status=403, content_type="text/plain")
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def home_fresh(request):
    """Home as it is drawn after any change: what home keeps (the header's counts, the to-do
    preview, the panels) outdated first, as a saved row's commit does – the cost the first visit
    after every write pays, which the plain home target, served from what is kept, does not show."""
    todo.steps_changed()
    return home(request)


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/home-fresh/", home_fresh, name="bench_home_fresh"),
    *app_urlpatterns,
]
