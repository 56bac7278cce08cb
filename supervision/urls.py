"""Supervision items and inspections (S-1..S-6), mounted under /supervision/."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("evaluation/", include("supervision.evaluation.urls")),
    path("proposals/", include("supervision.proposals.urls")),
    path("talks/", include("supervision.talks.urls")),
    path("", views.item_list, name="supervision_list"),
    path("board/", views.board, name="supervision_board"),
    path("award-eligibility/", views.award_eligibility, name="supervision_award_eligibility"),
    path("accountability/", views.case_list, name="supervision_cases"),
    path("accountability/<int:pk>/", views.case_detail, name="supervision_case_detail"),
    path("accountability/<int:pk>/decision/", views.case_decision, name="supervision_case_decision"),
    path("accountability/open/<slug:source>/<int:pk>/", views.case_open, name="supervision_case_open"),
    path("inquiries/", views.inquiry_list, name="supervision_inquiries"),
    path("inquiries/<int:pk>/reply/", views.inquiry_reply, name="supervision_inquiry_reply"),
    path("decisions/<int:pk>/waive/", views.decision_waive, name="supervision_decision_waive"),
    path("inspections/", views.inspection_list, name="supervision_inspections"),
    path(
        "inspections/<int:pk>/rectification/",
        views.inspection_rectification,
        name="supervision_inspection_rectification",
    ),
    path("<int:pk>/", views.item_detail, name="supervision_detail"),
    path("<int:pk>/<slug:action>/", views.item_action, name="supervision_action"),
    path("<int:pk>/print/<slug:form_name>/", views.item_print, name="supervision_print"),
    path("committees/<int:committee_pk>/new/", views.item_register, name="supervision_register"),
    path(
        "committees/<int:committee_pk>/inspections/new/",
        views.inspection_register,
        name="supervision_inspection_register",
    ),
]
