"""The fields of the single-form sections (申报信息, 基本情况, 中小学教师信息, 卫生系列信息): shown
and required per kind, required because of another field, date pairs, text limits, the files
that may be downloaded, and the labels that depend on the kind."""

from django.utils.translation import gettext_lazy as _

from applications.models import Kind

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
