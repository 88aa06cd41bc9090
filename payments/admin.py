from django import forms
from django.contrib import admin

from applications.models import Kind

from .models import FeeItem, Order, PaymentNotification, Refund


class FeeItemForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=FeeItem._meta.get_field("kinds").verbose_name,
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=FeeItem._meta.get_field("kinds").help_text,
    )

    class Meta:
        model = FeeItem
        fields = [
            "name",
            "purpose",
            "amount",
            "committee",
            "office",
            "kinds",
            "levels",
            "sessions",
            "is_active",
        ]


@admin.register(FeeItem)
class FeeItemAdmin(admin.ModelAdmin):
    form = FeeItemForm
    list_display = ["name", "purpose", "amount", "committee", "office", "is_active"]
    list_filter = ["purpose", "is_active", "committee", "office"]
    search_fields = ["name"]
    filter_horizontal = ["levels", "sessions"]


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    readonly_fields = ["number", "amount", "reason", "status", "detail", "actor", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "payer",
        "item_name",
        "amount",
        "channel",
        "serial_number",
        "status",
        "invoice_status",
        "needs_attention",
        "created_at",
        "paid_at",
    ]
    list_filter = ["status", "channel", "invoice_status", "needs_attention", "purpose"]
    search_fields = ["number", "serial_number", "payer__full_name"]
    list_select_related = ["payer"]
    raw_id_fields = ["payer", "application", "item", "committee", "office"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]
    # Payment facts come from verified notifications and the services, never from a form.
    readonly_fields = [
        "number",
        "amount",
        "refunded_amount",
        "channel",
        "serial_number",
        "status",
        "paid_at",
        "closed_at",
    ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(admin.ModelAdmin):
    list_display = ["received_at", "gateway", "order_number", "amount", "verified", "result"]
    list_filter = ["gateway", "verified", "result"]
    search_fields = ["order_number", "serial_number"]
    readonly_fields = [field.name for field in PaymentNotification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["number", "order", "amount", "reason", "status", "actor", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "order__number"]
    readonly_fields = [field.name for field in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
