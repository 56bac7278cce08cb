from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="talks_mine"),
    path("committee/<int:pk>/", views.committee_board, name="talks_committee"),
    path("committee/<int:pk>/<slug:action>/", views.committee_act, name="talks_committee_act"),
    path("<int:pk>/", views.talk_detail, name="talk_detail"),
]
