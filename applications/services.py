"""Every write to an application: one function per act.

Each runs in one transaction, locks the application row (``select_for_update``), checks the
rule, changes what it changes, bumps ``Application.version`` and, for transitions, writes the
action-log row. Refusals raise ``DomainError`` with the sentence the applicant reads.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import actionlog, transitions, workflow
from reference.workdays import add_working_days
from titleportal.errors import DomainError
from titleportal.sanitize import sanitize_html, visible_length
from units.models import RequiredMaterial

from .materials import kind_materials
from .models import (
    Achievement,
    Application,
    Attachment,
    Kind,
    Status,
    VoidNotice,
    WorkHistory,
    WorkSummary,
)
from .sections import SPECS, ApplicationSections, section_snapshot, spec_model

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
    # Only the application row is locked (an outer join cannot be locked on PostgreSQL).
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.applicant_id != actor.pk:
        raise DomainError(_("This application is not yours."))
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


# --- Start, route, discard -------------------------------------------------------------------


def _check_catalogue(*, series, level, qualification, specialty) -> None:
    if qualification.series_id != series.pk or qualification.level_id != level.pk:
        raise DomainError(
            _("Choose a qualification of the chosen series and level."), field="qualification"
        )
    if specialty is not None and specialty.series_id != series.pk:
        raise DomainError(_("Choose a specialty of the chosen series."), field="specialty")


def _committee_choice(*, unit, series, level, year, committee, today):
    from .selectors import committees_for

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
                    )
                return session, is_entrusted
    raise DomainError(
        _("This committee does not accept applications of this series and level now."),
        field="committee",
        code="committee",
    )


def _carry_over_work_history(application: Application) -> None:
    """Work history of the applicant's last approved application comes along; finished
    posts stay read-only (seed 004: 之前任职的工作经历内容不可更改)."""
    earlier = (
        Application.objects.filter(
            applicant_id=application.applicant_id,
            status__in=[Status.APPROVED, Status.CERTIFIED],
        )
        .exclude(pk=application.pk)
        .order_by("-decided_at", "-created_at")
        .first()
    )
    if earlier is None:
        return
    WorkHistory.objects.bulk_create(
        WorkHistory(
            application=application,
            sort=row.sort,
            started_on=row.started_on,
            ended_on=row.ended_on,
            employer=row.employer,
            admin_post=row.admin_post,
            technical_post=row.technical_post,
            position=row.position,
            content=row.content,
            witness=row.witness,
            is_locked=row.ended_on is not None,
        )
        for row in earlier.work_history_rows.all()
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
            _("You have not joined a unit yet. Join your unit with its unit key first.")
        )
    unit = affiliation.unit
    _check_catalogue(series=series, level=level, qualification=qualification, specialty=specialty)
    if specialty is None and not custom_specialty.strip():
        raise DomainError(_("Choose a specialty or enter your own."), field="specialty")
    session, entrusted = None, False
    if kind == Kind.EVALUATION:
        if committee is None:
            raise DomainError(_("Choose a review committee."), field="committee")
        session, entrusted = _committee_choice(
            unit=unit, series=series, level=level, year=year, committee=committee, today=today
        )
        office = committee.office
    elif office is None:
        raise DomainError(_("Choose the title-reform office."), field="office")
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
        _carry_over_work_history(application)
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
                raise DomainError(_("Choose a review committee."), field="committee")
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
            raise DomainError(_("Choose the title-reform office."), field="office")
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


# --- Sections ---------------------------------------------------------------------------------


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
            raise DomainError(_("Choose a specialty of the chosen series."), field="specialty")
        if specialty is None and not custom_specialty.strip():
            raise DomainError(_("Choose a specialty or enter your own."), field="specialty")
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


# --- Rows ---------------------------------------------------------------------------------------


def _row_queryset(application: Application, key: str):
    return getattr(application, SPECS[key].accessor)


def _replace_row_file(application: Application, key: str, row, stashed) -> None:
    if stashed is None:
        return
    old = list(Attachment.objects.filter(application=application, section=key, row_id=row.pk))
    _delete_files_later(*(a.file for a in old))
    Attachment.objects.filter(pk__in=[a.pk for a in old]).delete()
    _create_attachment(
        application, stashed, section=key, row_id=row.pk, label=str(SPECS[key].title)
    )


def _create_attachment(
    application, stashed, *, section, label, row_id=None, material=None, slot=""
):
    attachment = Attachment(
        application=application,
        section=section,
        row_id=row_id,
        material=material,
        slot=slot,
        label=label[:100],
        original_name=stashed.original_name,
        content_kind=stashed.kind,
        size=stashed.size,
        converted=stashed.converted,
    )
    stashed.claim(attachment.file, f"applications/{application.pk}")
    attachment.save()
    return attachment


def save_row(
    *,
    actor,
    role_context,
    application: Application,
    key: str,
    data: dict,
    row_id: int | None = None,
    attachment=None,
):
    """Add or change a row of a list section."""
    spec = SPECS[key]
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        rows = _row_queryset(application, key)
        if row_id is None:
            row = spec.model(application=application)
            row.sort = (rows.aggregate(top=Max("sort"))["top"] or 0) + 1
        else:
            row = rows.select_for_update().filter(pk=row_id).first()
            if row is None:
                raise DomainError(_("This row no longer exists."))
            if getattr(row, "is_locked", False):
                raise DomainError(
                    _("This row comes from an approved application and cannot be changed."),
                    code="history_fixed",
                )
        for name, value in data.items():
            setattr(row, name, value)
        row.save()
        if spec.row_files:
            _replace_row_file(application, key, row, attachment)
        _bump(application)
    return row


def save_achievement(
    *,
    actor,
    role_context,
    application: Application,
    template,
    title: str,
    date,
    details: dict,
    row_id: int | None = None,
    attachment=None,
) -> Achievement:
    """An achievement row under one of the committee's policy items."""
    if template is not None and template.review_session_id != application.review_session_id:
        raise DomainError(_("Choose a policy item of your review committee."))
    return save_row(
        actor=actor,
        role_context=role_context,
        application=application,
        key="achievements",
        row_id=row_id,
        attachment=attachment,
        data={
            "template": template,
            "achievement_kind": template.achievement_kind,
            "title": title,
            "date": date,
            "details": details,
        },
    )


