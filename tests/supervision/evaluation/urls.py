"""The project's URLs with the evaluation pages and API mounted as the integrator will mount them."""

from django.urls import include, path
from rest_framework import routers

from config.urls import urlpatterns as project_urlpatterns
from supervision.evaluation.api import register

router = routers.DefaultRouter()
register(router)

urlpatterns = [
    path("supervision/evaluation/", include("supervision.evaluation.urls")),
    path("api/", include(router.urls)),
    *project_urlpatterns,
]
