from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="interviews_mine"),
    path("committee/<int:pk>/", views.committee_days, name="interviews_committee"),
    path("days/<int:pk>/remove/", views.day_remove, name="interview_day_remove"),
    path("<int:pk>/", views.detail, name="interview_detail"),
    path("<int:pk>/<slug:action>/", views.act, name="interview_act"),
    path("cards/<int:pk>/reply/", views.card_reply, name="interview_card_reply"),
    path("cards/<int:pk>/document/", views.card_document, name="interview_card_document"),
]
