from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="grassroots_mine"),
    path("committee/<int:pk>/", views.committee_board, name="grassroots_committee"),
    path("committee/<int:pk>/document/", views.committee_document, name="grassroots_committee_document"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="grassroots_entry_remove"),
]
