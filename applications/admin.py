from django.contrib import admin

from .models import (
    AchievementTemplate,
    Application,
    ApplicationInfo,
    Attachment,
    BasicInfo,
    Level,
    Qualification,
    RequiredMaterial,
    Series,
    Specialty,
    VoidNotice,
    WorkSummary,
)


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["label", "name", "code", "sort", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "label", "code"]
    inlines = [QualificationInline, SpecialtyInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "rank"]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "level"]
    list_filter = ["level", "series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series", "level"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "series"]
    list_filter = ["series"]
    search_fields = ["name"]
    list_select_related = ["series"]


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


@admin.register(RequiredMaterial)
class RequiredMaterialAdmin(admin.ModelAdmin):
    """评委会需求材料 of each review session (committee staff get their own pages later)."""

    list_display = [
        "name",
        "review_session",
        "file_type",
        "max_size_mb",
        "max_count",
        "is_required",
        "sort",
    ]
    list_editable = ["sort"]
    list_filter = ["file_type", "is_required", "review_session__year"]
    search_fields = ["name", "review_session__committee__name"]
    list_select_related = ["review_session__committee"]
    raw_id_fields = ["review_session"]


@admin.register(AchievementTemplate)
class AchievementTemplateAdmin(admin.ModelAdmin):
    """业绩成果 policy items of each review session."""

    list_display = ["__str__", "review_session", "achievement_kind", "counts_toward_policy", "sort"]
    list_editable = ["sort"]
    list_filter = ["achievement_kind", "counts_toward_policy", "review_session__year"]
    search_fields = ["policy_text", "review_session__committee__name"]
    list_select_related = ["review_session__committee"]
    raw_id_fields = ["review_session"]


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
        "pk",
        "applicant",
        "kind",
        "year",
        "qualification",
        "unit",
        "office",
        "status",
        "created_at",
    ]
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
