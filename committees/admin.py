from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Body,
    CalendarYear,
    Committee,
    Person,
    Portfolio,
    RoleAssignment,
    RuleSet,
    RuleSetVersion,
    Term,
    WorkdayOverride,
)

admin.site.site_header = _("Dangwei administration")
admin.site.site_title = _("Dangwei")


def superusers_only(request) -> bool:
    """The admin shows every committee's records, so only superusers may use it; everyone
    else works through the pages, which are filtered by object permissions."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["person", "committee", "role", "start_date", "end_date", "term", "note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            candidate = RoleAssignment(pk=self.instance.pk, **{k: v for k, v in data.items() if k != "id"})
            services.validate_assignment(candidate)
        return data


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_select_related = ["parent", "rule_set"]
    list_display = ["name", "level", "parent", "rule_set"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    inlines = [BodyInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.ensure_bodies(obj, acting_user=request.user)


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_select_related = ["committee"]
    list_display = ["committee", "kind", "name"]
    list_filter = ["kind"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_select_related = ["committee"]
    list_display = ["committee", "number", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "gender", "user"]
    search_fields = ["name", "position"]
    autocomplete_fields = ["user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    form = RoleAssignmentForm
    list_select_related = ["person", "committee", "term__committee"]
    list_display = ["person", "committee", "role", "start_date", "end_date", "term"]
    list_filter = ["role", "committee__level"]
    search_fields = ["person__name", "committee__name"]
    autocomplete_fields = ["person", "committee"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.end_date:
            for warning in services.early_replacements(obj.committee, only_person=obj.person_id):
                self.message_user(request, warning.message, messages.WARNING)


@admin.register(Portfolio)
class PortfolioAdmin(SimpleHistoryAdmin):
    list_select_related = ["person", "committee"]
    list_display = ["person", "committee", "area", "start_date", "end_date"]
    list_filter = ["area"]
    autocomplete_fields = ["person", "committee"]


class RuleSetVersionInline(admin.TabularInline):
    model = RuleSetVersion
    fields = ["number", "note", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default", "created_at"]
    inlines = [RuleSetVersionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.versions.exists():
            services.publish_rule_set_version(obj, acting_user=request.user, note=str(_("Initial version")))


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(SimpleHistoryAdmin):
    """Saving a version never overwrites it: it publishes a new version with the edited values."""

    list_display = ["rule_set", "number", "note", "created_at", "created_by"]
    list_filter = ["rule_set"]
    readonly_fields = ["number", "created_at", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        rule_fields = {f.name for f in RuleSetVersion._meta.concrete_fields} - services.NON_RULE_FIELDS
        values = {name: form.cleaned_data[name] for name in rule_fields if name in form.cleaned_data}
        version = services.publish_rule_set_version(
            form.cleaned_data["rule_set"], acting_user=request.user, note=form.cleaned_data.get("note", ""), **values
        )
        obj.pk, obj.number = version.pk, version.number
        self.message_user(
            request, _("Published version %(number)s; earlier versions are unchanged.") % {"number": version.number}
        )


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "is_official", "source"]


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "is_workday", "name", "source"]
    list_filter = ["is_workday", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if not obj.source or obj.source.startswith("chinesecalendar"):
            obj.source = str(_("entered by %(user)s") % {"user": request.user})
        super().save_model(request, obj, form, change)


class PrivateRecordsAdmin(SimpleHistoryAdmin):
    """For records private to a few people (a talk's record, an interview request): kept by the
    services, so never added, changed or deleted here, and seen by superusers only."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
