from django.contrib import admin

from .models import CalendarDay, Level, Qualification, Region, Series, Specialty


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "full_name"]
    readonly_fields = ["parent"]


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


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
