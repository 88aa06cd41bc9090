"""Services of the applicant's applications: saving the section forms and the work summary."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    Kind,
    VoidNotice,
    WorkSummary,
)
from applications.sections import SPECS, spec_model
from reference.workdays import add_working_days
from titleportal.errors import DomainError
from titleportal.sanitize import sanitize_html, visible_length

# --- Sections ---------------------------------------------------------------------------------
from .common import _bump, _check_values, _delete_files_later, _lock, _require_editable


def _section_instance(application: Application, key: str):
    instance = application._section(SPECS[key].accessor)
    if instance is None:
        instance = spec_model(key)(application=application)
    return instance


def _claim_files(instance, files: dict, prefix: str) -> None:
    for name, stashed in files.items():
        if stashed is None:
            continue
        old = getattr(instance, name)
        if old:
            _delete_files_later(old)
        stashed.claim(getattr(instance, name), prefix)


def save_form_section(
    *,
    actor,
    role_context,
    application: Application,
    key: str,
    data: dict,
    files: dict | None = None,
) -> Application:
    """Save a single-form section (基本情况, 中小学教师信息, 卫生技术信息)."""
    if key == "application_info":
        raise ValueError("use save_application_info")
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        instance = _section_instance(application, key)
        for name, value in data.items():
            setattr(instance, name, value)
        _check_values(instance)
        _claim_files(instance, files or {}, f"applications/{application.pk}")
        instance.save()
        _bump(application)
    return application


def save_application_info(
    *,
    actor,
    role_context,
    application: Application,
    data: dict,
    files: dict | None = None,
    specialty=None,
    custom_specialty: str = "",
    declaration_accepted: bool = False,
) -> Application:
    """申报信息. For a replacement, the first save after the loss declaration (遗失申明)
    publishes the void notice for 5 working days; its facts are fixed from then on."""
    today = timezone.localdate()
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        is_replacement = application.kind == Kind.REPLACEMENT
        if is_replacement and application._section("void_notice") is not None:
            raise DomainError(
                _("The void notice has been published; the certificate details are fixed."),
                code="published",
            )
        if is_replacement and not declaration_accepted:
            raise DomainError(_("Confirm the loss declaration first."), code="declaration")
        if specialty is not None and specialty.series_id != application.series_id:
            raise DomainError(
                _("Choose a specialty of the chosen series."), field="specialty", code="catalogue"
            )
        if specialty is None and not custom_specialty.strip():
            raise DomainError(
                _("Choose a specialty or enter your own."), field="specialty", code="required"
            )
        instance = _section_instance(application, "application_info")
        for name, value in data.items():
            setattr(instance, name, value)
        _claim_files(instance, files or {}, f"applications/{application.pk}")
        if is_replacement:
            instance.declaration_accepted_at = timezone.now()
        instance.save()
        application.specialty = specialty
        application.custom_specialty = "" if specialty else custom_specialty.strip()
        _bump(application, "specialty", "custom_specialty")
        if is_replacement:
            _publish_void_notice(application, instance, today)
    return application


def _publish_void_notice(application: Application, info, today: datetime.date) -> VoidNotice:
    return VoidNotice.objects.create(
        application=application,
        holder_name=application.applicant.get_full_name(),
        certificate_number=info.original_certificate_number,
        qualification_name=str(application.qualification),
        specialty_name=application.specialty_name,
        approving_authority=info.approving_authority,
        granted_on=info.granted_on,
        office_name=str(application.office),
        starts_on=today,
        ends_on=add_working_days(today, VoidNotice.PUBLICITY_WORKING_DAYS),
    )


def save_work_summary(
    *, actor, role_context, application: Application, content: str
) -> Application:
    """工作小结: stored sanitised; at most 700 characters a reader sees."""
    clean = sanitize_html(content or "")
    length = visible_length(clean)
    if length > WorkSummary.MAX_CHARACTERS:
        raise DomainError(
            _("The work summary may have at most %(max)s characters; it has %(count)s.")
            % {"max": WorkSummary.MAX_CHARACTERS, "count": length},
            field="content",
            code="too_long",
        )
    if length == 0:
        raise DomainError(_("Write your work summary."), field="content", code="required")
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        summary = _section_instance(application, "work_summary")
        summary.content = clean
        summary.save()
        _bump(application)
    return application
