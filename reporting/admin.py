from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Deadline, Notification


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "owner", "rule_id", "due_at", "state", "next_step_at"]
    list_filter = ["state", "rule_id"]
    list_select_related = ["committee", "owner"]
    search_fields = ["title"]
    date_hierarchy = "due_at"
    raw_id_fields = ["owner", "notify", "committee", "rule_set_version"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "channel", "step_kind", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "state", "step_kind"]
    list_select_related = ["recipient"]
    raw_id_fields = ["deadline", "recipient"]


# Each topic registers its own models.
for _topic in ("emergencies", "leave", "personal", "petitions", "periodic"):
    try:
        __import__(f"reporting.{_topic}.admin")
    except ModuleNotFoundError as error:
        if error.name != f"reporting.{_topic}.admin":
            raise
