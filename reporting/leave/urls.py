from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_requests, name="leave_mine"),
    path("new/", views.request_create, name="leave_create"),
    path("inbox/", views.approval_inbox, name="leave_inbox"),
    path("filing/", views.filing_inbox, name="leave_filing"),
    path("<int:pk>/", views.request_detail, name="leave_detail"),
    path("<int:pk>/form.pdf", views.request_pdf, name="leave_pdf"),
    path("<int:pk>/edit/", views.request_edit, name="leave_edit"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="leave_withdraw"),
    path("<int:pk>/report-back/", views.request_report_back, name="leave_report_back"),
    path("steps/<int:pk>/decide/", views.step_decide, name="leave_decide"),
    path("committees/<int:pk>/calendar/", views.leave_calendar, name="leave_calendar"),
    path("committees/<int:pk>/presence/", views.presence, name="leave_presence"),
    path("committees/<int:pk>/summary/", views.summary, name="leave_summary"),
]
