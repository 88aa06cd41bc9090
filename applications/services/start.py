"""Services of the applicant's applications: starting, changing the route, discarding."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import actionlog
from applications.models import (
    Application,
    Kind,
    Status,
)
from titleportal.errors import DomainError

from .common import (
    DuplicateApplication,
    _bump,
    _date,
    _delete_files_later,
    _existing_for,
    _lock,
    logger,
)
from .profile import prefill_application

# --- Start, route, discard -------------------------------------------------------------------


def _check_catalogue(*, series, level, qualification, specialty) -> None:
    if qualification.series_id != series.pk or qualification.level_id != level.pk:
        raise DomainError(
            _("Choose a qualification of the chosen series and level."),
            field="qualification",
            code="catalogue",
        )
    if specialty is not None and specialty.series_id != series.pk:
        raise DomainError(
            _("Choose a specialty of the chosen series."), field="specialty", code="catalogue"
        )


def _committee_choice(*, unit, series, level, year, committee, today):
    from applications.selectors import committees_for

    direct, entrusted = committees_for(unit=unit, series=series, level=level, year=year, on=today)
    for group, is_entrusted in ((direct, False), (entrusted, True)):
        for candidate in group:
            if candidate.pk == committee.pk:
                session = candidate.session
                if today > session.applicant_first_deadline:
                    raise DomainError(
                        _("The deadline for first submission to this committee was %(date)s.")
                        % {"date": _date(session.applicant_first_deadline)},
                        field="committee",
                        code="deadline",
                    )
                return session, is_entrusted
    raise DomainError(
        _("This committee does not accept applications of this series and level now."),
        field="committee",
        code="committee",
    )


def application_start(
    *,
    actor,
    role_context,
    kind: str,
    year: int,
    series,
    level,
    qualification,
    specialty=None,
    custom_specialty: str = "",
    office=None,
    committee=None,
) -> Application:
    """我要申报: create a draft for the applicant's unit."""
    today = timezone.localdate()
    affiliation = getattr(actor, "affiliation", None)
    if affiliation is None:
        raise DomainError(
            _("You have not joined a unit yet. Join your unit with its unit key first."),
            code="no_unit",
        )
    unit = affiliation.unit
    _check_catalogue(series=series, level=level, qualification=qualification, specialty=specialty)
    if specialty is None and not custom_specialty.strip():
        raise DomainError(
            _("Choose a specialty or enter your own."), field="specialty", code="required"
        )
    session, entrusted = None, False
    if kind == Kind.EVALUATION:
        if committee is None:
            raise DomainError(_("Choose a review committee."), field="committee", code="required")
        session, entrusted = _committee_choice(
            unit=unit, series=series, level=level, year=year, committee=committee, today=today
        )
        office = committee.office
    elif office is None:
        raise DomainError(_("Choose the title-reform office."), field="office", code="required")
    with transaction.atomic():
        existing = _existing_for(actor, kind=kind, year=year, series=series)
        if existing is not None:
            raise DuplicateApplication(existing)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    applicant=actor,
                    kind=kind,
                    year=year,
                    series=series,
                    level=level,
                    qualification=qualification,
                    specialty=specialty,
                    custom_specialty="" if specialty else custom_specialty.strip(),
                    unit=unit,
                    office=office,
                    committee=committee if kind == Kind.EVALUATION else None,
                    review_session=session,
                    entrusted=entrusted,
                )
        except IntegrityError:
            # A start at the same moment won the race; the constraints decide.
            existing = _existing_for(actor, kind=kind, year=year, series=series)
            if existing is None:
                raise
            raise DuplicateApplication(existing) from None
        # 个人资料: the profile (and the last application) fill the new draft.
        prefill_application(application)
        actionlog.record(
            subject=application,
            action="application.created",
            actor=actor,
            role_context=role_context,
            to_status=application.status,
        )
    return application


def application_change_route(
    *,
    actor,
    role_context,
    application: Application,
    level,
    qualification,
    office=None,
    committee=None,
) -> Application:
    """报送职改办: change level and office (or committee) while still a draft."""
    today = timezone.localdate()
    with transaction.atomic():
        application = _lock(application, actor)
        if application.status != Status.DRAFT:
            raise DomainError(
                _("The office can only be changed before the application is submitted."),
                code="submitted",
            )
        _check_catalogue(
            series=application.series, level=level, qualification=qualification, specialty=None
        )
        fields = ["level", "qualification", "office"]
        if application.kind == Kind.EVALUATION:
            if committee is None:
                raise DomainError(
                    _("Choose a review committee."), field="committee", code="required"
                )
            session, entrusted = _committee_choice(
                unit=application.unit,
                series=application.series,
                level=level,
                year=application.year,
                committee=committee,
                today=today,
            )
            if committee.pk != application.committee_id:
                # Achievements and materials answer the old committee's lists (seed 004 2.2.2).
                application.achievement_rows.all().delete()
                stale = list(application.attachments.filter(section="committee_materials"))
                _delete_files_later(*(a.file for a in stale))
                application.attachments.filter(pk__in=[a.pk for a in stale]).delete()
            application.committee = committee
            application.review_session = session
            application.entrusted = entrusted
            office = committee.office
            fields += ["committee", "review_session", "entrusted"]
        elif office is None:
            raise DomainError(_("Choose the title-reform office."), field="office", code="required")
        application.level = level
        application.qualification = qualification
        application.office = office
        _bump(application, *fields)
    return application


def application_discard(*, actor, role_context, application: Application) -> None:
    """废弃: delete a draft with everything in it."""
    with transaction.atomic():
        application = _lock(application, actor)
        if application.status != Status.DRAFT:
            raise DomainError(_("Only a draft can be discarded."), code="submitted")
        files = [a.file for a in application.attachments.all()]
        for key in ("application_info", "basic_info", "teacher_info", "health_info"):
            instance = application._section(key)
            if instance is not None:
                files += [
                    getattr(instance, f.name)
                    for f in instance._meta.fields
                    if f.get_internal_type() == "FileField"
                ]
        _delete_files_later(*files)
        logger.info("application %s discarded by %s", application.pk, actor.pk)
        application.delete()
