from django.urls import path

from . import views

urlpatterns = [
    path("", views.obligation_list, name="periodic_list"),
    path("<int:pk>/", views.obligation_detail, name="periodic_detail"),
    path("<int:pk>/submit/", views.obligation_submit, name="periodic_submit"),
    path("<int:pk>/attachment/", views.obligation_attachment, name="periodic_attachment"),
    path("received/<int:committee_pk>/", views.received, name="periodic_received"),
    path("received/<int:committee_pk>/<str:kind>/<str:start>/", views.roster, name="periodic_roster"),
]
