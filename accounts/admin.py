from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from titleportal.validators import mask_resident_id

from .models import KnownDevice, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["username"]
    list_display = ["account", "full_name", "kind", "phone", "email", "is_active", "is_staff"]
    list_display_links = ["account", "full_name"]
    list_filter = ["kind", "is_active", "phone_verified", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "id_number", "phone", "email"]
    readonly_fields = ["gender", "birth_date", "last_login", "date_joined", "security_answer"]
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (
            _("Personal information"),
            {
                "fields": (
                    "full_name",
                    "id_number",
                    "gender",
                    "birth_date",
                    "phone",
                    "phone_verified",
                    "email",
                )
            },
        ),
        (_("Security question"), {"fields": ("security_question", "security_answer")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.display(description=_("account"), ordering="username")
    def account(self, user):
        # A person's account is their ID number: the list masks it; the account page shows it
        # whole and logs that it was opened (titleportal.FullIdView).
        if user.kind == User.Kind.PERSON and user.id_number:
            return mask_resident_id(user.id_number)
        return user.username

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # The account page shows the full ID number: log who opened whose page.
        if request.method == "GET" and getattr(response, "status_code", None) == 200:
            from titleportal.models import FullIdView
            from titleportal.services import full_id_views_record

            person = response.context_data["original"]  # the object the page shows
            if person.id_number:
                full_id_views_record(
                    request=request, subjects=[person], place=FullIdView.Place.ADMIN_ACCOUNT
                )
        return response

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "kind",
                    "full_name",
                    "id_number",
                    "phone",
                    "email",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(KnownDevice)
class KnownDeviceAdmin(admin.ModelAdmin):
    """Remembered devices of staff (accounts.devices); deleting one asks for a code again."""

    list_display = ["user", "label", "last_address", "last_seen_at", "expires_at"]
    search_fields = ["user__full_name", "user__username", "last_address"]
    raw_id_fields = ["user"]
    readonly_fields = ["token_hash", "browser", "networks", "created_at", "last_seen_at"]
