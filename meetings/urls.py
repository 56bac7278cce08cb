"""Mounted under /meetings/ (``path("meetings/", include("meetings.urls"))``)."""

from django.urls import include, path

from .views import agenda, attendance, cadence, decisions, emergencies, meetings, minutes, notice, session, votes
from .views import calendar as calendar_views
from .views import projector as projector_views

urlpatterns = [
    path("", meetings.meeting_list, name="meetings_list"),
    path("new/", meetings.meeting_create, name="meetings_create"),
    path("<int:pk>/", session.meeting_detail, name="meetings_detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meetings_edit"),
    path("<int:pk>/agenda/", agenda.agenda, name="meetings_agenda"),
    path("<int:pk>/notice/", notice.notice, name="meetings_notice"),
    path("<int:pk>/amendments/notify/", notice.notify_amendments, name="meetings_notify_amendments"),
    path("<int:pk>/attendance/", attendance.attendance, name="meetings_attendance"),
    path("<int:pk>/observers/", attendance.add_observer, name="meetings_add_observer"),
    path("<int:pk>/open/", session.meeting_open, name="meetings_open"),
    path("<int:pk>/close/", session.meeting_close, name="meetings_close"),
    path("<int:pk>/meeting.ics", notice.meeting_ics, name="meetings_ics"),
    path("items/<int:pk>/", agenda.item_detail, name="meetings_item"),
    path("items/<int:pk>/approve/", agenda.item_approve, name="meetings_item_approve"),
    path("items/<int:pk>/move/", agenda.item_move, name="meetings_item_move"),
    path("items/<int:pk>/schedule/", agenda.item_schedule, name="meetings_item_schedule"),
    path("items/<int:pk>/defer/", agenda.item_defer, name="meetings_item_defer"),
    path("items/<int:pk>/withdraw/", agenda.item_withdraw, name="meetings_item_withdraw"),
    path("items/<int:pk>/take-up/", session.item_take_up, name="meetings_item_take_up"),
    path("items/<int:pk>/close/", session.item_close, name="meetings_item_close"),
    path("items/<int:pk>/stance/", session.item_stance, name="meetings_item_stance"),
    path("items/<int:pk>/recusal/", session.item_recuse, name="meetings_item_recuse"),
    path("attachments/<int:pk>/", agenda.attachment_download, name="meetings_attachment"),
    path("opinions/<int:pk>/file/", agenda.opinion_file, name="meetings_opinion_file"),
    path("notices/", notice.my_notices, name="meetings_my_notices"),
    path("notices/<int:pk>/acknowledge/", notice.acknowledge, name="meetings_acknowledge"),
    path("my.ics", notice.my_ics, name="meetings_my_ics"),
    path("feed/<str:token>.ics", notice.feed, name="meetings_feed"),
    path("feed/revoke/", notice.feed_revoke, name="meetings_feed_revoke"),
    path("cadence/<int:pk>/", cadence.cadence, name="meetings_cadence"),
    path("emergencies/", emergencies.emergency_list, name="meetings_emergency_list"),
    path("emergencies/new/", emergencies.emergency_create, name="meetings_emergency_create"),
    path("emergencies/<int:pk>/", emergencies.emergency_detail, name="meetings_emergency_detail"),
]

urlpatterns += [
    path("items/<int:pk>/vote/", votes.vote_open, name="meetings_vote_open"),
    path("items/<int:pk>/consensus/", decisions.item_consensus, name="meetings_item_consensus"),
    path("votes/<int:pk>/", votes.vote_detail, name="meetings_vote"),
    path("votes/<int:pk>/cast/", votes.vote_cast, name="meetings_vote_cast"),
    path("votes/<int:pk>/close/", votes.vote_close, name="meetings_vote_close"),
    path("decisions/", decisions.decision_list, name="meetings_decisions"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="meetings_decision"),
    path("decisions/public/", decisions.public_decisions, name="meetings_public_decisions"),
    path("minutes/", minutes.minutes_list, name="meetings_minutes_list"),
    path("minutes/<int:pk>/", minutes.minutes_detail, name="meetings_minutes"),
    path("minutes/<int:pk>/pdf/", minutes.minutes_pdf, name="meetings_minutes_pdf"),
    path("minutes/<int:pk>/docx/", minutes.minutes_docx, name="meetings_minutes_docx"),
    path("minutes/<int:pk>/verify/", minutes.minutes_verify, name="meetings_minutes_verify"),
]

# Issue 13 (console-grid): the stance grid in one submit, and the console's "changed since" poll.
urlpatterns += [
    path("items/<int:pk>/stances/", session.item_stances, name="meetings_item_stances"),
    path("<int:pk>/console/version/", session.meeting_console_version, name="meetings_console_version"),
]

urlpatterns += [
    path("archive/<int:pk>/<int:year>.zip", minutes.archive_export, name="meetings_archive"),
]

# Issue 13: the named-ballot grid and the room's projector.
urlpatterns += [
    path("votes/<int:pk>/ballots/", votes.vote_ballots, name="meetings_vote_ballots"),
    path("<int:pk>/projector/", projector_views.projector, name="meetings_projector"),
]

urlpatterns += [path("democratic-life/", include("meetings.democratic_life.urls"))]

# Issue 14 (calendar): the meeting calendar, month and week.
urlpatterns += [path("calendar/", calendar_views.meeting_calendar_page, name="meetings_calendar")]
