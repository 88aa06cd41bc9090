"""The sections of an application: which sections and fields each kind has."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications.models import (
    Achievement,
    Appraisal,
    ContinuingEducation,
    Education,
    Exam,
    HealthHonour,
    HeldQualification,
    Kind,
    SocietyPost,
    TeacherLesson,
    TeacherMentoring,
    TeacherMoralEducation,
    TeacherRuralTeaching,
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
    # Rows that a registry can supply: the fields it vouches for, fixed while verified.
    verified_columns: tuple[str, ...] = ()
    # A list that belongs to a single-form section (the four lists of 中小学教师信息): shown
    # right after it, numbered under it, and only where the parent is.
    parent: str = ""


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
            verified_columns=(
                "enrolled_on",
                "graduated_on",
                "school",
                "major",
                "education",
                "degree",
                "schooling_years",
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
            verified_columns=(
                "category",
                "name",
                "grade",
                "specialty",
                "obtained_on",
                "issuer",
                "certificate_number",
            ),
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
            verified_columns=("started_on", "ended_on", "employer"),
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
            "teacher_moral_education",
            _("Student moral education work and its appraisal"),
            ROWS,
            TeacherMoralEducation,
            "teacher_moral_education_rows",
            ("started_on", "ended_on", "result", "content", "effect"),
            row_files=True,
            parent="teacher_info",
        ),
        SectionSpec(
            "teacher_lessons",
            _("Demonstration, open or research lessons and lectures"),
            ROWS,
            TeacherLesson,
            "teacher_lesson_rows",
            ("given_on", "lesson_type", "topic", "organiser", "effect"),
            row_files=True,
            help_text=_("The lessons and lectures you gave since you started teaching."),
            parent="teacher_info",
        ),
        SectionSpec(
            "teacher_rural_teaching",
            _("Teaching at rural or under-resourced schools"),
            ROWS,
            TeacherRuralTeaching,
            "teacher_rural_teaching_rows",
            ("started_on", "ended_on", "school", "placement", "content", "effect"),
            row_files=True,
            help_text=_(
                "Supporting teaching or teaching at rural, under-resourced or remote schools."
            ),
            parent="teacher_info",
        ),
        SectionSpec(
            "teacher_mentoring",
            _("Guiding and training other teachers"),
            ROWS,
            TeacherMentoring,
            "teacher_mentoring_rows",
            ("started_on", "ended_on", "mentee", "content", "effect"),
            row_files=True,
            help_text=_("The teachers you guided or trained since your current post."),
            parent="teacher_info",
        ),
        SectionSpec(
            "health_info", _("Health technology information"), FORM, accessor="health_info"
        ),
        SectionSpec(
            "health_honours",
            _("Honours"),
            ROWS,
            HealthHonour,
            "health_honour_rows",
            ("name", "authority", "obtained_on"),
            row_files=True,
            help_text=_(
                "Honours since the current title; medical errors, gifts taken or sanctions "
                "are entered in the health technology information."
            ),
            parent="health_info",
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
    "teacher_moral_education",
    "teacher_lessons",
    "teacher_rural_teaching",
    "teacher_mentoring",
    "health_info",
    "health_honours",
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
        main = SPECS[key].parent or key
        if main == "teacher_info" and series_code != TEACHER_SERIES:
            continue
        if main == "health_info" and series_code != HEALTH_SERIES:
            continue
        keys.append(key)
    return keys


def section_numbers(keys: list[str]) -> dict[str, str]:
    """Key -> number shown in menus and prints: 13 for a section, 13.1 for a list under it."""
    numbers: dict[str, str] = {}
    top = 0
    children: dict[str, int] = {}
    for key in keys:
        parent = SPECS[key].parent
        if parent and parent in numbers:
            children[parent] = children.get(parent, 0) + 1
            numbers[key] = f"{numbers[parent]}.{children[parent]}"
        else:
            top += 1
            numbers[key] = str(top)
    return numbers


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
    "is_cloud_teacher",
    "homework_and_visits",
    "current_post",
    "as_ordinary_teacher",
    "it_ability",
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
    # 基本信息
    "institution_level",
    "institution_nature",
    "department_name",
    "work_started_on",
    "report_file",
    # 申报信息
    "is_exceptional",
    "exceptional_file",
    # 对口支援情况
    "paired_support",
    "support_started_on",
    "support_ended_on",
    "supported_unit",
    "support_type",
    "support_file",
    # 支援情况
    "aid_abroad",
    "aid_tibet",
    "aid_xinjiang",
    "aid_liangshan",
    # 抗疫一线医务人员情况
    "epidemic_category",
    "epidemic_seniority_policy",
    "epidemic_thesis_policy",
    "epidemic_exam_exemption",
    "recommendation_letter",
    "epidemic_work",
    # 荣誉惩罚 (the honours are the rows of health_honours)
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
    "aid_liangshan",
}
# Groups of the form, as the manual lays the section out: (heading, first field).
FORM_GROUPS = {
    "teacher_info": [
        (_("Basic education information"), "stage"),
        (_("School leadership"), "current_post"),
    ],
    "health_info": [
        (_("Health basic information"), "institution_level"),
        (_("Application information"), "is_exceptional"),
        (_("Paired assistance"), "paired_support"),
        (_("Assistance"), "aid_abroad"),
        (_("Front-line medical staff against the epidemic"), "epidemic_category"),
        (_("Honours and sanctions"), "incidents"),
    ],
}
# Fields required only when another field has a value: (field, value) -> required fields.
# 是否对口支援 yes: its dates, unit and type; 是否破格 yes: its materials; a front-line staff
# category: the recommendation letter (一线医务人员职称申报推荐函).
CONDITIONAL_REQUIRED = {
    "health_info": [
        (
            ("paired_support", True),
            ("support_started_on", "support_ended_on", "supported_unit", "support_type"),
        ),
        (("is_exceptional", True), ("exceptional_file",)),
        (("epidemic_category", None), ("recommendation_letter",)),
    ],
}


def conditional_required(key: str, value_of) -> set[str]:
    """The fields required because of another field's value; ``value_of(name)`` gives the
    value (a saved instance's, or a bound form's)."""
    required = set()
    for (name, expected), fields in CONDITIONAL_REQUIRED.get(key, []):
        value = value_of(name)
        met = value not in (None, "") if expected is None else value == expected
        if met:
            required.update(fields)
    return required


# Start and end dates: the end may not be before the start (forms and services).
DATE_PAIRS = [
    ("started_on", "ended_on"),
    ("enrolled_on", "graduated_on"),
    ("support_started_on", "support_ended_on"),
]
# Long texts limited as in the seeds (有何特长, 奖励情况: 700 characters; teacher texts 200-500).
TEXT_LIMITS = {
    "strengths": 700,
    "awards": 700,
    "achievements_summary": 700,
    "work_since_joining": 500,
    "homework_and_visits": 200,
    "epidemic_work": 200,
    "incidents": 200,
}
# Files of single forms that the download view may hand out: (section, field).
FILE_FIELDS = {
    ("application_info", "photo"),
    ("application_info", "delegation_letter"),
    ("basic_info", "photo"),
    ("teacher_info", "certificate_file"),
    ("health_info", "report_file"),
    ("health_info", "exceptional_file"),
    ("health_info", "support_file"),
    ("health_info", "recommendation_letter"),
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
