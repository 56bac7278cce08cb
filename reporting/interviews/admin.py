from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.admin import PrivateRecordsAdmin

from .models import HandlingCard, InterviewDay, InterviewMonth, InterviewRequest


class ReadOnly(SimpleHistoryAdmin):
    """Kept by the services (``reporting.interviews.services``): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InterviewDay)
class InterviewDayAdmin(ReadOnly):
    list_display = ["day", "committee", "leader", "place"]
    list_select_related = ["committee", "leader"]
    date_hierarchy = "day"
    readonly_fields = [f.name for f in InterviewDay._meta.fields]


@admin.register(InterviewRequest)
class InterviewRequestAdmin(PrivateRecordsAdmin):
    """Private to the cadre, the leader and the organisation department (四.4): the list shows no
    summary or record."""

    list_display = ["created_at", "committee", "requester", "leader", "topic", "state", "scheduled_at"]
    list_filter = ["state", "topic", "channel"]
    list_select_related = ["committee", "requester", "leader"]
    readonly_fields = [f.name for f in InterviewRequest._meta.fields]


@admin.register(HandlingCard)
class HandlingCardAdmin(PrivateRecordsAdmin):
    list_display = ["interview", "unit", "reply_due", "state", "replied_on"]
    list_filter = ["state"]
    list_select_related = ["interview__requester", "interview__leader"]
    readonly_fields = [f.name for f in HandlingCard._meta.fields]


@admin.register(InterviewMonth)
class InterviewMonthAdmin(ReadOnly):
    list_display = ["month", "committee", "required", "scheduled"]
    list_select_related = ["committee"]
    readonly_fields = [f.name for f in InterviewMonth._meta.fields]
