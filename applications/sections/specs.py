"""The sections of an application: each section's spec (``SPECS``) and which sections each
kind has, in order. The fields of the single-form sections are in ``fields``."""

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
