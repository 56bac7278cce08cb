from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PeriodicObligation


@admin.register(PeriodicObligation)
class PeriodicObligationAdmin(SimpleHistoryAdmin):
    list_display = [
        "kind",
        "reporting_committee",
        "reporting_unit",
        "receiving_committee",
        "period_label",
        "due_date",
        "submitted_at",
    ]
    list_filter = ["kind", "reporting_unit"]
    list_select_related = ["reporting_committee", "receiving_committee"]
    search_fields = ["reporting_committee__name", "receiving_committee__name", "period_label"]
    date_hierarchy = "due_date"
    raw_id_fields = ["reporting_committee", "receiving_committee", "submitted_by", "rule_set_version"]
    # Periods and due dates are computed by the generator (rules.py), never typed.
    readonly_fields = ["period_start", "period_end", "period_label", "due_date", "rule_set_version", "created_at"]

    def has_add_permission(self, request):
        """Obligations are generated (services.generate_obligations), with their deadlines."""
        return False
