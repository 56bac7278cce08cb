from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaAmendment,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Ballot,
    ConfidentialRead,
    Decision,
    EmergencyHandling,
    Meeting,
    Minutes,
    MinutesCounter,
    MinutesRecipient,
    NeverDeleted,
    Notice,
    NoticeRecipient,
    Recusal,
    Reservation,
    Stance,
    Vote,
    WrittenOpinion,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person", "leave_approved_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "start_at", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["committee"]
    search_fields = ["title", "place"]
    date_hierarchy = "start_at"
    raw_id_fields = ["committee", "body", "chair", "recorder", "created_by", "rule_set_version"]
    # The status follows the services (notice M-N1, open, close); it is not typed.
    readonly_fields = ["status", "notice_sent_at", "opened_at", "closed_at", "rule_set_version", "created_at"]
    inlines = [AttendanceInline]


class AttachmentInline(admin.TabularInline):
    model = AgendaAttachment
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "meeting", "category", "status", "is_confidential"]
    list_filter = ["category", "status", "is_confidential"]
    list_select_related = ["committee", "meeting"]
    search_fields = ["title"]
    raw_id_fields = [
        "committee",
        "meeting",
        "proposed_by",
        "member_in_charge",
        "approved_by",
        "taken_up_by",
        "emergency",
        "created_by",
    ]
    # M-N2, M-N3, M-Q6: approval, notification and the quorum snapshot come from the services.
    readonly_fields = [
        "status",
        "approved_by",
        "approved_at",
        "notified_at",
        "is_on_notified_agenda",
        "taken_up_at",
        "taken_up_by",
        "quorum_due",
        "quorum_present",
        "quorum_needed",
        "quorum_rule_id",
        "quorum_present_ids",
        "discussed_at",
    ]
    inlines = [AttachmentInline]


@admin.register(AgendaAttachment)
class AgendaAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "item", "kind", "uploaded_at"]
    raw_id_fields = ["item", "uploaded_by"]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "kind", "sent_at", "deadline", "is_in_time"]
    list_filter = ["kind", "is_in_time"]
    raw_id_fields = ["meeting", "sent_by", "rule_set_version"]
    readonly_fields = ["sent_at", "deadline", "is_in_time"]


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(SimpleHistoryAdmin):
    list_display = ["notice", "person", "is_observer", "emailed_at", "acknowledged_at"]
    raw_id_fields = ["notice", "person"]


@admin.register(AgendaAmendment)
class AgendaAmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["description", "meeting", "kind", "made_at", "notice"]
    raw_id_fields = ["meeting", "item", "made_by", "notice"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "display_name", "role", "status"]
    list_filter = ["role", "status"]
    raw_id_fields = ["meeting", "person", "leave_approved_by"]


@admin.register(Stance)
class StanceAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "stance", "recorded_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(Recusal)
class RecusalAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "reason", "recorded_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(WrittenOpinion)
class WrittenOpinionAdmin(SimpleHistoryAdmin):
    list_display = ["item", "person", "submitted_at"]
    raw_id_fields = ["item", "person", "recorded_by"]


@admin.register(EmergencyHandling)
class EmergencyHandlingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "handled_by", "handled_at", "report_due_at", "reported_at"]
    list_select_related = ["committee", "handled_by"]
    raw_id_fields = [
        "committee",
        "handled_by",
        "principal_consulted",
        "reported_item",
        "recorded_by",
        "rule_set_version",
    ]
    readonly_fields = ["report_due_at", "reported_item", "reported_at", "rule_set_version"]


# --------------------------------------------------------------------------- votes, decisions, minutes
# SecretBallot and SecretBallotCast are deliberately NOT registered (M-V6): no change form, no
# LogEntry, no way to browse ballots. The archive is never deleted (M-M5): no delete permission.


class ReadOnlyArchiveAdmin(SimpleHistoryAdmin):
    """Votes, decisions and minutes change only through the services (tally, numbering, fingerprint)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnlyArchiveAdmin):
    list_display = ["item", "method", "status", "outcome", "opened_at", "closed_at"]
    list_filter = ["method", "status", "outcome"]
    raw_id_fields = ["item", "opened_by", "closed_by", "rule_set_version"]

    def get_fields(self, request, obj=None):
        # M-V6: no partial counts exist; the stored counts are filled only on closing.
        return [f.name for f in Vote._meta.concrete_fields if f.name != "id"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyArchiveAdmin):
    list_display = ["vote", "person", "choice", "cast_at"]
    raw_id_fields = ["vote", "person", "recorded_by"]

    def get_queryset(self, request):
        # No partial tally of an open vote for anyone, administrators included.
        return super().get_queryset(request).filter(vote__status="closed")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyArchiveAdmin):
    list_display = ["resolution", "committee", "category", "kind", "status", "decided_at"]
    list_filter = ["status", "kind", "category"]
    search_fields = ["resolution"]
    raw_id_fields = ["committee", "item", "vote", "supersedes", "forwarded_item", "rule_set_version"]


@admin.register(Reservation)
class ReservationAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "person", "is_reported_upward", "recorded_at"]
    raw_id_fields = ["decision", "person"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyArchiveAdmin):
    list_display = ["title", "committee", "year", "number", "status", "approved_at"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    raw_id_fields = ["committee", "meeting", "corrects", "approved_by", "rule_set_version"]
    # The content may hold confidential items; reads of the full minutes go through the pages,
    # which log them (M-M7).
    exclude = ["content", "search_text"]


@admin.register(MinutesRecipient)
class MinutesRecipientAdmin(SimpleHistoryAdmin):
    list_display = ["minutes", "kind", "person", "department", "sent_at", "acknowledged_at"]
    raw_id_fields = ["minutes", "person"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MinutesCounter)
class MinutesCounterAdmin(admin.ModelAdmin):
    list_display = ["committee", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConfidentialRead)
class ConfidentialReadAdmin(admin.ModelAdmin):
    list_display = ["minutes", "item", "user", "what", "read_at"]
    list_select_related = ["minutes", "item", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _never_delete(request, obj=None) -> bool:
    return False


# M-M5: the archive (meetings, agenda, notices, materials, opinions, votes, decisions, minutes)
# is never deleted – the admin offers no delete either.
for _model, _model_admin in list(admin.site._registry.items()):
    if issubclass(_model, NeverDeleted):
        _model_admin.has_delete_permission = _never_delete


from .democratic_life import admin as democratic_life_admin  # noqa: E402, F401
