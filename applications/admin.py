from django.contrib import admin

from .models import Application, Level, Qualification, Series, Specialty


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
