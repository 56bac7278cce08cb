"""The project's URLs plus the democratic life pages and API, mounted as the integrator will
(meetings/urls.py and the API router), so these tests run before that wiring lands."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from meetings.democratic_life.api import router

urlpatterns = [
    path("meetings/democratic-life/", include("meetings.democratic_life.urls")),
    path("api/", include(router.urls)),
    *project_urlpatterns,
]
