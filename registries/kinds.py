"""The three registries: what each record holds, how it is read from the registry's answer, and
which row of the application it becomes.

The answer of every registry (the local fixture files and the HTTP interface alike) is JSON:
``{"source": "学信网", "records": [{...}, ...]}``, each record with an ``id`` and the fields
below. Dates are ISO dates; 学历 and 学位 are the codes of GB/T 4658 and GB/T 6864.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import TitleOrSkill
from reference.choices import Degree
from reference.choices import Education as EducationLevel

from .models import Registry

Label = str | Promise


class BadRecord(ValueError):
    """A record of the answer does not have the fields it should."""


def _text(record: dict[str, Any], name: str, limit: int, *, required: bool = True) -> str:
    value = record.get(name)
    if value is None or str(value).strip() == "":
        if required:
            raise BadRecord(name)
        return ""
    return str(value).strip()[:limit]


def _date(record: dict[str, Any], name: str, *, required: bool = True) -> datetime.date | None:
    value = record.get(name)
    if value in (None, ""):
        if required:
            raise BadRecord(name)
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise BadRecord(name) from error


def _choice(record: dict[str, Any], name: str, choices: Any) -> str:
    value = str(record.get(name, "")).strip()
    if value in choices.values:
        return value
    with translation.override(settings.LANGUAGE_CODE):  # a registry that sends the words
        for code, label in choices.choices:
            if value == str(label):
                return str(code)
    raise BadRecord(name)


def education_row(record: dict[str, Any]) -> dict[str, Any]:
    years = record.get("schooling_years")
    try:
        schooling_years = int(years) if years not in (None, "") else 4
    except (TypeError, ValueError) as error:
        raise BadRecord("schooling_years") from error
    enrolled_on = _date(record, "enrolled_on")
    graduated_on = _date(record, "graduated_on")
    return {
        "enrolled_on": enrolled_on,
        "graduated_on": graduated_on,
        "school": _text(record, "school", 30),
        "major": _text(record, "major", 30),
        "education": _choice(record, "education", EducationLevel),
        "degree": _choice(record, "degree", Degree) if record.get("degree") else Degree.NONE,
        "schooling_years": min(max(schooling_years, 2), 8),
        "before_work": bool(record.get("before_work", False)),
    }


def social_insurance_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "employer": _text(record, "employer", 50),
        "started_on": _date(record, "started_on"),
        "ended_on": _date(record, "ended_on", required=False),
        "content": "",
    }


def vocational_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": TitleOrSkill.Category.VOCATIONAL,
        "name": _text(record, "name", 50),
        "grade": _text(record, "grade", 20),
        "specialty": _text(record, "specialty", 50),
        "obtained_on": _date(record, "obtained_on"),
        "issuer": _text(record, "issuer", 50),
        "certificate_number": _text(record, "certificate_number", 50, required=False),
    }


@dataclass(frozen=True)
class Column:
    key: str
    label: Label


@dataclass(frozen=True)
class RegistryKind:
    registry: str
    section: str  # the application section its rows go to
    title: Label  # the panel's heading
    button: Label  # 同步 button
    default_source: Label  # 数据来源 when the registry does not name itself
    path: str  # of the HTTP interface, under REGISTRY_BASE_URL
    columns: tuple[Column, ...]  # shown to the person before choosing
    to_row: Callable[[dict[str, Any]], dict[str, Any]]
    unavailable: Label  # what the person reads when the registry cannot be reached
    empty: Label


KINDS: dict[str, RegistryKind] = {
    kind.registry: kind
    for kind in [
        RegistryKind(
            registry=Registry.EDUCATION,
            section="education",
            title=_("Education in the national higher-education registry"),
            button=_("Sync education"),
            default_source=_("CHSI (学信网)"),
            path="/v1/education/records",
            columns=(
                Column("school", _("school")),
                Column("major", _("major")),
                Column("education", _("education")),
                Column("degree", _("degree")),
                Column("enrolled_on", _("enrolment date")),
                Column("graduated_on", _("graduation date")),
            ),
            to_row=education_row,
            unavailable=_(
                "The education registry cannot be reached at the moment. Please add your "
                "education yourself and upload your diploma and degree certificate."
            ),
            empty=_("The education registry holds no education records for you."),
        ),
        RegistryKind(
            registry=Registry.SOCIAL_INSURANCE,
            section="work_history",
            title=_("Social insurance records"),
            button=_("Sync social insurance"),
            default_source=_("Social insurance registry"),
            path="/v1/social-insurance/records",
            columns=(
                Column("employer", _("Employer paying contributions")),
                Column("insurance_type", _("Insurance type")),
                Column("status", _("Insurance status")),
                Column("started_on", _("Insured from")),
                Column("ended_on", _("Insured until")),
                Column("payment_status", _("Contribution status")),
            ),
            to_row=social_insurance_row,
            unavailable=_(
                "The social insurance registry cannot be reached at the moment. Please add "
                "your work history yourself."
            ),
            empty=_("No social insurance records were found."),
        ),
        RegistryKind(
            registry=Registry.VOCATIONAL,
            section="titles_skills",
            title=_("Provincial vocational qualification certificates"),
            button=_("Sync provincial vocational qualification certificates"),
            default_source=_("Provincial vocational qualification registry"),
            path="/v1/vocational-qualifications/records",
            columns=(
                Column("name", _("Certificate name")),
                Column("grade", _("grade")),
                Column("specialty", _("specialty or trade")),
                Column("obtained_on", _("obtained on")),
                Column("issuer", _("issued or certified by")),
                Column("certificate_number", _("certificate number")),
            ),
            to_row=vocational_row,
            unavailable=_(
                "The vocational qualification registry cannot be reached at the moment. "
                "Please add your certificates yourself and upload a scan of each."
            ),
            empty=_("The registry holds no vocational qualification certificates for you."),
        ),
    ]
}


def display(kind: RegistryKind, payload: dict[str, Any]) -> list[str]:
    """The record's values in the panel's column order, 学历 and 学位 in words."""
    values = []
    for column in kind.columns:
        value = payload.get(column.key)
        if column.key == "education":
            value = dict(EducationLevel.choices).get(str(value), value)
        elif column.key == "degree":
            value = dict(Degree.choices).get(str(value), value)
        values.append("" if value is None else str(value))
    return values
