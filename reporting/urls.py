from django.urls import include, path

from . import views

urlpatterns = [
    path("deadlines/", views.deadline_dashboard, name="deadline_dashboard"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("emergencies/", include("reporting.emergencies.urls")),
    path("leave/", include("reporting.leave.urls")),
    path("personal/", include("reporting.personal.urls")),
    path("petitions/", include("reporting.petitions.urls")),
    path("periodic/", include("reporting.periodic.urls")),
    path("grassroots/", include("reporting.grassroots.urls")),
    path("worklog/", include("reporting.worklog.urls")),
    path("openness/", include("reporting.openness.urls")),
    path("interviews/", include("reporting.interviews.urls")),
    path("opinions/", include("reporting.opinions.urls")),
]
