from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GrassrootsEntry, GrassrootsTarget


@admin.register(GrassrootsEntry)
class GrassrootsEntryAdmin(SimpleHistoryAdmin):
    """Entries are recorded on the pages (``services.record_entry`` keeps the floors): read here."""

    list_display = [
        "person",
        "committee",
        "kind",
        "start_date",
        "end_date",
        "place",
        "is_village",
        "is_backward_village",
    ]
    list_filter = ["kind", "is_village", "is_backward_village"]
    list_select_related = ["person", "committee"]
    search_fields = ["person__name", "place", "topic"]
    date_hierarchy = "start_date"
    readonly_fields = [f.name for f in GrassrootsEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GrassrootsTarget)
class GrassrootsTargetAdmin(SimpleHistoryAdmin):
    """The yearly floors are computed from the roles and the rule set (X-6): read-only here."""

    list_display = ["person", "committee", "year", "measure", "floor", "done"]
    list_filter = ["year", "measure"]
    list_select_related = ["person", "committee"]
    search_fields = ["person__name"]
    readonly_fields = [f.name for f in GrassrootsTarget._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
