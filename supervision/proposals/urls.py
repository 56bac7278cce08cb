from django.urls import path

from . import views

urlpatterns = [
    path("", views.proposal_list, name="proposals_list"),
    path("new/", views.proposal_new, name="proposals_new"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/<slug:action>/", views.proposal_act, name="proposal_act"),
    path("committee/<int:pk>/", views.committee_report, name="proposals_report"),
    path("committee/<int:pk>/document/", views.committee_report_document, name="proposals_report_document"),
]
