from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.admin import PrivateRecordsAdmin

from .models import MustTalk, Talk, TalkPlanLine


class ReadOnly(SimpleHistoryAdmin):
    """Kept by the services (``supervision.talks.services``): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TalkPlanLine)
class TalkPlanLineAdmin(ReadOnly):
    list_display = ["committee", "year", "kind", "leader", "counterpart", "required"]
    list_filter = ["year", "kind"]
    list_select_related = ["committee", "leader", "counterpart"]
    readonly_fields = [f.name for f in TalkPlanLine._meta.fields]


@admin.register(Talk)
class TalkAdmin(PrivateRecordsAdmin):
    """The record is private (X-3): the list shows who and when, not what was said."""

    list_display = ["held_on", "committee", "leader", "counterpart", "trigger"]
    list_filter = ["trigger"]
    list_select_related = ["committee", "leader", "counterpart"]
    readonly_fields = [f.name for f in Talk._meta.fields]


@admin.register(MustTalk)
class MustTalkAdmin(PrivateRecordsAdmin):
    list_display = ["person", "committee", "trigger", "talker", "opened_on", "due_on", "talk"]
    list_filter = ["trigger"]
    list_select_related = ["committee", "person", "talker"]
    readonly_fields = [f.name for f in MustTalk._meta.fields]
