"""Admin of the deadline engine. Each topic's admin module registers its own models; Django loads
only ``reporting.admin``, so the topics are imported here, one by one."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .emergencies import admin as emergencies_admin  # noqa: F401
from .grassroots import admin as grassroots_admin  # noqa: F401
from .interviews import admin as interviews_admin  # noqa: F401
from .leave import admin as leave_admin  # noqa: F401
from .models import Deadline, Notification
from .openness import admin as openness_admin  # noqa: F401
from .opinions import admin as opinions_admin  # noqa: F401
from .periodic import admin as periodic_admin  # noqa: F401
from .personal import admin as personal_admin  # noqa: F401
from .petitions import admin as petitions_admin  # noqa: F401
from .worklog import admin as worklog_admin  # noqa: F401


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title_text", "committee", "owner", "rule_id", "due_at", "state", "next_step_at"]
    list_filter = ["state", "rule_id"]
    list_select_related = ["committee", "owner"]
    search_fields = ["title"]
    date_hierarchy = "due_at"
    raw_id_fields = ["owner", "notify", "committee", "rule_set_version"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "recipient", "channel", "step_kind", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "state", "step_kind"]
    list_select_related = ["recipient"]
    raw_id_fields = ["deadline", "recipient"]
