"""Services of the personal profile (个人资料, seed 004 §2.3).

The person keeps basic information and the rows of the list sections in the profile all year
round; a new application starts from it (``prefill_application``), and a section changed in an
application can be saved back (``save_section_to_profile``). Finished posts of an approved
application stay read-only, in the profile and in the applications it fills.
"""

from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from applications.models import (
    PROFILE_ROW_MODELS,
    Application,
    BasicInfo,
    BasicInfoFields,
    Profile,
    Status,
)
from applications.sections import BASIC_FIELDS_FULL, SPECS, section_keys
from titleportal.errors import DomainError
from titleportal.models import random_name

from .common import _delete_files_later, _lock
from .rows import LOCKED_ROW, VERIFICATION_FIELDS

PROFILE_SECTIONS = ["basic_info", *PROFILE_ROW_MODELS]
BASIC_NAMES = [f.name for f in BasicInfoFields._meta.get_fields() if f.name != "updated_at"]
# What a row copy leaves out: the row's own id, owner and creation time.
ROW_OWN_FIELDS = {"id", "application", "profile", "created_at"}


def _row_names(key: str) -> list[str]:
    # attname: a foreign key is copied by its id, without loading the object.
    return [
        f.attname
        for f in PROFILE_ROW_MODELS[key]._meta.concrete_fields
        if f.name not in ROW_OWN_FIELDS
    ]


def _copy_file(source, target, prefix: str) -> None:
    """Give ``target`` (a FieldFile) its own copy of ``source``: deleting one owner's file
    (a discarded draft) must not take the other's."""
    if not source:
        return
    extension = PurePath(source.name).suffix.lstrip(".") or "bin"
    with source.open("rb") as handle:
        target.save(random_name(prefix, extension), handle, save=False)


