"""个人资料 (seed 004 §2.3): what a person keeps outside any application, all year round.

The profile holds the basic information and the rows of the list sections that do not depend
on one application; a new application starts from it. The fields are those of the application's
sections (the ``*Fields`` abstract models), so both forms and both tables stay the same. The
rows' reverse names equal the application's (``education_rows`` …), so the section specs
reach either owner's rows the same way.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .rows import (
    AppraisalFields,
    ContinuingEducationFields,
    EducationFields,
    ExamFields,
    HeldQualificationFields,
    SocietyPostFields,
    TitleOrSkillFields,
    WorkHistoryFields,
)
from .sections import BasicInfoFields


class Profile(BasicInfoFields):
    """The person's profile; its own fields are the basic information (基本情况)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_profile",
        verbose_name=_("person"),
    )
    # The approved application whose finished posts were last taken in as read-only rows.
    history_from = models.ForeignKey(
        Application,
        verbose_name=_("approved application the work history was taken from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("personal profile")
        verbose_name_plural = _("personal profiles")

    def __str__(self):
        return str(self.person)


def _profile_fk(related_name: str):
    return models.ForeignKey(Profile, on_delete=models.CASCADE, related_name=related_name)


class ProfileEducation(EducationFields):
    profile = _profile_fk("education_rows")

    class Meta(EducationFields.Meta):
        verbose_name = _("education (profile)")
        verbose_name_plural = _("education (profile)")


class ProfileHeldQualification(HeldQualificationFields):
    profile = _profile_fk("held_qualification_rows")

    class Meta(HeldQualificationFields.Meta):
        verbose_name = _("qualification held (profile)")
        verbose_name_plural = _("qualifications held (profile)")


class ProfileTitleOrSkill(TitleOrSkillFields):
    profile = _profile_fk("title_or_skill_rows")

    class Meta(TitleOrSkillFields.Meta):
        verbose_name = _("title or skill level (profile)")
        verbose_name_plural = _("titles and skill levels (profile)")


class ProfileWorkHistory(WorkHistoryFields):
    profile = _profile_fk("work_history_rows")

    class Meta(WorkHistoryFields.Meta):
        verbose_name = _("work history (profile)")
        verbose_name_plural = _("work history (profile)")


class ProfileSocietyPost(SocietyPostFields):
    profile = _profile_fk("society_post_rows")

    class Meta(SocietyPostFields.Meta):
        verbose_name = _("society post (profile)")
        verbose_name_plural = _("society posts (profile)")


class ProfileContinuingEducation(ContinuingEducationFields):
    profile = _profile_fk("continuing_education_rows")

    class Meta(ContinuingEducationFields.Meta):
        verbose_name = _("continuing education (profile)")
        verbose_name_plural = _("continuing education (profile)")


class ProfileAppraisal(AppraisalFields):
    profile = _profile_fk("appraisal_rows")

    class Meta(AppraisalFields.Meta):
        verbose_name = _("appraisal (profile)")
        verbose_name_plural = _("appraisals (profile)")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "year"], name="profile_appraisal_one_per_year"
            )
        ]


class ProfileExam(ExamFields):
    profile = _profile_fk("exam_rows")

    class Meta(ExamFields.Meta):
        verbose_name = _("exam (profile)")
        verbose_name_plural = _("exams (profile)")


# Section key → the profile's row model (the application's are in SPECS).
PROFILE_ROW_MODELS = {
    "education": ProfileEducation,
    "held_qualifications": ProfileHeldQualification,
    "titles_skills": ProfileTitleOrSkill,
    "work_history": ProfileWorkHistory,
    "society_posts": ProfileSocietyPost,
    "continuing_education": ProfileContinuingEducation,
    "appraisals": ProfileAppraisal,
    "exams": ProfileExam,
}

__all__ = [
    "PROFILE_ROW_MODELS",
    "Profile",
    "ProfileAppraisal",
    "ProfileContinuingEducation",
    "ProfileEducation",
    "ProfileExam",
    "ProfileHeldQualification",
    "ProfileSocietyPost",
    "ProfileTitleOrSkill",
    "ProfileWorkHistory",
]
