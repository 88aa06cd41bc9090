from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionLog,
    Application,
    ApplicationInfo,
    Attachment,
    BasicInfo,
    ReviewRoute,
    RouteLevel,
    VoidNotice,
    WorkSummary,
)


class ApplicationInfoInline(admin.StackedInline):
    model = ApplicationInfo
    extra = 0
    exclude = ["photo", "delegation_letter"]


class BasicInfoInline(admin.StackedInline):
    model = BasicInfo
    extra = 0
    exclude = ["photo"]


class WorkSummaryInline(admin.StackedInline):
    model = WorkSummary
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["section", "label", "original_name", "content_kind", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VoidNotice)
class VoidNoticeAdmin(admin.ModelAdmin):
    list_display = [
        "holder_name",
        "certificate_number",
        "qualification_name",
        "starts_on",
        "ends_on",
    ]
    search_fields = ["holder_name", "certificate_number"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["application"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "applicant",
        "kind",
        "year",
        "qualification",
        "unit",
        "office",
        "status",
        "created_at",
    ]

    @admin.display(description=_("Record no."), ordering="pk")
    def number(self, obj):
        return obj.pk

    list_filter = ["kind", "status", "year", "series", "level"]
    search_fields = ["applicant__full_name", "applicant__id_number", "unit__name"]
    list_select_related = [
        "applicant",
        "qualification__series",
        "qualification__level",
        "unit",
        "office",
    ]
    raw_id_fields = ["applicant", "unit", "office", "committee", "department", "review_session"]
    readonly_fields = ["status", "version"]
    inlines = [ApplicationInfoInline, BasicInfoInline, WorkSummaryInline, AttachmentInline]


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "application",
        "action",
        "actor_name",
        "organisation_name",
        "from_status",
        "to_status",
    ]
    list_filter = ["action"]
    search_fields = ["actor_name", "organisation_name", "application__applicant__full_name"]
    list_select_related = ["application"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RouteLevelInline(admin.TabularInline):
    model = RouteLevel
    extra = 0
    ordering = ["position"]
    fields = [
        "position",
        "organisation_type",
        "label",
        "department_depth",
        "office_source",
        "office",
        "may_decide",
        "return_scope",
        "waits_for_fee",
    ]
    autocomplete_fields = ["office"]


@admin.register(ReviewRoute)
class ReviewRouteAdmin(admin.ModelAdmin):
    """审核流程 of an office: the levels its applications pass, configured here."""

    list_display = ["office", "kind"]
    list_filter = ["kind"]
    search_fields = ["office__name"]
    autocomplete_fields = ["office"]
    inlines = [RouteLevelInline]
