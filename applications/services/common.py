"""Services of the applicant's applications: shared checks and the duplicate rule."""

import datetime
import logging

from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import transitions
from applications.models import (
    Application,
    Kind,
    Status,
    VoidNotice,
)
from applications.sections import DATE_PAIRS
from titleportal.errors import DomainError

logger = logging.getLogger(__name__)

WITHDRAW_REFUSED = gettext_lazy(
    "Note: your unit has already given its review opinion, so the application cannot be "
    "withdrawn; please wait for the unit's result. To revise it, contact your unit's staff."
)


class DuplicateApplication(DomainError):
    """What a new application would duplicate: for an evaluation, any evaluation of the same
    person and year (同一年度只准申报一个系列); for the other kinds, an unfinished application of
    the same kind, year and series."""

    def __init__(self, existing: Application):
        facts = {
            "kind": existing.get_kind_display(),
            "series": existing.series.label,
            "year": existing.year,
            "status": existing.get_status_display(),
        }
        if existing.kind == Kind.EVALUATION:
            message = _(
                "Only one series may be applied for per year: you already have a title "
                "evaluation for %(series)s in %(year)s (%(status)s), so no other evaluation "
                "can be started this year."
            )
            code = "evaluation_this_year"
        else:
            message = _(
                "You already have an unfinished %(kind)s application for %(series)s in "
                "%(year)s. Only one series may be applied for per year: continue that one."
            )
            code = "duplicate"
        super().__init__(message % facts, code=code)
        self.existing = existing


def _existing_for(actor, *, kind: str, year: int, series) -> Application | None:
    """What a new application of ``kind`` would duplicate: for an evaluation any evaluation of
    the year, for the other kinds an unfinished one of the same kind, year and series."""
    if kind == Kind.EVALUATION:
        return Application.objects.filter(applicant=actor, kind=kind, year=year).first()
    return (
        Application.objects.unfinished()
        .filter(applicant=actor, kind=kind, year=year, series=series)
        .first()
    )


def _date(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


def _lock(application: Application, actor) -> Application:
    """The applicant's own application, locked (``transitions.lock``, the one lock)."""
    locked = transitions.lock(Application, application)
    if locked.applicant_id != actor.pk:
        raise DomainError(_("This application is not yours."), code="forbidden")
    return locked


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise DomainError(
            _("This application has been submitted and cannot be changed now."), code="locked"
        )


def _bump(application: Application, *fields: str) -> None:
    application.version += 1
    application.save(update_fields=["version", "updated_at", *fields])


def _delete_files_later(*field_files) -> None:
    """Remove replaced files once the new state is committed."""
    names = [(f.storage, f.name) for f in field_files if f]

    def remove():
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - a missing file is no reason to fail
                logger.warning("could not delete %s", name)

    if names:
        transaction.on_commit(remove)


def publicity_block(application: Application, today: datetime.date | None = None) -> str:
    """For a replacement, why materials and submission are not possible yet (or "")."""
    if application.kind != Kind.REPLACEMENT:
        return ""
    notice = application._section("void_notice")
    if notice is None:
        return _(
            "Save the application information first: the void notice of the lost "
            "certificate is then published for %(days)s working days."
        ) % {"days": VoidNotice.PUBLICITY_WORKING_DAYS}
    if not notice.is_over(today):
        return _(
            "The void notice of the lost certificate is in publicity until %(date)s. Materials "
            "can be uploaded and the application submitted after that day."
        ) % {"date": _date(notice.ends_on)}
    return ""


def deadline_block(application: Application, today: datetime.date | None = None) -> str:
    """Why the review session does not accept this submission (or "")."""
    session = application.review_session
    if session is None:
        return ""
    today = today or timezone.localdate()
    if today < session.opens_on:
        return _("The review session opens for applications on %(date)s.") % {
            "date": _date(session.opens_on)
        }
    if session.intake_closed_at is not None:
        return _("The review committee has closed the intake of applications.")
    if application.status == Status.RETURNED:
        if today > session.applicant_revision_deadline:
            return _(
                "The deadline for resubmitting revised applications was %(date)s; it can no "
                "longer be submitted."
            ) % {"date": _date(session.applicant_revision_deadline)}
    elif today > session.applicant_first_deadline:
        return _(
            "The deadline for first submission by applicants was %(date)s; it can no longer be "
            "submitted."
        ) % {"date": _date(session.applicant_first_deadline)}
    return ""


def _check_values(instance) -> None:
    """Long texts within their limit, end dates not before start dates: also for callers
    that do not come through a form (the row and section services)."""
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        limit = model_field.max_length
        if isinstance(model_field, models.TextField) and limit and len(value or "") > limit:
            raise DomainError(
                _("Enter at most %(max)s characters; it has %(count)s.")
                % {"max": limit, "count": len(value)},
                field=model_field.name,
                code="too_long",
            )
    for start, end in DATE_PAIRS:
        started, ended = getattr(instance, start, None), getattr(instance, end, None)
        if started and ended and ended < started:
            raise DomainError(
                _("The end date cannot be before the start date."), field=end, code="dates"
            )
