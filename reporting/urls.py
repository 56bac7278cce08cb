from django.urls import include, path

urlpatterns = [
    path("emergencies/", include("reporting.emergencies.urls")),
    path("personal/", include("reporting.personal.urls")),
    path("petitions/", include("reporting.petitions.urls")),
    path("periodic/", include("reporting.periodic.urls")),
]
