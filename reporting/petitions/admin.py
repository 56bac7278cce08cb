from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Petition, Petitioner, PetitionExtension


class PetitionerInline(admin.TabularInline):
    model = Petitioner
    extra = 0


class PetitionExtensionInline(admin.TabularInline):
    model = PetitionExtension
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "days",
        "reason",
        "previous_due_at",
        "new_due_at",
        "petitioner_told_on",
        "petitioner_told_how",
        "created_by",
        "rule_set_version",
    ]

    def has_add_permission(self, request, obj=None):
        return False  # P-3: extensions go through the service, which enforces the limits


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "reception_type", "receiving_leader", "state", "received_at", "due_at"]
    list_filter = ["state", "reception_type", "is_answered_at_once"]
    list_select_related = ["committee", "receiving_leader"]
    search_fields = ["content", "petitioners__name"]
    date_hierarchy = "received_at"
    raw_id_fields = ["committee", "receiving_leader", "responsible_committee"]
    inlines = [PetitionerInline, PetitionExtensionInline]
    # The workflow (deadline, transfer, extension, answer) goes through the services and pages.
    readonly_fields = [
        "state",
        "transferred_at",
        "is_answered_at_once",
        "due_at",
        "answered_at",
        "registered_by",
        "rule_set_version",
    ]

    def has_add_permission(self, request):
        return False  # registering goes through the page, which registers the P-3 deadline


@admin.register(Petitioner)
class PetitionerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "petition", "is_representative"]
    list_select_related = ["petition"]
    search_fields = ["name"]
    raw_id_fields = ["petition"]


@admin.register(PetitionExtension)
class PetitionExtensionAdmin(SimpleHistoryAdmin):
    list_display = ["petition", "number", "days", "new_due_at", "petitioner_told_on", "petitioner_told_how"]
    list_select_related = ["petition"]
    raw_id_fields = ["petition", "created_by", "rule_set_version"]
