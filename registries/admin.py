from django.contrib import admin

from .models import RegistryQuery, RegistryRecord


@admin.register(RegistryRecord)
class RegistryRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "registry", "ref", "source", "fetched_at"]
    list_filter = ["registry"]
    search_fields = ["person__full_name", "person__id_number", "ref"]
    raw_id_fields = ["person"]
    readonly_fields = ["person", "registry", "ref", "source", "payload", "fetched_at"]

    def has_add_permission(self, request):
        return False


@admin.register(RegistryQuery)
class RegistryQueryAdmin(admin.ModelAdmin):
    list_display = ["asked_at", "person", "registry", "outcome", "reason", "record_count"]
    list_filter = ["registry", "outcome"]
    search_fields = ["person__full_name", "person__id_number"]
    readonly_fields = [
        "person",
        "registry",
        "application",
        "outcome",
        "reason",
        "record_count",
        "asked_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
