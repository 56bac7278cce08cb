"""The app's URLs (``config.urls``) plus the baseline of the load benchmark, ``/bench/bare/``: a
page behind the same middleware (session, authentication, CSRF, CSP, Axes…) that reads the
signed-in user – its 2 queries, the session and the user – and renders nothing else. Served only by
the bench server (``bench/settings.py``), never by the app's own URLs."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    """2 queries (session, user); 403 when the session is not signed in, so a lost login shows."""
    if not request.user.is_authenticated:
        return HttpResponse("not signed in", status=403, content_type="text/plain")
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
