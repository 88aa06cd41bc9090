"""Sections of an application that are single forms (one-to-one with it)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.choices import Education as EducationLevel
from reference.choices import Ethnicity, PoliticalStatus

from .application import Application

# --- Sections of an application: single forms (one-to-one) and lists of rows -----------------


class ApplicationCategory(models.TextChoices):
    NORMAL = "normal", _("Regular application")
    EXCEPTIONAL = "exceptional", _("Exceptional application")
    TRANSFER_SERIES = "transfer_series", _("Transfer from another series")


class IdentityType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Government or public institution staff")
    ENTERPRISE = "enterprise", _("Enterprise staff")
    FREELANCE = "freelance", _("Freelance or unemployed")
    OTHER = "other", _("Other")


# Old provincial certificates carry digits only (seed 002); this portal's numbers also have
# letters and dashes (GXLD-2026-3-000001). Both are accepted as printed.
certificate_number_format = RegexValidator(
    r"^[0-9A-Za-z-]*$",
    _(
        "Enter the number as printed on the certificate (digits, letters and dashes); leave it empty if there is none."
    ),
)
phone_number = RegexValidator(
    r"^[0-9+\- ]{7,20}$", _("Enter a telephone or mobile number (digits and dashes).")
)


class ApplicationInfo(models.Model):
    """申报信息: what the kind of application needs besides series, level and specialty."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="application_info"
    )
    category = models.CharField(
        _("application category"), max_length=20, choices=ApplicationCategory, blank=True
    )
    current_post = models.CharField(_("current professional work"), max_length=100, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[phone_number]
    )
    education = models.CharField(
        _("highest education"), max_length=2, choices=EducationLevel, blank=True
    )
    graduation_school = models.CharField(_("school graduated from"), max_length=100, blank=True)
    graduation_major = models.CharField(_("major studied"), max_length=100, blank=True)
    graduated_on = models.DateField(_("graduation date"), null=True, blank=True)
    original_qualification = models.CharField(
        _("original qualification"), max_length=100, blank=True
    )
    original_specialty = models.CharField(_("original specialty"), max_length=100, blank=True)
    identity_type = models.CharField(
        _("personal status"), max_length=20, choices=IdentityType, blank=True
    )
    original_certificate_number = models.CharField(
        _("original certificate number"),
        max_length=40,
        blank=True,
        validators=[certificate_number_format],
    )
    approving_authority = models.CharField(
        _("approving authority (issuer)"), max_length=100, blank=True
    )
    granted_on = models.DateField(_("date granted"), null=True, blank=True)
    original_unit = models.CharField(_("former employer"), max_length=100, blank=True)
    original_committee = models.CharField(
        _("full name of the original review committee"), max_length=100, blank=True
    )
    original_province = models.CharField(
        _("province where the title was obtained"), max_length=50, blank=True
    )
    expertise = models.CharField(_("professional expertise"), max_length=200, blank=True)
    work_since_joining = models.TextField(
        _("main professional work since joining the current employer"), blank=True
    )
    photo = models.FileField(_("2-inch photo"), upload_to="applications/", blank=True)
    delegation_letter = models.FileField(
        _("delegation letter"), upload_to="applications/", blank=True
    )
    declaration_accepted_at = models.DateTimeField(
        _("loss declaration accepted at"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application information")
        verbose_name_plural = _("application information")

    def __str__(self):
        return str(self.application)


class BasicInfoFields(models.Model):
    """The fields of 基本情况, held by an application and by the person's profile."""

    former_name = models.CharField(_("former name"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=30, default="中国")
    ethnicity = models.CharField(_("ethnic group"), max_length=3, choices=Ethnicity, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus, blank=True
    )
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    birthplace = models.CharField(_("place of birth"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True)  # E.164
    phone = models.CharField(_("telephone"), max_length=20, blank=True, validators=[phone_number])
    email = models.EmailField(_("email"), blank=True)
    household_address = models.CharField(
        _("household registration address"), max_length=100, blank=True
    )
    residence = models.CharField(_("place of residence"), max_length=100, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$")]
    )
    admin_post = models.CharField(_("administrative post"), max_length=20, blank=True)
    admin_post_level = models.CharField(_("administrative post level"), max_length=20, blank=True)
    admin_post_since = models.DateField(_("administrative post held since"), null=True, blank=True)
    work_started_on = models.DateField(_("started working on"), null=True, blank=True)
    party_post = models.CharField(_("current party or league post"), max_length=20, blank=True)
    party_joined_on = models.DateField(_("joined the party or league on"), null=True, blank=True)
    foreign_language = models.CharField(_("foreign languages and level"), max_length=50, blank=True)
    title_foreign_language = models.CharField(
        _("title foreign-language test"), max_length=50, blank=True
    )
    title_computer = models.CharField(_("title computer test"), max_length=50, blank=True)
    strengths = models.TextField(_("special skills"), blank=True)
    awards = models.TextField(_("awards"), blank=True)
    achievements_summary = models.TextField(_("summary of achievements"), blank=True)
    photo = models.FileField(_("photo"), upload_to="applications/", blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BasicInfo(BasicInfoFields):
    """基本情况 (seed 000 and seed 004): name and ID number come from the account."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="basic_info"
    )

    class Meta:
        verbose_name = _("basic information")
        verbose_name_plural = _("basic information")

    def __str__(self):
        return str(self.application)


class TeacherInfo(models.Model):
    """中小学教师信息 (teacher series only)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="teacher_info"
    )
    stage = models.CharField(_("school stage applied for"), max_length=50, blank=True)
    subject = models.CharField(_("subject applied for"), max_length=50, blank=True)
    teaching_since = models.DateField(_("started teaching on"), null=True, blank=True)
    social_posts = models.CharField(_("part-time social posts"), max_length=50, blank=True)
    highest_education = models.CharField(
        _("highest education and degree"), max_length=2, choices=EducationLevel, blank=True
    )
    highest_education_on = models.DateField(
        _("highest education obtained on"), null=True, blank=True
    )
    certificate_stage = models.CharField(_("teacher certificate stage"), max_length=20, blank=True)
    certificate_subject = models.CharField(
        _("teacher certificate subject"), max_length=50, blank=True
    )
    certificate_file = models.FileField(
        _("teacher certificate scan"), upload_to="applications/", blank=True
    )
    is_rural = models.BooleanField(_("rural teacher"), null=True, blank=True)
    is_class_teacher = models.BooleanField(
        _("head teacher or front-line teacher"), null=True, blank=True
    )
    is_principal_trainee = models.BooleanField(
        _("trainee of the excellent principals programme"), null=True, blank=True
    )
    is_studio_member = models.BooleanField(
        _("leader or member of a famous teachers' studio"), null=True, blank=True
    )
    is_cloud_teacher = models.BooleanField(
        _("teaches in the cloud-classroom programme"), null=True, blank=True
    )
    homework_and_visits = models.TextField(_("homework marking and home visits"), blank=True)
    current_post = models.CharField(_("current school post"), max_length=20, blank=True)
    as_ordinary_teacher = models.BooleanField(
        _("applies as an ordinary teacher"), null=True, blank=True
    )
    it_ability = models.CharField(
        _("information technology application ability"), max_length=50, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("K-12 teacher information")
        verbose_name_plural = _("K-12 teacher information")

    def __str__(self):
        return str(self.application)


class HealthInfo(models.Model):
    """卫生技术信息 (health series only)."""

    class InstitutionLevel(models.TextChoices):
        GRADE_3A = "3a", _("Grade III class A")
        GRADE_3 = "3", _("Grade III")
        GRADE_2 = "2", _("Grade II")
        GRADE_1 = "1", _("Grade I")
        UNGRADED = "0", _("Not graded")

    class InstitutionNature(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Non-public")

    class SupportType(models.TextChoices):
        URBAN_RURAL = "urban_rural", _("Urban hospital supporting county or rural institutions")
        EAST_WEST = "east_west", _("East-west cooperation")
        GROUP = "group", _("Group-based medical talent assistance")
        OTHER = "other", _("Other")

    class EpidemicCategory(models.TextChoices):
        HUBEI = "hubei", _("Medical staff sent to support Hubei")
        TREATMENT = "treatment", _("Front-line treatment staff")
        PREVENTION = "prevention", _("Front-line prevention and control staff")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="health_info"
    )
    institution_level = models.CharField(
        _("grade of the medical institution"), max_length=2, choices=InstitutionLevel, blank=True
    )
    institution_nature = models.CharField(
        _("nature of the medical institution"),
        max_length=10,
        choices=InstitutionNature,
        blank=True,
    )
    department_name = models.CharField(_("clinical department"), max_length=50, blank=True)
    work_started_on = models.DateField(_("started working on"), null=True, blank=True)
    report_file = models.FileField(
        _("professional work report"), upload_to="applications/", blank=True
    )
    # 申报信息
    is_exceptional = models.BooleanField(_("exceptional promotion"), null=True, blank=True)
    exceptional_file = models.FileField(
        _("materials for the exceptional promotion"), upload_to="applications/", blank=True
    )
    # 对口支援情况
    paired_support = models.BooleanField(_("paired assistance"), null=True, blank=True)
    support_started_on = models.DateField(_("assistance start"), null=True, blank=True)
    support_ended_on = models.DateField(_("assistance end"), null=True, blank=True)
    supported_unit = models.CharField(_("assisted institution"), max_length=50, blank=True)
    support_type = models.CharField(
        _("type of paired assistance"), max_length=20, choices=SupportType, blank=True
    )
    support_file = models.FileField(
        _("paired assistance materials"), upload_to="applications/", blank=True
    )
    # 支援情况
    aid_abroad = models.BooleanField(_("medical aid abroad"), null=True, blank=True)
    aid_tibet = models.BooleanField(_("aid to Tibet"), null=True, blank=True)
    aid_xinjiang = models.BooleanField(_("aid to Xinjiang"), null=True, blank=True)
    aid_liangshan = models.BooleanField(
        _("member of the Liangshan poverty-alleviation assistance team"), null=True, blank=True
    )
    # 抗疫一线医务人员情况
    epidemic_category = models.CharField(
        _("category of front-line medical staff"),
        max_length=20,
        choices=EpidemicCategory,
        blank=True,
    )
    epidemic_seniority_policy = models.BooleanField(
        _("applies the seniority preference policy"), null=True, blank=True
    )
    epidemic_thesis_policy = models.BooleanField(
        _("achievements in place of the thesis review"), null=True, blank=True
    )
    epidemic_exam_exemption = models.BooleanField(
        _("exempt from the education-exception and transfer exams"), null=True, blank=True
    )
    recommendation_letter = models.FileField(
        _("recommendation letter for front-line medical staff"),
        upload_to="applications/",
        blank=True,
    )
    epidemic_work = models.TextField(
        _("results of epidemic prevention and control work"), blank=True
    )
    # 荣誉惩罚: the honours are rows (HealthHonour); the incidents one text.
    incidents = models.TextField(
        _("medical errors, gifts taken or disciplinary sanctions since the current title"),
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("health technology information")
        verbose_name_plural = _("health technology information")

    def __str__(self):
        return str(self.application)


class WorkSummary(models.Model):
    """工作小结: sanitised rich text, at most 700 visible characters."""

    MAX_CHARACTERS = 700

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="work_summary"
    )
    content = models.TextField(_("work summary"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("work summary")
        verbose_name_plural = _("work summaries")

    def __str__(self):
        return str(self.application)

    def save(self, *args, **kwargs):
        # Also for edits that do not go through the form or the service (the admin, a script).
        from titleportal.sanitize import sanitize_html

        self.content = sanitize_html(self.content)
        super().save(*args, **kwargs)


__all__ = [
    "ApplicationCategory",
    "ApplicationInfo",
    "BasicInfo",
    "BasicInfoFields",
    "HealthInfo",
    "IdentityType",
    "TeacherInfo",
    "WorkSummary",
]
