from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CarriedItem, WorkLog


class CarriedItemInline(admin.TabularInline):
    model = CarriedItem
    extra = 0
    can_delete = False
    fields = ["text", "reason", "new_date"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkLog)
class WorkLogAdmin(SimpleHistoryAdmin):
    """Written by the team members on their page (``services.submit_log``): read here."""

    list_display = ["person", "committee", "day", "submitted_at", "is_late"]
    list_filter = ["is_late"]
    list_select_related = ["person", "committee"]
    search_fields = ["person__name", "summary", "plan"]
    date_hierarchy = "day"
    readonly_fields = [f.name for f in WorkLog._meta.fields]
    inlines = [CarriedItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
