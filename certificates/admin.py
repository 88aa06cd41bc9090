from django.contrib import admin

from .models import Certificate, CertificateCounter, Delivery, HistoricalCertificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "holder_name",
        "qualification",
        "office",
        "approved_on",
        "origin",
        "status",
        "lookup_count",
    ]
    list_filter = ["status", "origin", "office", "level"]
    search_fields = ["number", "holder_name", "holder_id_number"]
    list_select_related = ["qualification__series", "qualification__level", "office"]
    date_hierarchy = "issued_at"
    # What was issued stays as issued; administrators may only void (with date and reason).
    readonly_fields = [
        field.name
        for field in Certificate._meta.fields
        if field.name not in ("status", "voided_on", "void_reason")
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoricalCertificate)
class HistoricalCertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "person", "qualification", "office", "status", "submitted_at"]
    list_filter = ["status", "office"]
    search_fields = ["number", "person__full_name", "person__id_number"]
    list_select_related = ["person", "qualification__series", "qualification__level", "office"]
    raw_id_fields = ["person", "certificate", "decided_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["application", "method", "status", "tracking_number", "created_at"]
    list_filter = ["method", "status"]
    search_fields = ["tracking_number", "recipient", "application__applicant__full_name"]
    raw_id_fields = ["application"]
    autocomplete_fields = ["region"]


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "level", "last_number"]
    list_filter = ["year", "office"]
    readonly_fields = ["office", "year", "level", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
