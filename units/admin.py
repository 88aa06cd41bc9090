from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from titleportal.validators import mask_resident_id

from .models import (
    AchievementTemplate,
    Affiliation,
    Committee,
    Department,
    Membership,
    Office,
    OrganisationEvent,
    RequiredMaterial,
    ReviewSession,
    StaffInvitation,
    StaffLookup,
    Unit,
    UnitRename,
)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "parent", "mailing_enabled", "is_active"]
    list_filter = ["is_active", "mailing_enabled"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region", "parent"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "region", "is_active"]
    list_filter = ["is_active", "office"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "office"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "office", "region", "is_active"]
    list_filter = ["is_active", "series", "levels"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "office", "region_scope"]
    filter_horizontal = ["levels"]


class UnitRenameInline(admin.TabularInline):
    model = UnitRename
    extra = 0
    readonly_fields = ["old_name", "new_name", "renamed_at", "renamed_by"]
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "unit_type", "region", "department", "is_active"]
    list_filter = ["is_active", "unit_type", "industry"]
    search_fields = ["name", "uscc", "name_initials"]
    autocomplete_fields = ["region", "department", "account"]
    readonly_fields = ["name_initials"]
    inlines = [UnitRenameInline]


@admin.register(UnitRename)
class UnitRenameAdmin(admin.ModelAdmin):
    list_display = ["unit", "old_name", "new_name", "renamed_at", "renamed_by"]
    list_filter = ["renamed_at"]
    search_fields = ["old_name", "new_name", "unit__name", "unit__uscc"]
    readonly_fields = ["unit", "old_name", "new_name", "renamed_at", "renamed_by"]
    list_select_related = ["unit", "renamed_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "organisation_display", "is_enabled", "created_at"]
    list_filter = ["role", "is_enabled"]
    search_fields = [
        "person__full_name",
        "person__id_number",
        "unit__name",
        "office__name",
        "committee__name",
        "department__name",
    ]
    autocomplete_fields = ["person", "unit", "department", "office", "committee"]
    list_select_related = ["person", "unit", "department", "office", "committee"]

    @admin.display(description=_("organisation"))
    def organisation_display(self, membership):
        return membership.organisation


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "joined_at"]
    list_filter = ["joined_at"]
    search_fields = ["person__full_name", "person__id_number", "unit__name"]
    autocomplete_fields = ["person", "unit"]
    list_select_related = ["person", "unit"]


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "unit", "department", "actor_name", "subject"]
    list_filter = ["action", "created_at"]
    search_fields = ["unit__name", "unit__uscc", "department__name", "actor_name", "detail"]
    list_select_related = ["unit", "department", "subject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: readable, never written in admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffInvitation)
class StaffInvitationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "unit", "person", "status", "answered_at", "invited_by"]
    list_filter = ["status", "created_at"]
    search_fields = ["unit__name", "unit__uscc", "person__full_name"]
    list_select_related = ["unit", "person", "invited_by"]
    date_hierarchy = "created_at"


@admin.register(StaffLookup)
class StaffLookupAdmin(ReadOnlyAdmin):
    """Who looked up which ID number when (a unit account adding staff)."""

    list_display = ["created_at", "unit", "actor_name", "masked_id_number", "found", "address"]
    list_filter = ["created_at"]
    search_fields = ["unit__name", "unit__uscc", "id_number", "actor_name", "address"]
    list_select_related = ["unit", "found"]
    date_hierarchy = "created_at"

    @admin.display(description=_("ID number looked up"), ordering="id_number")
    def masked_id_number(self, lookup):
        # The list masks the numbers; a row's page shows the number whole.
        return mask_resident_id(lookup.id_number)


@admin.register(ReviewSession)
class ReviewSessionAdmin(admin.ModelAdmin):
    list_display = [
        "committee",
        "year",
        "opens_on",
        "applicant_first_deadline",
        "unit_deadline",
        "intake_closed_at",
    ]
    list_filter = ["year"]
    search_fields = ["committee__name"]
    autocomplete_fields = ["committee"]


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


# A person's roles and unit, on their account page (accounts knows nothing of units).
class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["unit", "department", "office", "committee"]


class AffiliationInline(admin.StackedInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["unit"]


class PersonAdmin(UserAdmin):
    inlines = [MembershipInline, AffiliationInline]


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)
