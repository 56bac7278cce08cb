"""Mounted under /meetings/democratic-life/ (``path("democratic-life/", include("meetings.democratic_life.urls"))``
in meetings/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.record_list, name="democratic_life_list"),
    path("new/", views.record_create, name="democratic_life_create"),
    path("<int:pk>/", views.record_detail, name="democratic_life_detail"),
    path("<int:pk>/plan/", views.record_plan, name="democratic_life_plan"),
    path("<int:pk>/schedule/", views.record_schedule, name="democratic_life_schedule"),
    path("<int:pk>/opinions/", views.record_opinion, name="democratic_life_opinion"),
    path("<int:pk>/talks/", views.record_talk, name="democratic_life_talk"),
    path("<int:pk>/materials/", views.record_material, name="democratic_life_material"),
    path("<int:pk>/postpone/", views.record_postpone, name="democratic_life_postpone"),
    path("<int:pk>/measures/", views.record_measure, name="democratic_life_measure"),
    path("<int:pk>/report/", views.record_report, name="democratic_life_report"),
    path("<int:pk>/report/document/", views.record_report_document, name="democratic_life_report_document"),
    path("<int:pk>/report/link/", views.record_report_link, name="democratic_life_report_link"),
    path("<int:pk>/report/discipline/", views.record_discipline_copy, name="democratic_life_discipline_copy"),
    path("materials/<int:pk>/file/", views.material_file, name="democratic_life_material_file"),
    path("measures/<int:pk>/complete/", views.measure_complete, name="democratic_life_measure_complete"),
    path("postponements/", views.postponement_inbox, name="democratic_life_inbox"),
    path("postponements/<int:pk>/decide/", views.postponement_decide, name="democratic_life_decide"),
]
