from django.urls import path

from . import views

urlpatterns = [
    path("", views.entry_list, name="opinions_list"),
    path("new/", views.entry_new, name="opinions_new"),
    path("<int:pk>/", views.entry_detail, name="opinion_detail"),
    path("<int:pk>/<slug:action>/", views.entry_step, name="opinion_step"),
    path("committee/<int:pk>/summary/", views.summary, name="opinions_summary"),
    path("committee/<int:pk>/summary/document/", views.summary_document, name="opinions_summary_document"),
]
