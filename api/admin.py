"""API clients in admin: registered per office with scopes; secrets rotated, clients revoked.

A new client's secret (and a rotated one) is shown once, in the message after saving: only
its hash is stored.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiCall, ApiClient
from .scopes import SCOPES


class ApiClientForm(forms.ModelForm):
    scope_choices = forms.MultipleChoiceField(
        label=_("scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = ["name", "office"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["scope_choices"].initial = self.instance.scope_list


def _secret_message(request, client, secret):
    messages.warning(
        request,
        _("Client %(name)s: client_id %(client_id)s, client_secret %(secret)s (shown only once).")
        % {"name": client.name, "client_id": client.client_id, "secret": secret},
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "office", "scopes", "client_id", "created_at", "revoked_at"]
    list_filter = ["office", "revoked_at"]
    search_fields = ["name", "application__client_id"]
    readonly_fields = ["client_id", "created_at", "created_by", "secret_rotated_at", "revoked_at"]
    actions = ["rotate_secret", "revoke"]

    def save_model(self, request, obj, form, change):
        scopes = form.cleaned_data["scope_choices"]
        if change:
            obj.scopes = " ".join(scopes)
            obj.save()
            return
        client, secret = services.client_register(
            actor=request.user, office=obj.office, name=obj.name, scopes=scopes
        )
        obj.pk, obj.application = client.pk, client.application
        _secret_message(request, client, secret)

    @admin.action(description=_("Rotate the secret of the selected clients"))
    def rotate_secret(self, request, queryset):
        for client in queryset.select_related("application"):
            secret = services.client_rotate_secret(actor=request.user, client=client)
            _secret_message(request, client, secret)

    @admin.action(description=_("Revoke the selected clients"))
    def revoke(self, request, queryset):
        for client in queryset.select_related("application"):
            services.client_revoke(actor=request.user, client=client)
        messages.success(request, _("The selected clients are revoked."))


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["called_at", "client", "scope", "operation", "target", "status"]
    list_filter = ["scope", "status", "client__office"]
    search_fields = ["target", "client__name"]
    date_hierarchy = "called_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
