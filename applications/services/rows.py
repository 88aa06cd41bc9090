"""Services of the applicant's applications: the rows of list sections."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import (
    Achievement,
    Application,
    Attachment,
)
from applications.sections import SPECS, spec_model
from titleportal.errors import DomainError

# --- Rows ---------------------------------------------------------------------------------------
from .common import _bump, _check_values, _delete_files_later, _lock, _require_editable

LOCKED_ROW = gettext_lazy("This row comes from an approved application and cannot be changed.")


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
                raise DomainError(_("This row no longer exists."), code="missing")
            if getattr(row, "is_locked", False):
                raise DomainError(str(LOCKED_ROW), code="history_fixed")
            if getattr(row, "is_verified", False):
                _keep_verified(row, spec, data)
        for name, value in data.items():
            if name in VERIFICATION_FIELDS:
                continue  # only add_verified_rows marks a row as verified
            setattr(row, name, value)
        # The application is locked: no other row can take the value until this one is saved.
        for name, message in getattr(spec.model, "unique_per_application", {}).items():
            taken = rows.filter(**{name: getattr(row, name)}).exclude(pk=row.pk).exists()
            if taken:
                raise DomainError(str(message), field=name, code="duplicate_row")
        _check_values(row)
        row.save()
        if spec.row_files:
            _replace_row_file(application, key, row, attachment)
        _bump(application)
    return row


VERIFICATION_FIELDS = {"verified_source", "verified_at", "verified_ref"}


def _keep_verified(row, spec, data: dict) -> None:
    """The fields a registry vouched for stay as the registry gave them."""
    changed = [
        name for name in spec.verified_columns if name in data and data[name] != getattr(row, name)
    ]
    if changed:
        raise DomainError(
            _(
                "This row was verified with %(source)s; its verified fields cannot be changed. "
                "Delete the row and add your own if it is wrong."
            )
            % {"source": row.verified_source},
            field=changed[0],
            code="verified_fixed",
        )


def add_verified_rows(
    *,
    actor,
    role_context,
    application: Application,
    key: str,
    rows: "Sequence[tuple[str, str, Any, dict]]",
) -> list:
    """Add rows a registry supplied (已核验): ``rows`` are (the registry's record id, the
    registry's name, when it answered, the row's field values).

    A record already in the section is not added again; nor is a row whose verified fields
    equal a row already there (the same employer and dates from two insurance types).
    Returns the rows added."""
    spec = SPECS[key]
    if not spec.verified_columns:
        raise DomainError(_("This section does not take rows from a registry."), code="no_registry")
    added = []
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        existing = list(_row_queryset(application, key).select_for_update())
        refs = {row.verified_ref for row in existing if row.verified_ref}
        facts = {
            tuple(getattr(row, name) for name in spec.verified_columns)
            for row in existing
            if row.verified_ref
        }
        sort = max((row.sort for row in existing), default=0)
        for ref, source, verified_at, values in rows:
            fact = tuple(values.get(name) for name in spec.verified_columns)
            if ref in refs or fact in facts:
                continue
            sort += 1
            row = spec.model(
                application=application,
                sort=sort,
                verified_source=source[:50],
                verified_at=verified_at,
                verified_ref=ref[:64],
                **values,
            )
            row.save()
            refs.add(ref)
            facts.add(fact)
            added.append(row)
        if added:
            _bump(application)
    return added


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
        raise DomainError(_("Choose a policy item of your review committee."), code="template")
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
            raise DomainError(str(LOCKED_ROW), code="history_fixed")
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
