"""Petitions (P-1..P-5), mounted under /petitions/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.petition_list, name="petitions_list"),
    path("<int:pk>/", views.petition_detail, name="petitions_detail"),
    path("<int:pk>/transfer/", views.petition_transfer, name="petitions_transfer"),
    path("<int:pk>/extend/", views.petition_extend, name="petitions_extend"),
    path("<int:pk>/answer/", views.petition_answer, name="petitions_answer"),
    path("new/", views.petition_register_pick, name="petitions_register_pick"),
    path("committees/<int:committee_pk>/new/", views.petition_register, name="petitions_register"),
    path("report/", views.petition_report, name="petitions_report"),
    path("report.xlsx", views.petition_report_xlsx, name="petitions_report_xlsx"),
    path("report/document/", views.petition_report_document, name="petitions_report_document"),
]
