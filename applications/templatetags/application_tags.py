from django import template
from django.utils.translation import gettext_lazy as _

from applications.models import Status

register = template.Library()

# How the applicant's pages name each state (seed 002: 待完善, 单位受理中, …).
APPLICANT_LABELS = {
    Status.DRAFT: _("To be completed"),
    Status.UNIT_REVIEW: _("With the unit"),
    Status.DEPT_REVIEW: _("With the competent department"),
    Status.OFFICE_REVIEW: _("With the title-reform office"),
    Status.COMMITTEE_REVIEW: _("With the review committee"),
    Status.RETURNED: _("Returned for revision"),
    Status.REJECTED: _("Not approved"),
    Status.APPROVED: _("Approved"),
    Status.NOT_PASSED: _("Not passed"),
    Status.CERTIFIED: _("Certificate issued"),
}
BADGES = {
    Status.DRAFT: "text-bg-secondary",
    Status.RETURNED: "text-bg-warning",
    Status.REJECTED: "text-bg-danger",
    Status.NOT_PASSED: "text-bg-danger",
    Status.APPROVED: "text-bg-success",
    Status.CERTIFIED: "text-bg-success",
}


@register.filter
def status_label(application):
    return APPLICANT_LABELS.get(application.status, application.get_status_display())


@register.filter
def status_badge(application):
    return BADGES.get(application.status, "text-bg-primary")


@register.filter
def filesize(size):
    size = int(size or 0)
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@register.filter
def wide(field):
    """Fields that take a whole row in the two-column section forms."""
    widget = field.field.widget
    return widget.__class__.__name__ in {"Textarea", "StashedFileInput"}


@register.filter
def group_heading(form, field):
    """The heading of the group of a section form that starts with this field, or ""."""
    return getattr(form, "group_headings", {}).get(field.name, "")


@register.filter
def get_upload_form(forms, key):
    return forms.get(key)
