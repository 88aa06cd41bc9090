"""Rows of the series sections: 中小学教师信息 and 卫生技术信息 (seed 004 §13, §14).

Texts are limited as in the manual (工作内容, 成绩及效果: 200 characters); the row form
and ``save_row`` enforce ``max_length`` of the text fields. Each row may carry one
attachment (附件信息), stored as an ``Attachment`` of the row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.choices import AppraisalResult

from .application import Application
from .rows import SectionRow

ROW_TEXT = 200


class PeriodRow(SectionRow):
    """A row of a finished period (开始时间, 结束时间) and what came of it (成绩及效果)."""

    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"))
    effect = models.TextField(_("results and effect"), max_length=ROW_TEXT)

    class Meta(SectionRow.Meta):
        abstract = True


class TeacherMoralEducation(PeriodRow):
    """从事学生思想政治工作经历及考核结果."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="teacher_moral_education_rows"
    )
    result = models.CharField(_("appraisal result"), max_length=1, choices=AppraisalResult)
    content = models.TextField(_("work content"), max_length=ROW_TEXT)

    class Meta(SectionRow.Meta):
        verbose_name = _("student moral education work")
        verbose_name_plural = _("student moral education work")

    def __str__(self):
        return f"{self.started_on} {self.get_result_display()}"


class TeacherLesson(SectionRow):
    """任教后承担示范课、公开课、研究课或专题讲座情况."""

    class LessonType(models.TextChoices):
        DEMONSTRATION = "demonstration", _("Demonstration lesson")
        OPEN = "open", _("Open lesson")
        RESEARCH = "research", _("Research lesson")
        LECTURE = "lecture", _("Thematic lecture")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="teacher_lesson_rows"
    )
    given_on = models.DateField(_("date given"))
    lesson_type = models.CharField(_("type"), max_length=20, choices=LessonType)
    topic = models.CharField(_("lesson or lecture topic"), max_length=50)
    organiser = models.CharField(_("organised by (scope)"), max_length=50)
    effect = models.TextField(_("results and effect"), max_length=ROW_TEXT)

    class Meta(SectionRow.Meta):
        verbose_name = _("demonstration, open or research lesson or lecture")
        verbose_name_plural = _("demonstration, open or research lessons and lectures")

    def __str__(self):
        return self.topic


class TeacherRuralTeaching(PeriodRow):
    """在农村（薄弱、艰苦边远）学校支教或从教情况."""

    class Placement(models.TextChoices):
        SUPPORT = "support", _("Supporting teaching")
        TEACHING = "teaching", _("Teaching there")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="teacher_rural_teaching_rows"
    )
    school = models.CharField(_("school taught at"), max_length=50)
    placement = models.CharField(_("supporting or teaching"), max_length=10, choices=Placement)
    content = models.TextField(_("work content"), max_length=ROW_TEXT)

    class Meta(SectionRow.Meta):
        verbose_name = _("teaching at a rural or under-resourced school")
        verbose_name_plural = _("teaching at rural or under-resourced schools")

    def __str__(self):
        return self.school


class TeacherMentoring(PeriodRow):
    """任职后指导、培养教师情况."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="teacher_mentoring_rows"
    )
    mentee = models.CharField(_("teacher guided"), max_length=50)
    content = models.TextField(_("guidance given"), max_length=ROW_TEXT)

    class Meta(SectionRow.Meta):
        verbose_name = _("guidance of another teacher")
        verbose_name_plural = _("guidance of other teachers")

    def __str__(self):
        return self.mentee


class HealthHonour(SectionRow):
    """荣誉惩罚: an honour (项目名称, 授权单位, 取得时间)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="health_honour_rows"
    )
    name = models.CharField(_("project name"), max_length=50)
    authority = models.CharField(_("awarding body"), max_length=50)
    obtained_on = models.DateField(_("obtained on"))

    class Meta(SectionRow.Meta):
        verbose_name = _("honour")
        verbose_name_plural = _("honours")

    def __str__(self):
        return self.name


__all__ = [
    "HealthHonour",
    "TeacherLesson",
    "TeacherMentoring",
    "TeacherMoralEducation",
    "TeacherRuralTeaching",
]
