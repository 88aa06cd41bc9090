from django.contrib import admin

from .models import TalentRecord


@admin.register(TalentRecord)
class TalentRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "unit", "series", "level", "status", "updated_at"]
    list_filter = ["status", "year", "series", "level"]
    search_fields = ["person__full_name", "person__id_number", "unit__name"]
    raw_id_fields = ["person", "unit", "reviewed_by"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at", "updated_at"]