def delete_row(*, actor, role_context, application: Application, key: str, row_id: int) -> None:
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        row = _row_queryset(application, key).filter(pk=row_id).first()
        if row is None:
            return
        if getattr(row, "is_locked", False):
            raise DomainError(
                _("This row comes from an approved application and cannot be changed."),
                code="history_fixed",
            )
        files = list(Attachment.objects.filter(application=application, section=key, row_id=row.pk))
        _delete_files_later(*(a.file for a in files))
        Attachment.objects.filter(pk__in=[a.pk for a in files]).delete()
        row.delete()
        _bump(application)


def reorder_rows(
    *, actor, role_context, application: Application, key: str, row_ids: list[int]
) -> None:
    """Put the rows in the given order (drag and drop); unknown ids are ignored."""
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        rows = {row.pk: row for row in _row_queryset(application, key).select_for_update()}
        ordered = [rows.pop(pk) for pk in row_ids if pk in rows]
        ordered += sorted(rows.values(), key=lambda row: (row.sort, row.pk))
        for position, row in enumerate(ordered, start=1):
            row.sort = position
        spec_model(key).objects.bulk_update(ordered, ["sort"])
        _bump(application)


def move_row(
    *, actor, role_context, application: Application, key: str, row_id: int, step: int
) -> None:
    """Move a row one place up (step=-1) or down (step=1): the keyboard way to reorder."""
    ids = list(_row_queryset(application, key).values_list("pk", flat=True))
    if row_id not in ids:
        return
    index = ids.index(row_id)
    target = max(0, min(len(ids) - 1, index + step))
    ids.insert(target, ids.pop(index))
    reorder_rows(
        actor=actor, role_context=role_context, application=application, key=key, row_ids=ids
    )


# --- Materials ----------------------------------------------------------------------------------


def find_material(application: Application, section: str, material_key: str):
    """The material a key names in this application's lists, or None."""
    if section == "materials":
        return next((m for m in kind_materials(application.kind) if m.key == material_key), None)
    if section == "committee_materials" and material_key.startswith("c"):
        try:
            pk = int(material_key[1:])
        except ValueError:
            return None
        return RequiredMaterial.objects.filter(
            pk=pk, review_session_id=application.review_session_id
        ).first()
    return None


def upload_material(
    *, actor, role_context, application: Application, section: str, material, stashed
) -> Attachment:
    """One file for a material of the kind's list or of the committee's list."""
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        block = publicity_block(application)
        if block:
            raise DomainError(block)
        existing = application.attachments.filter(section=section)
        if section == "committee_materials":
            existing = existing.filter(material=material)
        else:
            existing = existing.filter(slot=material.key)
        if existing.count() >= material.max_count:
            raise DomainError(
                _("At most %(count)s files may be uploaded for %(name)s; delete one first.")
                % {"count": material.max_count, "name": material.name}
            )
        attachment = _create_attachment(
            application,
            stashed,
            section=section,
            label=str(material.name),
            material=material if section == "committee_materials" else None,
            slot="" if section == "committee_materials" else material.key,
        )
        _bump(application)
    return attachment


