"""Evaluations (A-8/A-9), admonishment talks (A-6), year-end reports; mounted under /supervision/evaluation/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/take-part/", views.evaluation_take_part, name="evaluation_take_part"),
    path("<int:pk>/close/", views.evaluation_close, name="evaluation_close"),
    path("results/<int:pk>/<slug:action>/", views.subject_action, name="evaluation_subject_action"),
    path("committees/<int:committee_pk>/new/", views.evaluation_open, name="evaluation_open"),
    path("talks/", views.talk_list, name="evaluation_talks"),
    path("talks/<int:pk>/", views.talk_detail, name="evaluation_talk_detail"),
    path("talks/committees/<int:committee_pk>/new/", views.talk_new, name="evaluation_talk_new"),
    path("reports/", views.report_list, name="evaluation_reports"),
    path("reports/<int:pk>/", views.report_detail, name="evaluation_report_detail"),
    path("reports/committees/<int:committee_pk>/new/", views.report_require, name="evaluation_reports_require"),
    path("towns/<int:committee_pk>/", views.town_assessment, name="evaluation_town_assessment"),
]
