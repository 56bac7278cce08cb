"""Mounted under /meetings/ (``path("meetings/", include("meetings.urls"))``)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meetings_list"),
    path("new/", views.meeting_create, name="meetings_create"),
    path("<int:pk>/", views.meeting_detail, name="meetings_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meetings_edit"),
    path("<int:pk>/agenda/", views.agenda, name="meetings_agenda"),
    path("<int:pk>/notice/", views.notice, name="meetings_notice"),
    path("<int:pk>/amendments/notify/", views.notify_amendments, name="meetings_notify_amendments"),
    path("<int:pk>/attendance/", views.attendance, name="meetings_attendance"),
    path("<int:pk>/observers/", views.add_observer, name="meetings_add_observer"),
    path("<int:pk>/open/", views.meeting_open, name="meetings_open"),
    path("<int:pk>/close/", views.meeting_close, name="meetings_close"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="meetings_ics"),
    path("items/<int:pk>/", views.item_detail, name="meetings_item"),
    path("items/<int:pk>/approve/", views.item_approve, name="meetings_item_approve"),
    path("items/<int:pk>/move/", views.item_move, name="meetings_item_move"),
    path("items/<int:pk>/schedule/", views.item_schedule, name="meetings_item_schedule"),
    path("items/<int:pk>/defer/", views.item_defer, name="meetings_item_defer"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="meetings_item_withdraw"),
    path("items/<int:pk>/take-up/", views.item_take_up, name="meetings_item_take_up"),
    path("items/<int:pk>/close/", views.item_close, name="meetings_item_close"),
    path("items/<int:pk>/stance/", views.item_stance, name="meetings_item_stance"),
    path("items/<int:pk>/recusal/", views.item_recuse, name="meetings_item_recuse"),
    path("attachments/<int:pk>/", views.attachment_download, name="meetings_attachment"),
    path("opinions/<int:pk>/file/", views.opinion_file, name="meetings_opinion_file"),
    path("notices/", views.my_notices, name="meetings_my_notices"),
    path("notices/<int:pk>/acknowledge/", views.acknowledge, name="meetings_acknowledge"),
    path("my.ics", views.my_ics, name="meetings_my_ics"),
    path("feed/<str:token>.ics", views.feed, name="meetings_feed"),
    path("feed/revoke/", views.feed_revoke, name="meetings_feed_revoke"),
    path("cadence/<int:pk>/", views.cadence, name="meetings_cadence"),
    path("emergencies/", views.emergency_list, name="meetings_emergency_list"),
    path("emergencies/new/", views.emergency_create, name="meetings_emergency_create"),
    path("emergencies/<int:pk>/", views.emergency_detail, name="meetings_emergency_detail"),
]

urlpatterns += [
    path("items/<int:pk>/vote/", views.vote_open, name="meetings_vote_open"),
    path("items/<int:pk>/consensus/", views.item_consensus, name="meetings_item_consensus"),
    path("votes/<int:pk>/", views.vote_detail, name="meetings_vote"),
    path("votes/<int:pk>/cast/", views.vote_cast, name="meetings_vote_cast"),
    path("votes/<int:pk>/close/", views.vote_close, name="meetings_vote_close"),
    path("decisions/", views.decision_list, name="meetings_decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="meetings_decision"),
    path("decisions/public/", views.public_decisions, name="meetings_public_decisions"),
    path("minutes/", views.minutes_list, name="meetings_minutes_list"),
    path("minutes/<int:pk>/", views.minutes_detail, name="meetings_minutes"),
    path("minutes/<int:pk>/pdf/", views.minutes_pdf, name="meetings_minutes_pdf"),
    path("minutes/<int:pk>/verify/", views.minutes_verify, name="meetings_minutes_verify"),
]

urlpatterns += [
    path("archive/<int:pk>/<int:year>.zip", views.archive_export, name="meetings_archive"),
]

urlpatterns += [path("democratic-life/", include("meetings.democratic_life.urls"))]
