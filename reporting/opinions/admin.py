from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OpinionEntry


@admin.register(OpinionEntry)
class OpinionEntryAdmin(SimpleHistoryAdmin):
    """Entries move on the pages (``services``: each step checks who acts and keeps the deadline):
    read here."""

    list_display = ["received_on", "title", "committee", "source", "topic", "state", "adoption"]
    list_filter = ["state", "topic", "adoption", "channel"]
    list_select_related = ["committee", "source"]
    search_fields = ["title", "content"]
    date_hierarchy = "received_on"
    readonly_fields = [f.name for f in OpinionEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
