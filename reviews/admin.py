from django.contrib import admin

from .models import ActionLog, ReviewSession


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
