"""Mounted under /personal/: personal-matter reports (R-2) and family-event declarations (R-3)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_list, name="personal_report_list"),
    path("new/", views.report_create, name="personal_report_create"),
    path("inbox/", views.inbox, name="personal_inbox"),
    path("resignation/", views.resignation, name="personal_resignation"),
    path("<int:pk>/", views.report_detail, name="personal_report_detail"),
    path("<int:pk>/file/", views.report_file, name="personal_report_file"),
    path("<int:pk>/respond/", views.report_respond, name="personal_report_respond"),
    path("<int:pk>/reply/", views.report_reply, name="personal_report_reply"),
    path("<int:pk>/reply/document/", views.report_reply_document, name="personal_report_reply_document"),
    path("<int:pk>/reply-outcome/", views.report_reply_outcome, name="personal_report_reply_outcome"),
    path("<int:pk>/mark/", views.report_mark, name="personal_report_mark"),
    path("family/", views.family_list, name="personal_family_list"),
    path("family/new/", views.family_create, name="personal_family_create"),
    path("family/<int:pk>/", views.family_detail, name="personal_family_detail"),
    path("family/<int:pk>/written/", views.family_written, name="personal_family_written"),
    path("family/<int:pk>/review/", views.family_review, name="personal_family_review"),
]
