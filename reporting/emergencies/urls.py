from django.urls import path

from . import views

urlpatterns = [
    path("", views.emergency_list, name="emergencies_list"),
    path("new/", views.emergency_create, name="emergencies_create"),
    path("<int:pk>/", views.emergency_detail, name="emergencies_detail"),
    path("<int:pk>/countdown/", views.emergency_countdown, name="emergencies_countdown"),
    path("<int:pk>/report/", views.emergency_report, name="emergencies_report"),
    path("<int:pk>/follow-up/", views.emergency_follow_up, name="emergencies_follow_up"),
    path("attachments/<int:pk>/", views.emergency_attachment, name="emergencies_attachment"),
]
