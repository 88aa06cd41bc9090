"""The sections of an application: the sections of one application, complete or not, and their snapshot."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications import achievements
from applications.materials import committee_materials, kind_materials
from applications.models import (
    Kind,
    Status,
)

from .display import (
    FieldValue,
    FileLink,
    MaterialView,
    RowView,
    SectionView,
    _blank,
    attachment_link,
    display_value,
    file_field_link,
)
from .fields import conditional_required, field_label, form_fields, specialty_label, summary_label
from .specs import (
    FORM,
    MATERIALS,
    ROWS,
    SPECS,
    SUMMARY,
    SectionSpec,
    section_keys,
    section_numbers,
)


class ApplicationSections:
    """The sections of one application, loaded once per request."""

    def __init__(self, application):
        self.application = application
        self.keys = section_keys(application)
        self.numbers = section_numbers(self.keys)
        self._instances: dict = {}
        self._rows: dict = {}
        self._attachments = None
        self._materials: dict = {}
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
        """The materials asked for (read once: completeness, optionality and the view each
        ask)."""
        if key not in self._materials:
            if key == "materials":
                self._materials[key] = kind_materials(self.application.kind)
            else:
                self._materials[key] = committee_materials(self.application)
        return self._materials[key]

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

    def replace_files(self) -> str:
        """需更换的材料: the files the last return asked to replace (empty if none)."""
        entry = self.latest_return()
        return str((entry.data or {}).get("files", "")) if entry else ""

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
            if instance is not None:
                required |= conditional_required(key, lambda name: getattr(instance, name))
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
            return self._blank_in_rows(key)
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

    def _blank_in_rows(self, key: str) -> list[str]:
        """Required fields left empty in a row (a row a registry supplied, whose other
        fields the person still has to fill in)."""
        spec = SPECS[key]
        if not spec.columns:
            return []
        required = [
            name
            for name in spec.columns
            if not spec.model._meta.get_field(name).blank
            and not isinstance(spec.model._meta.get_field(name), models.BooleanField)
        ]
        missing = []
        for number, row in enumerate(self.rows(key), start=1):
            for name in required:
                if _blank(getattr(row, name)):
                    missing.append(
                        str(
                            _("Row %(number)s: %(field)s")
                            % {
                                "number": number,
                                "field": spec.model._meta.get_field(name).verbose_name,
                            }
                        )
                    )
        return missing

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
        section = SectionView(
            key=key,
            title=str(title),
            style=spec.style,
            number=self.numbers.get(key, ""),
            parent=spec.parent,
        )
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
                section.columns = row_columns(key)
                for row in self.rows(key):
                    section.rows.append(
                        row_view(
                            key,
                            row,
                            [
                                attachment_link(application, a)
                                for a in self.attachments_of(key, row.pk)
                            ],
                        )
                    )
                section.verifiable = bool(spec.verified_columns)
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
        if entry is not None and (key in self.returned_sections() or spec.style == MATERIALS):
            section.replace_files = self.replace_files()
        return section

    def views(self) -> list[SectionView]:
        return [self.view(key) for key in self.keys]


def row_columns(key: str) -> list[str]:
    """The column headings of a list section (the application's and the profile's)."""
    spec = SPECS[key]
    return [str(spec.model._meta.get_field(name).verbose_name) for name in spec.columns]


def row_view(key: str, row, files=()) -> RowView:
    """One row of a list section as shown, whoever holds it (an application or a profile)."""
    spec = SPECS[key]
    return RowView(
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
        list(files),
        locked=getattr(row, "is_locked", False),
        approved_in=getattr(row, "approved_in_id", None),
        verified_source=getattr(row, "verified_source", ""),
        verified_at=getattr(row, "verified_at", None),
    )


def spec_model(key: str):
    from applications import models as app_models

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
    return {"id": link.pk, "name": link.name, "size": link.size, "image": link.is_image}


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
