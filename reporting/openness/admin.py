from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OpennessCheck, OpennessDuty


@admin.register(OpennessCheck)
class OpennessCheckAdmin(SimpleHistoryAdmin):
    """Checks are recorded on the pages (``services.record_check`` grades them and keeps the
    duties): read here."""

    list_display = ["unit", "committee", "kind", "year", "held_on", "total", "grade"]
    list_filter = ["kind", "grade", "year"]
    list_select_related = ["unit", "committee"]
    search_fields = ["unit__name", "committee__name", "findings"]
    date_hierarchy = "held_on"
    readonly_fields = [f.name for f in OpennessCheck._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OpennessDuty)
class OpennessDutyAdmin(SimpleHistoryAdmin):
    """A unit's yearly duties follow the rule set and the checks (X-2): read-only here."""

    list_display = ["unit", "committee", "year", "kind", "required", "done"]
    list_filter = ["year", "kind"]
    list_select_related = ["unit", "committee"]
    search_fields = ["unit__name"]
    readonly_fields = [f.name for f in OpennessDuty._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
