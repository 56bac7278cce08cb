from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccountabilityCase,
    Feedback,
    Inspection,
    LetterInquiry,
    Responsibility,
    Review,
    Sanction,
    SupervisionItem,
    SupervisionWaiver,
    UrgingRecord,
)


class UrgingInline(admin.TabularInline):
    model = UrgingRecord
    extra = 0


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0


@admin.register(SupervisionItem)
class SupervisionItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "source_kind", "state", "feedback_deadline"]
    list_filter = ["state", "source_kind"]
    list_select_related = ["committee"]
    search_fields = ["matter", "unit_name"]
    raw_id_fields = [
        "committee",
        "unit_committee",
        "responsible_person",
        "leader_in_charge",
        "registered_by",
        "approved_by",
        "assigned_by",
        "closed_by",
        "reported_to",
        "rule_set_version",
    ]
    readonly_fields = ["state"]  # S-2: the state changes only through the workflow services
    inlines = [UrgingInline, FeedbackInline]


@admin.register(SupervisionWaiver)
class SupervisionWaiverAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "reason", "waived_by", "waived_at"]
    raw_id_fields = ["decision", "waived_by"]


@admin.register(UrgingRecord)
class UrgingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["item", "contact", "contacted_on"]
    raw_id_fields = ["item", "recorded_by"]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["item", "is_finished", "next_report_date", "submitted_at"]
    raw_id_fields = ["item", "submitted_by"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["item", "outcome", "new_deadline", "reviewed_at"]
    raw_id_fields = ["item", "feedback", "reviewed_by"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "period_start", "period_end", "result"]
    list_filter = ["result"]
    list_select_related = ["committee", "unit_committee"]
    raw_id_fields = [
        "committee",
        "item",
        "unit_committee",
        "leader_in_charge",
        "unit_head",
        "person_concerned",
        "reported_to",
        "recorded_by",
        "rule_set_version",
    ]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    raw_id_fields = ["person"]


class SanctionInline(admin.TabularInline):
    model = Sanction
    extra = 0


@admin.register(AccountabilityCase)
class AccountabilityCaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "ground", "decided_on"]
    list_filter = ["ground", "mitigation", "is_referred_to_judicial"]
    list_select_related = ["committee", "subject_committee", "subject_person"]
    search_fields = ["facts"]
    raw_id_fields = ["committee", "subject_committee", "subject_person", "decided_by", "opened_by"]
    inlines = [ResponsibilityInline, SanctionInline]


@admin.register(Responsibility)
class ResponsibilityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "case", "position", "degree"]
    raw_id_fields = ["case", "person"]


@admin.register(Sanction)
class SanctionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "case"]
    list_filter = ["kind"]
    raw_id_fields = ["case"]


@admin.register(LetterInquiry)
class LetterInquiryAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "reply_due_on", "outcome", "is_flagged"]
    list_filter = ["outcome", "is_flagged"]
    list_select_related = ["committee", "person"]
    raw_id_fields = ["committee", "person", "case", "previous", "sent_by"]


from supervision.evaluation import admin as evaluation_admin  # noqa: E402, F401
from supervision.proposals import admin as proposals_admin  # noqa: E402, F401
from supervision.talks import admin as talks_admin  # noqa: E402, F401
