from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="openness_index"),
    path("committee/<int:pk>/", views.committee_board, name="openness_committee"),
    path("committee/<int:pk>/document/", views.committee_document, name="openness_committee_document"),
    path("<int:pk>/", views.check_detail, name="openness_check"),
    path("<int:pk>/remove/", views.check_remove, name="openness_check_remove"),
]
