"""Admin of personal-matter reports and family-event declarations.

Personal-matter reports are private (R-2): in the admin only superusers see them, whatever
model permissions a staff account was given.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FamilyEventDeclaration, PersonalMatterReport


@admin.register(PersonalMatterReport)
class PersonalMatterReportAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "committee", "occasion", "kind", "event_date", "due_at", "filed_at"]
    list_filter = ["occasion", "kind", "is_untruthful", "is_concealed"]
    list_select_related = ["cadre", "committee"]
    search_fields = ["cadre__name"]
    date_hierarchy = "event_date"
    raw_id_fields = ["cadre", "committee", "rule_set_version", "replied_by", "marked_by"]

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request) -> bool:
        return False  # obligations come from the services (events, new cadres, resignations)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FamilyEventDeclaration)
class FamilyEventDeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["declarer", "committee", "kind", "event_at", "report_form", "written_at", "review_outcome"]
    list_filter = ["kind", "report_form", "review_outcome"]
    list_select_related = ["declarer", "committee"]
    search_fields = ["declarer__name", "place"]
    date_hierarchy = "event_at"
    raw_id_fields = ["declarer", "committee", "rule_set_version", "reviewed_by"]

    def has_add_permission(self, request) -> bool:
        return False  # declarations go through the service (R-3 checks)
