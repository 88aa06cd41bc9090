from django.contrib import admin

from .models import Acceptance, ExportLog, UnitOpinion, UnitPublicity


@admin.register(UnitOpinion)
class UnitOpinionAdmin(admin.ModelAdmin):
    list_display = ["application", "unit_leader", "updated_at", "updated_by"]
    search_fields = ["application__applicant__full_name", "unit_leader"]
    raw_id_fields = ["application", "updated_by"]


@admin.register(Acceptance)
class AcceptanceAdmin(admin.ModelAdmin):
    list_display = ["application", "committee", "accepted_at", "accepted_by"]
    list_filter = ["committee"]
    raw_id_fields = ["application", "accepted_by"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Every export of application data, for audits; read-only."""

    list_display = [
        "created_at",
        "actor_name",
        "role",
        "organisation_name",
        "row_count",
        "full_id_numbers",
        "status",
        "finished_at",
    ]
    list_filter = ["role", "full_id_numbers", "status"]
    exclude = ["file"]  # the data leaves only through its owner's download
    search_fields = ["actor_name", "organisation_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitPublicity)
class UnitPublicityAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "starts_on", "ends_on", "created_by"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    raw_id_fields = ["unit", "created_by"]
