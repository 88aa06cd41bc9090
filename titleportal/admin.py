from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, Notice

admin.site.site_header = _("Title Portal administration")
admin.site.site_title = _("Title Portal administration")
admin.site.index_title = _("Administration")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "published_at", "is_published", "is_pinned"]
    list_filter = ["category", "is_published", "is_pinned"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
