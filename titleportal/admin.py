from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Delivery, FullIdView, Message, Notice

admin.site.site_header = _("Title Portal administration")
admin.site.site_title = _("Title Portal administration")
admin.site.index_title = _("Administration")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "published_at", "is_published", "is_pinned"]
    list_filter = ["category", "is_published", "is_pinned"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "address", "status", "attempts", "last_error", "sent_at"]
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "title", "read_at"]
    list_filter = ["event"]
    search_fields = ["title", "recipient__full_name", "recipient__id_number"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "channel",
        "address",
        "purpose",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["address", "message__title", "subject"]
    readonly_fields = ["message", "purpose", "subject", "expires_at", "provider_id"]
    # A code email's text holds the code: not shown, not edited.
    exclude = ["body", "html_body"]
    actions = ["retry_now"]

    @admin.action(description=_("Send the selected messages again now"))
    def retry_now(self, request, queryset):
        from django.utils import timezone

        from .notifications import deliver

        count = 0
        for delivery in queryset:
            if delivery.status != Delivery.Status.SENT:
                delivery.status = Delivery.Status.PENDING
                delivery.next_attempt_at = timezone.now()
                delivery.save(update_fields=["status", "next_attempt_at"])
                deliver.call(delivery.pk)
                count += 1
        self.message_user(request, _("%(count)d messages were tried again.") % {"count": count})


@admin.register(FullIdView)
class FullIdViewAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, nobody edits or deletes it here."""

    list_display = [
        "viewed_at",
        "viewer_name",
        "role",
        "organisation_name",
        "subject_name",
        "place",
        "path",
    ]
    list_filter = ["place", "role"]
    search_fields = ["viewer_name", "subject_name", "organisation_name"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
