"""The sections of an application.

Which sections a kind has (seed 000, 002 §3, 004 §2), which fields each form shows and
requires, when a section is complete, and a read-only view of every section that detail
pages, the print view, the PDF and the reviews app share (``sections_for``,
``section_snapshot``).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import achievements
from .materials import committee_materials, kind_materials
from .models import (
    Achievement,
    Appraisal,
    ContinuingEducation,
    Education,
    Exam,
    HeldQualification,
    Kind,
    SocietyPost,
    Status,
    TitleOrSkill,
    WorkHistory,
)

FORM, ROWS, SUMMARY, MATERIALS = "form", "rows", "summary", "materials"

TEACHER_SERIES = "primary_secondary_teacher"
HEALTH_SERIES = "health"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    style: str
    model: type | None = None
    accessor: str = ""  # one-to-one accessor or reverse foreign-key manager on Application
    columns: tuple[str, ...] = ()  # rows: the fields of a row, in table order
    min_rows: int = 0
    row_files: bool = False
    help_text: str = ""


SPECS: dict[str, SectionSpec] = {
    spec.key: spec
    for spec in [
        SectionSpec(
            "application_info", _("Application information"), FORM, accessor="application_info"
        ),
        SectionSpec("basic_info", _("Basic information"), FORM, accessor="basic_info"),
        SectionSpec(
            "education",
            _("Education background"),
            ROWS,
            Education,
            "education_rows",
            (
                "enrolled_on",
                "graduated_on",
                "school",
                "major",
                "education",
                "degree",
                "schooling_years",
                "before_work",
                "note",
            ),
            min_rows=1,
            row_files=True,
            help_text=_(
                "Attach the diploma and degree certificate; a degree obtained abroad also needs "
                "the certification of the Chinese Service Center for Scholarly Exchange."
            ),
        ),
        SectionSpec(
            "held_qualifications",
            _("Qualifications held"),
            ROWS,
            HeldQualification,
            "held_qualification_rows",
            (
                "title_name",
                "title_level",
                "title_specialty",
                "issuer",
                "obtained_on",
                "document_number",
                "current_work",
                "appointed_post",
                "appointed_on",
            ),
            row_files=True,
        ),
        SectionSpec(
            "titles_skills",
            _("Titles and vocational skill levels"),
            ROWS,
            TitleOrSkill,
            "title_or_skill_rows",
            (
                "category",
                "name",
                "grade",
                "specialty",
                "obtained_on",
                "issuer",
                "certificate_number",
            ),
            row_files=True,
        ),
        SectionSpec(
            "work_history",
            _("Work history"),
            ROWS,
            WorkHistory,
            "work_history_rows",
            (
                "started_on",
                "ended_on",
                "employer",
                "admin_post",
                "technical_post",
                "position",
                "content",
                "witness",
            ),
            min_rows=1,
            help_text=_(
                "List your professional work in order of importance: drag the rows, or use the "
                "move buttons. Leave the end date empty for your current post."
            ),
        ),
        SectionSpec(
            "achievements",
            _("Achievements"),
            ROWS,
            Achievement,
            "achievement_rows",
            min_rows=1,
            row_files=True,
            help_text=_("Choose the policy item of the review committee each achievement meets."),
        ),
        SectionSpec(
            "society_posts",
            _("Society posts"),
            ROWS,
            SocietyPost,
            "society_post_rows",
            ("name", "started_on", "ended_on", "post"),
        ),
        SectionSpec(
            "continuing_education",
            _("Continuing education"),
            ROWS,
            ContinuingEducation,
            "continuing_education_rows",
            ("started_on", "ended_on", "organiser", "place", "content", "hours", "witness"),
            row_files=True,
        ),
        SectionSpec(
            "appraisals",
            _("Appraisals"),
            ROWS,
            Appraisal,
            "appraisal_rows",
            ("year", "result"),
            min_rows=1,
        ),
        SectionSpec(
            "exams",
            _("Exams"),
            ROWS,
            Exam,
            "exam_rows",
            ("name", "taken_on", "result", "certificate_number"),
            row_files=True,
            help_text=_(
                "Applicants in the economics, statistics and audit series enter their exams here."
            ),
        ),
        SectionSpec("teacher_info", _("K-12 teacher information"), FORM, accessor="teacher_info"),
        SectionSpec(
            "health_info", _("Health technology information"), FORM, accessor="health_info"
        ),
        SectionSpec("work_summary", _("Work summary"), SUMMARY, accessor="work_summary"),
        SectionSpec("materials", _("Material uploads"), MATERIALS),
        SectionSpec("committee_materials", _("Committee materials"), MATERIALS),
    ]
}

EVALUATION_SECTIONS = [
    "application_info",
    "basic_info",
    "education",
    "held_qualifications",
    "titles_skills",
    "work_history",
    "achievements",
    "society_posts",
    "continuing_education",
    "appraisals",
    "exams",
    "teacher_info",
    "health_info",
    "work_summary",
    "committee_materials",
]
SECTIONS_BY_KIND = {
    Kind.EVALUATION: EVALUATION_SECTIONS,
    Kind.RECOGNITION: ["application_info", "basic_info", "work_summary", "materials"],
    Kind.RECONFIRMATION: ["application_info", "basic_info", "work_summary", "materials"],
    Kind.REPLACEMENT: ["application_info", "materials"],
    Kind.TRANSFER: ["application_info", "basic_info", "materials"],
}


def section_keys(application) -> list[str]:
    series_code = application.series.code
    keys = []
    for key in SECTIONS_BY_KIND[application.kind]:
        if key == "teacher_info" and series_code != TEACHER_SERIES:
            continue
        if key == "health_info" and series_code != HEALTH_SERIES:
            continue
        keys.append(key)
    return keys


# --- Single forms: fields shown and required, per kind ------------------------------------------

INFO_FIELDS = {
    Kind.EVALUATION: ["category", "current_post", "contact_phone", "delegation_letter"],
    Kind.RECOGNITION: [
        "education",
        "graduation_school",
        "graduation_major",
        "graduated_on",
        "current_post",
        "contact_phone",
    ],
    Kind.RECONFIRMATION: [
        "original_qualification",
        "original_specialty",
        "identity_type",
        "contact_phone",
    ],
    Kind.REPLACEMENT: [
        "original_certificate_number",
        "approving_authority",
        "granted_on",
        "contact_phone",
        "photo",
    ],
    Kind.TRANSFER: [
        "original_province",
        "original_unit",
        "original_qualification",
        "original_specialty",
        "granted_on",
        "original_committee",
        "expertise",
        "work_since_joining",
        "contact_phone",
    ],
}
INFO_OPTIONAL = {"original_certificate_number", "delegation_letter"}

BASIC_FIELDS_SHORT = [
    "ethnicity",
    "political_status",
    "native_place",
    "birthplace",
    "mobile",
    "phone",
    "work_started_on",
    "foreign_language",
    "strengths",
    "awards",
    "photo",
]
BASIC_FIELDS_FULL = [
    "former_name",
    "nationality",
    "ethnicity",
    "political_status",
    "native_place",
    "birthplace",
    "mobile",
    "phone",
    "email",
    "household_address",
    "residence",
    "postcode",
    "admin_post",
    "admin_post_level",
    "admin_post_since",
    "work_started_on",
    "party_post",
    "party_joined_on",
    "foreign_language",
    "title_foreign_language",
    "title_computer",
    "strengths",
    "awards",
    "achievements_summary",
    "photo",
]
BASIC_REQUIRED = {
    "nationality",
    "ethnicity",
    "political_status",
    "native_place",
    "birthplace",
    "mobile",
    "work_started_on",
    "achievements_summary",
    "photo",
}
TEACHER_FIELDS = [
    "stage",
    "subject",
    "teaching_since",
    "social_posts",
    "highest_education",
    "highest_education_on",
    "certificate_stage",
    "certificate_subject",
    "certificate_file",
    "is_rural",
    "is_class_teacher",
    "is_principal_trainee",
    "is_studio_member",
    "current_post",
    "as_ordinary_teacher",
    "it_ability",
    "homework_and_visits",
    "moral_education",
    "demonstration_lessons",
    "rural_teaching",
    "mentoring",
]
TEACHER_REQUIRED = {
    "stage",
    "subject",
    "teaching_since",
    "social_posts",
    "highest_education",
    "highest_education_on",
    "certificate_stage",
    "certificate_subject",
    "certificate_file",
    "homework_and_visits",
}
HEALTH_FIELDS = [
    "institution_level",
    "institution_nature",
    "department_name",
    "report_file",
    "is_exceptional",
    "paired_support",
    "support_started_on",
    "support_ended_on",
    "supported_unit",
    "aid_abroad",
    "aid_tibet",
    "aid_xinjiang",
    "epidemic_work",
    "honours",
    "incidents",
]
HEALTH_REQUIRED = {
    "institution_level",
    "institution_nature",
    "department_name",
    "is_exceptional",
    "aid_abroad",
    "aid_tibet",
    "aid_xinjiang",
    "incidents",
}
# Long texts limited as in the seeds (有何特长, 奖励情况: 700 characters; teacher texts 200-500).
TEXT_LIMITS = {
    "strengths": 700,
    "awards": 700,
    "achievements_summary": 700,
    "work_since_joining": 500,
    "homework_and_visits": 200,
    "moral_education": 500,
    "demonstration_lessons": 500,
    "rural_teaching": 500,
    "mentoring": 500,
    "epidemic_work": 200,
    "honours": 200,
    "incidents": 200,
}
# Files of single forms that the download view may hand out: (section, field).
FILE_FIELDS = {
    ("application_info", "photo"),
    ("application_info", "delegation_letter"),
    ("basic_info", "photo"),
    ("teacher_info", "certificate_file"),
    ("health_info", "report_file"),
}


def form_fields(application, key: str) -> tuple[list[str], set[str]]:
    """(fields shown, fields required) of a single-form section for this application."""
    if key == "application_info":
        fields = list(INFO_FIELDS[application.kind])
        required = set(fields) - INFO_OPTIONAL
        if application.kind == Kind.EVALUATION:
            if application.entrusted:
                required.add("delegation_letter")
            else:
                fields.remove("delegation_letter")
        return fields, required
    if key == "basic_info":
        fields = BASIC_FIELDS_FULL if application.kind == Kind.EVALUATION else BASIC_FIELDS_SHORT
        return list(fields), BASIC_REQUIRED & set(fields)
    if key == "teacher_info":
        return list(TEACHER_FIELDS), set(TEACHER_REQUIRED)
    if key == "health_info":
        return list(HEALTH_FIELDS), set(HEALTH_REQUIRED)
    raise KeyError(key)


def specialty_label(application) -> str:
    if application.kind == Kind.REPLACEMENT:
        return _("Original specialty")
    if application.kind == Kind.RECONFIRMATION:
        return _("Specialty to be assessed")
    return _("Specialty applied for")


def field_label(application, model, name: str) -> str:
    if application.kind == Kind.TRANSFER and name == "granted_on":
        return _("Date the original title was obtained")
    if application.kind == Kind.TRANSFER and name == "original_qualification":
        return _("Original title")
    return model._meta.get_field(name).verbose_name


def summary_label(application) -> str:
    if application.kind == Kind.RECOGNITION:
        return _("Summary of the probation period")
    return _("Summary of professional work")


# --- Read-only view ---------------------------------------------------------------------------


@dataclass
class FileLink:
    label: str
    name: str
    url: str
    is_image: bool
    size: int = 0
    converted: bool = False
    pk: int | None = None
    is_pdf: bool = False


@dataclass
class FieldValue:
    name: str
    label: str
    value: str = ""
    file: FileLink | None = None


@dataclass
class RowView:
    pk: int
    fields: list[FieldValue]
    files: list[FileLink] = field(default_factory=list)
    locked: bool = False
    heading: str = ""


@dataclass
class MaterialView:
    key: str
    name: str
    description: str
    file_type: str
    max_size_mb: object
    max_count: int
    is_required: bool
    files: list[FileLink] = field(default_factory=list)
    material: object = None

    @property
    def is_missing(self) -> bool:
        return self.is_required and not self.files

    @property
    def is_full(self) -> bool:
        return len(self.files) >= self.max_count


@dataclass
class SectionView:
    key: str
    title: str
    style: str
    fields: list[FieldValue] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    materials: list[MaterialView] = field(default_factory=list)
    html: str = ""
    complete: bool = False
    optional: bool = False
    missing: list[str] = field(default_factory=list)
    return_reason: str = ""
    # Set by the reviewer's page after a resubmission: the return named this section, and
    # whether it changed since.
    named_in_return: bool = False
    changed_since_return: bool = False


def _blank(value) -> bool:
    return (
        value is None
        or value == ""
        or (isinstance(value, models.fields.files.FieldFile) and not value)
    )


def display_value(instance, name: str) -> str:
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def attachment_link(application, attachment) -> FileLink:
    return FileLink(
        label=attachment.label,
        name=attachment.original_name,
        url=reverse("applications:attachment", args=[application.pk, attachment.pk]),
        is_image=attachment.is_image,
        size=attachment.size,
        converted=attachment.converted,
        pk=attachment.pk,
        is_pdf=attachment.content_kind == "pdf",
    )


def file_field_link(application, section: str, instance, name: str) -> FileLink | None:
    value = getattr(instance, name)
    if not value:
        return None
    return FileLink(
        label=str(instance._meta.get_field(name).verbose_name),
        name=PurePath(value.name).name,
        url=reverse("applications:file", args=[application.pk, section, name]),
        is_image=value.name.lower().endswith((".jpg", ".jpeg", ".png")),
        is_pdf=value.name.lower().endswith(".pdf"),
    )


class ApplicationSections:
    """The sections of one application, loaded once per request."""

    def __init__(self, application):
        self.application = application
        self.keys = section_keys(application)
        self._instances: dict = {}
        self._rows: dict = {}
        self._attachments = None
        self._return = False

    # --- loading

    def instance(self, key: str):
        if key not in self._instances:
            self._instances[key] = self.application._section(SPECS[key].accessor)
        return self._instances[key]

    def rows(self, key: str) -> list:
        if key not in self._rows:
            queryset = getattr(self.application, SPECS[key].accessor).all()
            if key == "achievements":
                queryset = queryset.select_related("template")
            elif key == "held_qualifications":
                queryset = queryset.select_related("title_level")
            self._rows[key] = list(queryset)
        return self._rows[key]

    def attachments(self) -> list:
        if self._attachments is None:
            self._attachments = list(self.application.attachments.all())
        return self._attachments

    def attachments_of(self, key: str, row_id=None) -> list:
        return [a for a in self.attachments() if a.section == key and a.row_id == row_id]

    def materials(self, key: str) -> list:
        if key == "materials":
            return kind_materials(self.application.kind)
        return committee_materials(self.application)

    def latest_return(self):
        """The last return to the applicant (reason and sections), while it is returned."""
        if self._return is False:
            self._return = None
            if self.application.status == Status.RETURNED:
                self._return = (
                    self.application.actions.filter(action="application.returned")
                    .order_by("-created_at", "-pk")
                    .first()
                )
        return self._return

    def returned_sections(self) -> set[str]:
        entry = self.latest_return()
        return set((entry.data or {}).get("sections", [])) if entry else set()

    # --- completeness

    def missing(self, key: str) -> list[str]:
        """Labels of what is still missing in a section (empty when complete)."""
        spec = SPECS[key]
        application = self.application
        if spec.style == FORM:
            instance = self.instance(key)
            fields, required = form_fields(application, key)
            model = spec_model(key)
            missing = []
            if key == "application_info" and not application.specialty_name:
                missing.append(str(specialty_label(application)))
            for name in fields:
                if name in required and (instance is None or _blank(getattr(instance, name))):
                    missing.append(str(field_label(application, model, name)))
            if (
                key == "application_info"
                and application.kind == Kind.REPLACEMENT
                and instance is not None
                and instance.declaration_accepted_at is None
            ):
                missing.append(str(_("Loss declaration")))
            return missing
        if spec.style == ROWS:
            minimum = spec.min_rows
            if key == "achievements" and not self.templates():
                minimum = 0
            if len(self.rows(key)) < minimum:
                return [str(_("At least %(count)s row") % {"count": minimum})]
            return []
        if spec.style == SUMMARY:
            instance = self.instance(key)
            return (
                []
                if instance is not None and instance.content.strip()
                else [str(summary_label(application))]
            )
        if spec.style == MATERIALS:
            return [
                str(material.name) for material in self.material_views(key) if material.is_missing
            ]
        return []

    def is_optional(self, key: str) -> bool:
        spec = SPECS[key]
        if spec.style == ROWS:
            return spec.min_rows == 0 or (key == "achievements" and not self.templates())
        if spec.style == MATERIALS:
            return not any(m.is_required for m in self.materials(key))
        return False

    def templates(self) -> list:
        if "_templates" not in self._rows:
            session = self.application.review_session
            self._rows["_templates"] = (
                list(session.achievement_templates.all()) if session is not None else []
            )
        return self._rows["_templates"]

    def is_complete(self, key: str) -> bool:
        return not self.missing(key)

    def incomplete(self) -> list[tuple[SectionSpec, list[str]]]:
        return [(SPECS[key], self.missing(key)) for key in self.keys if self.missing(key)]

    # --- views

    def material_views(self, key: str) -> list[MaterialView]:
        views = []
        for material in self.materials(key):
            if key == "committee_materials":
                files = [a for a in self.attachments_of(key) if a.material_id == material.pk]
            else:
                files = [a for a in self.attachments_of(key) if a.slot == material.key]
            views.append(
                MaterialView(
                    key=material.key,
                    name=str(material.name),
                    description=str(material.description),
                    file_type=material.get_file_type_display(),
                    max_size_mb=material.max_size_mb,
                    max_count=material.max_count,
                    is_required=material.is_required,
                    files=[attachment_link(self.application, a) for a in files],
                    material=material,
                )
            )
        return views

    def view(self, key: str) -> SectionView:
        spec = SPECS[key]
        application = self.application
        title = spec.title
        section = SectionView(key=key, title=str(title), style=spec.style)
        if spec.style == FORM:
            instance = self.instance(key)
            model = spec_model(key)
            fields, _required = form_fields(application, key)
            if key == "application_info":
                section.fields.extend(route_fields(application))
            for name in fields:
                label = str(field_label(application, model, name))
                if instance is None:
                    section.fields.append(FieldValue(name, label))
                elif isinstance(model._meta.get_field(name), models.FileField):
                    section.fields.append(
                        FieldValue(
                            name, label, file=file_field_link(application, key, instance, name)
                        )
                    )
                else:
                    section.fields.append(FieldValue(name, label, display_value(instance, name)))
        elif spec.style == ROWS:
            if key == "achievements":
                section.columns = [str(_("Policy item")), str(_("Content"))]
                for row in self.rows(key):
                    form_class = achievements.form_class(row.achievement_kind)
                    values = [
                        FieldValue("title", str(form_class.title_label), row.title),
                        FieldValue(
                            "date",
                            str(form_class.date_label),
                            row.date.isoformat() if row.date else "",
                        ),
                    ]
                    values += [
                        FieldValue(f"details.{index}", label, text)
                        for index, (label, text) in enumerate(form_class.display(row.details))
                    ]
                    section.rows.append(
                        RowView(
                            row.pk,
                            values,
                            [
                                attachment_link(application, a)
                                for a in self.attachments_of(key, row.pk)
                            ],
                            heading=str(row.template)
                            if row.template_id
                            else str(row.get_achievement_kind_display()),
                        )
                    )
            else:
                section.columns = [
                    str(spec.model._meta.get_field(name).verbose_name) for name in spec.columns
                ]
                for row in self.rows(key):
                    section.rows.append(
                        RowView(
                            row.pk,
                            [
                                FieldValue(
                                    name,
                                    str(spec.model._meta.get_field(name).verbose_name),
                                    display_value(row, name)
                                    if not (
                                        name == "ended_on"
                                        and row.ended_on is None
                                        and key in {"work_history", "society_posts"}
                                    )
                                    else str(_("to date")),
                                )
                                for name in spec.columns
                            ],
                            [
                                attachment_link(application, a)
                                for a in self.attachments_of(key, row.pk)
                            ],
                            locked=getattr(row, "is_locked", False),
                        )
                    )
        elif spec.style == SUMMARY:
            instance = self.instance(key)
            section.html = instance.content if instance is not None else ""
            section.fields = [FieldValue("content", str(summary_label(application)))]
        elif spec.style == MATERIALS:
            section.materials = self.material_views(key)
        section.missing = self.missing(key)
        section.complete = not section.missing
        section.optional = self.is_optional(key)
        entry = self.latest_return()
        if entry is not None and key in self.returned_sections():
            section.return_reason = entry.opinion
        return section

    def views(self) -> list[SectionView]:
        return [self.view(key) for key in self.keys]


def spec_model(key: str):
    from . import models as app_models

    return {
        "application_info": app_models.ApplicationInfo,
        "basic_info": app_models.BasicInfo,
        "teacher_info": app_models.TeacherInfo,
        "health_info": app_models.HealthInfo,
        "work_summary": app_models.WorkSummary,
    }.get(key) or SPECS[key].model


def route_fields(application) -> list[FieldValue]:
    """The facts chosen when the application was started (shown atop 申报信息)."""
    values = [
        FieldValue("unit", str(_("Unit")), str(application.unit)),
        FieldValue("year", str(_("Application year")), str(application.year)),
        FieldValue(
            "qualification",
            str(
                _("Original qualification")
                if application.kind == Kind.REPLACEMENT
                else _("Qualification applied for")
            ),
            str(application.qualification),
        ),
        FieldValue("specialty", str(specialty_label(application)), application.specialty_name),
        FieldValue("office", str(_("Office submitted to")), str(application.office)),
    ]
    if application.committee_id:
        values.append(
            FieldValue("committee", str(_("Review committee name")), str(application.committee))
        )
        if application.entrusted:
            values.append(
                FieldValue("entrusted", str(_("Review method")), str(_("Entrusted review")))
            )
    return values


def sections_for(application) -> list[SectionView]:
    """The ordered, read-only sections of an application with labels, values and files."""
    return ApplicationSections(application).views()


def _file(link: FileLink) -> dict:
    # An attachment is identified by its row id: a file uploaded again is a new attachment.
    # Files of single forms have no id; their stored name changes when they are replaced.
    return {"id": link.pk, "name": link.name, "size": link.size}


def section_snapshot(sections: "list[SectionView] | object") -> dict:
    """Section key -> JSON-serialisable content of each section, with labels, values, rows and
    file identities: the one format stored at a submission and at a return (and compared by
    ``reviews.changes``). Takes the read-only sections, or an application."""
    if not isinstance(sections, list):
        sections = sections_for(sections)
    result: dict = {}
    for section in sections:
        data: dict = {"title": section.title}
        if section.style == SUMMARY:
            data["html"] = section.html
        elif section.fields:
            data["fields"] = {
                item.name: {
                    "label": item.label,
                    "value": item.value,
                    "file": _file(item.file) if item.file else None,
                }
                for item in section.fields
            }
        if section.style == ROWS:
            data["rows"] = [
                {
                    "id": row.pk,
                    "heading": row.heading,
                    "fields": {
                        item.name: {"label": item.label, "value": item.value} for item in row.fields
                    },
                    "files": [_file(link) for link in row.files],
                }
                for row in section.rows
            ]
        if section.materials:
            data["materials"] = {
                material.key: {
                    "name": material.name,
                    "files": [_file(link) for link in material.files],
                }
                for material in section.materials
            }
        result[section.key] = data
    return result
