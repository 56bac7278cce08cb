from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="worklog_mine"),
    path("committee/<int:pk>/", views.committee_week, name="worklog_week"),
    path("committee/<int:pk>/document/", views.week_document, name="worklog_week_document"),
]
