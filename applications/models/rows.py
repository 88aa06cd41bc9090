"""Sections of an application that are lists of rows."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.choices import AppraisalResult, Degree
from reference.choices import Education as EducationLevel
from reference.models import Level
from units.models import AchievementKind, AchievementTemplate

from .application import Application


class SectionRow(models.Model):
    """A row of a list section; ``sort`` is the order the applicant gave."""

    sort = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["sort", "pk"]


class VerifiableRow(models.Model):
    """A row that may come from a registry (学信网, 社保, 职业资格证书库) instead of the person.

    ``verified_source`` names the registry (数据来源) and ``verified_at`` when it answered;
    both empty means self-declared (自行填报). ``verified_ref`` is the registry's id of the
    record, so the same record is not added twice. The fields the registry vouches for are
    ``SectionSpec.verified_columns``; they cannot be changed while the row is verified.
    """

    verified_source = models.CharField(_("data source"), max_length=50, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_ref = models.CharField(_("id of the registry record"), max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class EducationFields(VerifiableRow, SectionRow):
    class SchoolingYears(models.IntegerChoices):
        TWO = 2, _("2 years")
        THREE = 3, _("3 years")
        FOUR = 4, _("4 years")
        FIVE = 5, _("5 years")
        SIX = 6, _("6 years")
        SEVEN = 7, _("7 years")
        EIGHT = 8, _("8 years")

    enrolled_on = models.DateField(_("enrolment date"))
    graduated_on = models.DateField(_("graduation date"))
    school = models.CharField(_("school"), max_length=30)
    major = models.CharField(_("major"), max_length=30)
    education = models.CharField(_("education"), max_length=2, choices=EducationLevel)
    degree = models.CharField(_("degree"), max_length=1, choices=Degree)
    schooling_years = models.PositiveSmallIntegerField(
        _("length of schooling"), choices=SchoolingYears
    )
    before_work = models.BooleanField(_("education before starting work"))
    note = models.CharField(_("remarks"), max_length=200, blank=True)

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return f"{self.school} {self.major}"


class Education(EducationFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="education_rows"
    )

    class Meta(EducationFields.Meta):
        verbose_name = _("education")
        verbose_name_plural = _("education")


class HeldQualificationFields(SectionRow):
    """资历信息: the title the applicant holds now."""

    title_name = models.CharField(_("current title"), max_length=50)
    title_level = models.ForeignKey(
        Level, verbose_name=_("level of the current title"), on_delete=models.PROTECT
    )
    title_specialty = models.CharField(_("specialty of the current title"), max_length=50)
    issuer = models.CharField(_("issued by"), max_length=50)
    obtained_on = models.DateField(_("obtained on"))
    document_number = models.CharField(_("approval document number"), max_length=50)
    current_work = models.CharField(_("current professional work"), max_length=50)
    appointed_post = models.CharField(_("current appointed title (post)"), max_length=50)
    appointed_on = models.DateField(_("appointed on"))

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.title_name


class HeldQualification(HeldQualificationFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="held_qualification_rows"
    )

    class Meta(HeldQualificationFields.Meta):
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")


class TitleOrSkillFields(VerifiableRow, SectionRow):
    """取得职称/职业技能等级情况."""

    class Category(models.TextChoices):
        TITLE = "title", _("Professional title")
        VOCATIONAL = "vocational", _("Vocational qualification")
        SKILL = "skill", _("Vocational skill level")

    category = models.CharField(_("kind of certificate"), max_length=20, choices=Category)
    name = models.CharField(_("title or skill name"), max_length=50)
    grade = models.CharField(_("grade"), max_length=20)
    specialty = models.CharField(_("specialty or trade"), max_length=50)
    obtained_on = models.DateField(_("obtained on"))
    issuer = models.CharField(_("issued or certified by"), max_length=50)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.name


class TitleOrSkill(TitleOrSkillFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="title_or_skill_rows"
    )

    class Meta(TitleOrSkillFields.Meta):
        verbose_name = _("title or skill level")
        verbose_name_plural = _("titles and skill levels")


class WorkHistoryFields(VerifiableRow, SectionRow):
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    employer = models.CharField(_("employer (school)"), max_length=50)
    admin_post = models.CharField(_("administrative post"), max_length=20, blank=True)
    technical_post = models.CharField(_("professional post"), max_length=20, blank=True)
    position = models.CharField(_("appointed position"), max_length=20, blank=True)
    content = models.TextField(_("work content"))
    witness = models.CharField(_("referee"), max_length=20, blank=True)
    # Finished posts of an approved earlier application stay as they were (seed 004:
    # 之前任职的工作经历内容不可更改); ``approved_in`` names that application.
    is_locked = models.BooleanField(_("read-only (from an approved application)"), default=False)
    approved_in = models.ForeignKey(
        Application,
        verbose_name=_("approved application it comes from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.employer


class WorkHistory(WorkHistoryFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="work_history_rows"
    )

    class Meta(WorkHistoryFields.Meta):
        verbose_name = _("work history")
        verbose_name_plural = _("work history")


class Achievement(SectionRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="achievement_rows"
    )
    template = models.ForeignKey(
        AchievementTemplate,
        verbose_name=_("policy item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    achievement_kind = models.CharField(_("row form"), max_length=20, choices=AchievementKind)
    title = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("date"), null=True, blank=True)
    # The typed fields of the row form (see applications.achievements), JSON-serialised.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta(SectionRow.Meta):
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self):
        return self.title


class SocietyPostFields(SectionRow):
    name = models.CharField(_("society name"), max_length=30)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    post = models.CharField(_("post held"), max_length=30)

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.name


class SocietyPost(SocietyPostFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="society_post_rows"
    )

    class Meta(SocietyPostFields.Meta):
        verbose_name = _("society post")
        verbose_name_plural = _("society posts")


class ContinuingEducationFields(SectionRow):
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"))
    organiser = models.CharField(_("organiser"), max_length=50)
    place = models.CharField(_("place of study"), max_length=50)
    witness = models.CharField(_("referee"), max_length=20, blank=True)
    content = models.CharField(_("specialty or main content"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.content


class ContinuingEducation(ContinuingEducationFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="continuing_education_rows"
    )

    class Meta(ContinuingEducationFields.Meta):
        verbose_name = _("continuing education")
        verbose_name_plural = _("continuing education")


class AppraisalFields(SectionRow):
    year = models.PositiveSmallIntegerField(
        _("appraisal year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    result = models.CharField(_("appraisal result"), max_length=1, choices=AppraisalResult)

    # save_row refuses a second row with the same value, next to the field.
    unique_per_application = {
        "year": _("The appraisal of this year has already been entered: change that row instead.")
    }

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return f"{self.year} {self.get_result_display()}"


class Appraisal(AppraisalFields):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appraisal_rows"
    )

    class Meta(AppraisalFields.Meta):
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"], name="appraisal_one_row_per_year"
            )
        ]


class ExamFields(SectionRow):
    name = models.CharField(_("exam name"), max_length=50)
    taken_on = models.DateField(_("exam date"))
    result = models.CharField(_("score or result"), max_length=30)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta(SectionRow.Meta):
        abstract = True

    def __str__(self):
        return self.name


class Exam(ExamFields):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exam_rows")

    class Meta(ExamFields.Meta):
        verbose_name = _("exam")
        verbose_name_plural = _("exams")


__all__ = [
    "Achievement",
    "Appraisal",
    "AppraisalFields",
    "ContinuingEducation",
    "ContinuingEducationFields",
    "Education",
    "EducationFields",
    "Exam",
    "ExamFields",
    "HeldQualification",
    "HeldQualificationFields",
    "SectionRow",
    "SocietyPost",
    "SocietyPostFields",
    "TitleOrSkill",
    "TitleOrSkillFields",
    "VerifiableRow",
    "WorkHistory",
    "WorkHistoryFields",
]
