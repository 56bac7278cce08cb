"""Admin of the democratic life meeting. Register with ``from .democratic_life import admin as
democratic_life_admin  # noqa: F401`` in meetings/admin.py (importing this module registers)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CollectedOpinion,
    ComparisonMaterial,
    DemocraticLifeRecord,
    HeartToHeartTalk,
    PostponementRequest,
    RectificationMeasure,
)


class OpinionInline(admin.TabularInline):
    model = CollectedOpinion
    extra = 0
    raw_id_fields = ["concerns", "recorded_by"]


class TalkInline(admin.TabularInline):
    model = HeartToHeartTalk
    extra = 0
    raw_id_fields = ["person_a", "person_b", "recorded_by"]


class MaterialInline(admin.TabularInline):
    model = ComparisonMaterial
    extra = 0
    raw_id_fields = ["person", "recorded_by"]


@admin.register(DemocraticLifeRecord)
class DemocraticLifeRecordAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "year", "theme", "planned_date", "meeting"]
    list_filter = ["year"]
    list_select_related = ["committee", "meeting"]
    search_fields = ["committee__name", "theme"]
    raw_id_fields = ["committee", "meeting", "report_obligation", "created_by", "rule_set_version"]
    inlines = [OpinionInline, TalkInline, MaterialInline]

    def has_delete_permission(self, request, obj=None):
        return False  # M-M5: the archive is kept permanently


@admin.register(PostponementRequest)
class PostponementRequestAdmin(SimpleHistoryAdmin):
    """DL-2: decisions are taken on the pages (who may decide is checked there); read-only here."""

    list_display = ["record", "from_date", "to_date", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["record__committee", "decided_by"]
    readonly_fields = [f.name for f in PostponementRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RectificationMeasure)
class RectificationMeasureAdmin(SimpleHistoryAdmin):
    """DL-3: measures carry engine deadlines; create and complete them on the pages."""

    list_display = ["measure", "record", "responsible", "due_date", "completed_at"]
    list_filter = ["due_date"]
    list_select_related = ["record__committee", "responsible"]
    readonly_fields = ["due_date", "rule_set_version", "completed_at", "completed_by", "created_by"]
    raw_id_fields = ["record", "responsible"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
