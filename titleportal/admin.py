import uuid

from allauth.mfa.admin import Authenticator
from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django_tasks_db.admin import DBTaskResult, DBTaskResultAdmin

from .models import Delivery, Download, FullIdView, Message, Notice, NoticeAttachment


@admin.display(description=_("Record no."), ordering="pk")
def record_number(obj) -> int:
    """The 编号 column of a list (the primary key, which the admin would head "PK")."""
    return obj.pk


admin.site.site_header = _("Title Portal administration")
admin.site.site_title = _("Title Portal administration")
admin.site.index_title = _("Administration")


class PublishedFileForm(forms.ModelForm):
    """A published file is checked like every upload (by content, PDFs and documents without
    active content) and stored under a random name; the name shown is the uploader's unless
    one is typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "original_name" in self.fields:
            self.fields["original_name"].required = False
            self.fields["original_name"].help_text = _("Empty: the name of the uploaded file.")

    def clean_file(self):
        from .uploads import DOCUMENT, check_upload

        uploaded = self.cleaned_data.get("file")
        if uploaded is None or not hasattr(uploaded, "content_type"):
            return uploaded  # unchanged: the stored file stays
        self._checked = check_upload(uploaded, DOCUMENT)
        # Stored under a random name in upload_to (nothing of the uploader's name).
        return ContentFile(self._checked.content, name=uuid.uuid4().hex + self._checked.extension)

    def clean(self):
        cleaned = super().clean()
        checked = getattr(self, "_checked", None)
        if not cleaned.get("original_name"):
            if checked is not None:
                cleaned["original_name"] = checked.original_name
            elif self.instance.pk:
                cleaned["original_name"] = self.instance.original_name
            elif "file" not in self.errors:
                self.add_error("file", _("Choose the file to publish."))
        return cleaned

    def save(self, commit=True):
        checked = getattr(self, "_checked", None)
        if checked is not None:
            self.instance.content_kind = checked.kind
            self.instance.size = len(checked.content)
        return super().save(commit=commit)


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    form = PublishedFileForm
    extra = 1
    fields = ["file", "original_name", "sort", "content_kind", "size"]
    readonly_fields = ["content_kind", "size"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "published_at", "is_published", "is_pinned"]
    list_filter = ["category", "is_published", "is_pinned"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    inlines = [NoticeAttachmentInline]


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    form = PublishedFileForm
    list_display = ["title", "category", "original_name", "updated_at", "is_published", "sort"]
    list_filter = ["category", "is_published"]
    search_fields = ["title", "description", "original_name"]
    fields = [
        "title",
        "category",
        "description",
        "file",
        "original_name",
        "content_kind",
        "size",
        "sort",
        "is_published",
        "updated_at",
    ]
    readonly_fields = ["content_kind", "size"]


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
        record_number,
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


# --- apps that leave their admin in English -------------------------------------------------

_build_app_dict = admin.site._build_app_dict


def _app_dict_in_chinese(request, label=None):
    """The admin's app list (index, app pages, side bar) with the names the task backend, MFA
    and OAuth leave in English translated in the context "admin" (titleportal.django_strings);
    names already translated find no entry there and stay as they are."""
    built = _build_app_dict(request, label)
    # Django 6 keys the apps by label also when one label is asked for.
    for app in [built] if "models" in built else built.values():
        app["name"] = pgettext("admin", str(app["name"]))
        for model in app["models"]:
            model["name"] = pgettext("admin", str(model["name"]))
    return built


admin.site._build_app_dict = _app_dict_in_chinese  # type: ignore[method-assign]

# allauth.mfa names its model and fields untranslatably: the admin's pagination, filters and
# form labels read these. (Migrations read the model's own Meta and fields' own arguments, so
# nothing changes for them.)
Authenticator._meta.verbose_name = pgettext_lazy("admin", "authenticator")
Authenticator._meta.verbose_name_plural = pgettext_lazy("admin", "authenticators")
for _name, _label in (
    ("user", _("User")),
    ("type", _("Type")),
    ("data", _("Data")),
    ("created_at", _("Created at")),
    ("last_used_at", _("Last used at")),
):
    Authenticator._meta.get_field(_name).verbose_name = _label

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """The second factors of people (allauth.mfa), with Chinese columns: the model names
    neither itself nor its fields in a translatable way."""

    raw_id_fields = ("user",)
    list_display = ("user", "kind", "created", "last_used")
    list_filter = ("type", "created_at", "last_used_at")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        title = _("Add an authenticator") if object_id is None else _("Change the authenticator")
        return super().changeform_view(
            request, object_id, form_url, {"title": title, **(extra_context or {})}
        )

    @admin.display(description=_("Type"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=_("Created at"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("Last used at"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Choose an authenticator to change"), **(extra_context or {})}
        )


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django_tasks_db's list, with the task's name under a Chinese heading."""

    list_display = ("id", "task", *DBTaskResultAdmin.list_display[2:])

    @admin.display(description=_("task name"), ordering="task_path")
    def task(self, obj):
        # The path, not DBTaskResult.task_name: that one loads the task through the configured
        # backend and fails when the backend cannot take the stored options.
        return obj.task_path