def delete_attachment(*, actor, role_context, application: Application, attachment_id: int) -> None:
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        attachment = application.attachments.filter(pk=attachment_id, row_id__isnull=True).first()
        if attachment is None:
            return
        _delete_files_later(attachment.file)
        attachment.delete()
        _bump(application)


# --- Submit and withdraw -----------------------------------------------------------------------


def _follow_current_unit(application: Application, actor) -> None:
    """A first submission goes to the unit the person works for now (单位调整 may have changed
    it since the draft was started); a resubmission stays with the unit that reviewed it."""
    affiliation = getattr(actor, "affiliation", None)
    if affiliation is None:
        raise DomainError(
            _("You are not linked to a unit. Join your unit with its unit key first."),
            code="no_unit",
        )
    if affiliation.unit_id == application.unit_id:
        return
    application.unit = affiliation.unit
    leaves_committee_region = (
        application.committee_id
        and not application.entrusted
        and not application.committee.covers_region(application.unit.region)
    )
    if leaves_committee_region:
        raise DomainError(
            _(
                "Your unit has changed and the review committee does not cover its region. "
                "Choose the committee again under “Change level or office”."
            ),
            code="route",
        )
    application.save(update_fields=["unit"])


def _applicant_check(actor):
    def check(application: Application) -> None:
        if application.applicant_id != actor.pk:
            raise DomainError(_("This application is not yours."), code="forbidden")

    return check


def application_submit(
    *,
    actor,
    role_context,
    application: Application,
    promise_accepted: bool,
) -> Application:
    """同意并报送: to the unit. Fixes the route (department at this moment, office, committee)."""
    resubmission = {}

    def check(application: Application) -> None:
        _applicant_check(actor)(application)
        if application.status not in (Status.DRAFT, Status.RETURNED):
            raise DomainError(_("This application has already been submitted."), code="submitted")
        if not promise_accepted:
            raise DomainError(_("Read and accept the integrity promise to submit."), code="promise")
        incomplete = ApplicationSections(application).incomplete()
        if incomplete:
            raise DomainError(
                _("Complete these sections first: %(sections)s.")
                % {"sections": "、".join(str(spec.title) for spec, _missing in incomplete)},
                code="incomplete",
            )
        today = timezone.localdate()
        for code, block in (
            ("publicity", publicity_block(application, today)),
            ("deadline", deadline_block(application, today)),
        ):
            if block:
                raise DomainError(block, code=code)

    def change(application: Application) -> dict:
        resubmission["value"] = application.status == Status.RETURNED
        if application.submitted_at is None:
            _follow_current_unit(application, actor)
        application.department = application.unit.department
        application.submit()
        workflow.enter(application, workflow.fix_route(application))
        now = timezone.now()
        application.promise_accepted_at = now
        application.submitted_at = application.submitted_at or now
        application.last_submitted_at = now
        # A new submission: the unit has not acted on it yet, so it may be withdrawn again.
        application.unit_acted_at = None
        return {
            "resubmission": resubmission["value"],
            "route": {
                "unit": application.unit_id,
                "department": application.department_id,
                "office": application.office_id,
                "committee": application.committee_id,
                "review_session": application.review_session_id,
                "steps": [
                    {"type": s.organisation_type, "id": s.organisation_id, "label": s.label}
                    for s in workflow.steps_of(application)
                ],
            },
            "snapshot": section_snapshot(application),
        }

    def notify(application: Application, entry) -> None:
        # The unit's staff find it in their 待办事项, and get a message linking to it.
        workflow.notify_staff(
            application,
            workflow.current(application),
            event="review.submitted",
            title=(
                _("Application resubmitted: %(name)s (%(kind)s)")
                if resubmission["value"]
                else _("New application to review: %(name)s (%(kind)s)")
            )
            % {"name": application.applicant.full_name, "kind": application.get_kind_display()},
        )

    return transitions.run(
        model=Application,
        target=application,
        actor=actor,
        role_context=role_context,
        action="application.submitted",
        check=check,
        change=change,
        notify=notify,
    )


def application_withdraw(*, actor, role_context, application: Application) -> Application:
    """撤回: back to draft, only while the unit has not acted."""

    def check(application: Application) -> None:
        _applicant_check(actor)(application)
        if application.status in (Status.DRAFT, Status.RETURNED):
            raise DomainError(_("This application has not been submitted."), code="not_submitted")
        if not workflow.may_withdraw(application):
            raise DomainError(WITHDRAW_REFUSED, code="unit_acted")

    def change(application: Application) -> None:
        workflow.leave(application)
        application.withdraw()

    return transitions.run(
        model=Application,
        target=application,
        actor=actor,
        role_context=role_context,
        action="application.withdrawn",
        check=check,
        change=change,
    )