def _last_approved(person_id: int, exclude=None) -> Application | None:
    queryset = Application.objects.filter(
        applicant_id=person_id, status__in=[Status.APPROVED, Status.CERTIFIED]
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.order_by("-decided_at", "-created_at").first()


def profile_of(person) -> Profile:
    """The person's profile, created when first asked for, with the finished posts of their
    last approved application taken in as read-only rows."""
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(person=person)
        approved = _last_approved(person.pk)
        if approved is not None and profile.history_from_id != approved.pk:
            _take_approved_history(profile, approved)
    return profile


def _take_approved_history(profile: Profile, approved: Application) -> None:
    """The finished posts of ``approved`` become read-only rows of the profile (seed 004:
    之前任职的工作经历内容不可更改); the current post stays editable."""
    rows = profile.work_history_rows.all()
    known = {(row.started_on, row.employer): row for row in rows}
    sort = max((row.sort for row in known.values()), default=0)
    names = _row_names("work_history")
    for source in approved.work_history_rows.all():
        finished = source.ended_on is not None
        row = known.get((source.started_on, source.employer))
        if row is not None and not finished:
            continue  # the current post as the person keeps it now
        if row is None:
            sort += 1
            row = PROFILE_ROW_MODELS["work_history"](profile=profile, sort=sort)
        for name in names:
            if name != "sort":
                setattr(row, name, getattr(source, name))
        row.is_locked = finished
        row.approved_in = approved if finished else None
        row.save()
    profile.history_from = approved
    profile.save(update_fields=["history_from"])


def _holds_basic_info(profile: Profile) -> bool:
    default = Profile._meta.get_field("nationality").default
    return any(
        getattr(profile, name) and not (name == "nationality" and profile.nationality == default)
        for name in BASIC_FIELDS_FULL
    )


# --- Editing the profile --------------------------------------------------------------------


def save_profile_basic_info(*, actor, data: dict, files: dict | None = None) -> Profile:
    """基本情况 of the profile (the same form as the application's)."""
    with transaction.atomic():
        profile = profile_of(actor)
        for name, value in data.items():
            setattr(profile, name, value)
        for name, stashed in (files or {}).items():
            if stashed is None:
                continue
            if getattr(profile, name):
                _delete_files_later(getattr(profile, name))
            stashed.claim(getattr(profile, name), f"profiles/{actor.pk}")
        profile.save()
    return profile


def _refuse_locked(row) -> None:
    if getattr(row, "is_locked", False):
        raise DomainError(str(LOCKED_ROW), code="history_fixed")


def save_profile_row(*, actor, key: str, data: dict, row_id: int | None = None):
    """Add or change a row of a list section of the actor's own profile."""
    model = PROFILE_ROW_MODELS[key]
    with transaction.atomic():
        profile = profile_of(actor)
        rows = getattr(profile, SPECS[key].accessor)
        if row_id is None:
            row = model(profile=profile)
            row.sort = (rows.aggregate(top=Max("sort"))["top"] or 0) + 1
        else:
            row = rows.select_for_update().filter(pk=row_id).first()
            if row is None:
                raise DomainError(_("This row no longer exists."), code="missing")
            _refuse_locked(row)
        for name, value in data.items():
            if name not in VERIFICATION_FIELDS:
                setattr(row, name, value)
        for name, message in getattr(model, "unique_per_application", {}).items():
            if rows.filter(**{name: getattr(row, name)}).exclude(pk=row.pk).exists():
                raise DomainError(str(message), field=name, code="duplicate_row")
        row.save()
    return row


def delete_profile_row(*, actor, key: str, row_id: int) -> None:
    with transaction.atomic():
        profile = profile_of(actor)
        row = getattr(profile, SPECS[key].accessor).filter(pk=row_id).first()
        if row is None:
            return
        _refuse_locked(row)
        row.delete()


# --- Between the profile and applications ---------------------------------------------------


def _last_application(application: Application) -> Application | None:
    return (
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def prefill_application(application: Application) -> None:
    """Fill a new application from the profile and, for a section the profile does not
    hold, from the person's last application. Called inside ``application_start``."""
    profile = profile_of(application.applicant)
    keys = section_keys(application)
    last = _last_application(application)
    if "basic_info" in keys:
        source = profile if _holds_basic_info(profile) else None
        if source is None and last is not None:
            source = last._section("basic_info")
        if source is not None:
            info = BasicInfo(application=application)
            for name in BASIC_NAMES:
                if name != "photo":
                    setattr(info, name, getattr(source, name))
            _copy_file(source.photo, info.photo, f"applications/{application.pk}")
            info.save()
    for key in PROFILE_ROW_MODELS:
        if key not in keys:
            continue
        rows = list(getattr(profile, SPECS[key].accessor).all())
        if not rows and last is not None:
            rows = list(getattr(last, SPECS[key].accessor).all())
        names = _row_names(key)
        SPECS[key].model.objects.bulk_create(
            SPECS[key].model(application=application, **{n: getattr(r, n) for n in names})
            for r in rows
        )


def save_section_to_profile(*, actor, role_context, application: Application, key: str) -> Profile:
    """保存到个人资料: the section of the actor's own application replaces the profile's.

    Read-only rows of the profile stay; the application's copies of them are not taken again."""
    if key not in PROFILE_SECTIONS or key not in section_keys(application):
        raise DomainError(
            _("This section is not kept in the personal profile."), code="not_in_profile"
        )
    with transaction.atomic():
        application = _lock(application, actor)
        profile = profile_of(actor)
        if key == "basic_info":
            info = application._section("basic_info")
            if info is None:
                raise DomainError(_("Save the section first."), code="not_saved")
            for name in BASIC_NAMES:
                if name != "photo":
                    setattr(profile, name, getattr(info, name))
            if info.photo and info.photo.name != profile.photo.name:
                if profile.photo:
                    _delete_files_later(profile.photo)
                _copy_file(info.photo, profile.photo, f"profiles/{actor.pk}")
            profile.save()
            return profile
        model = PROFILE_ROW_MODELS[key]
        names = _row_names(key)
        kept = getattr(profile, SPECS[key].accessor)
        kept.filter(**({"is_locked": False} if key == "work_history" else {})).delete()
        sort = kept.aggregate(top=Max("sort"))["top"] or 0
        rows = []
        for source in getattr(application, SPECS[key].accessor).all():
            if getattr(source, "is_locked", False):
                continue
            sort += 1
            values = {n: getattr(source, n) for n in names}
            values["sort"] = sort
            rows.append(model(profile=profile, **values))
        model.objects.bulk_create(rows)
    return profile


__all__ = [
    "PROFILE_SECTIONS",
    "delete_profile_row",
    "prefill_application",
    "profile_of",
    "save_profile_basic_info",
    "save_profile_row",
    "save_section_to_profile",
]
