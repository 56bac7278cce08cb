from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("todo/", views.todo_list, name="todo"),
    path("todo/done/", views.todo_done, name="todo_done"),
    path("committees/", views.committee_tree, name="committee_tree"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/history/", views.committee_history, name="committee_history"),
    path("committees/<int:pk>/roles/new/", views.assign_role, name="assign_role"),
    path("roles/<int:pk>/end/", views.end_role, name="end_role"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("rules/", views.rule_set_list, name="rule_set_list"),
    path("rules/<int:pk>/", views.rule_set_detail, name="rule_set_detail"),
    path("search/", views.search, name="search"),
    path("calendar/", views.calendar_year, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
]
