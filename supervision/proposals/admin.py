from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    """Proposals move on the pages (``services``: co-signers, the session's date, who decides, the
    supervision item of an accepted one): read here."""

    list_display = ["title", "committee", "year", "author", "state", "satisfaction", "submitted_at"]
    list_filter = ["state", "year", "satisfaction"]
    list_select_related = ["committee", "author"]
    search_fields = ["title", "reasons", "suggestions"]
    readonly_fields = [f.name for f in Proposal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
