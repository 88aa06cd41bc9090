"""Reference data: regions of China (GB/T 2260), the national title catalogue
(series -> level -> qualification, specialties per series) and the working-day calendar's
administrator entries."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(chinese: str, english: str) -> str:
    """A catalogue name in the interface's language: the English one where the interface is
    English and the catalogue has it, else the standard Chinese name."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese


class Region(models.Model):
    """Province, city or county with its GB/T 2260 code."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        CITY = 2, _("City")
        COUNTY = 3, _("County")

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("full name"), max_length=120)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.full_name or self.name

    @property
    def prefix(self) -> str:
        """Code prefix shared by this region and everything inside it."""
        return {1: self.code[:2], 2: self.code[:4]}.get(self.level, self.code)

    def covers(self, other: "Region") -> bool:
        return other.code.startswith(self.prefix)


# --- Catalogue: series -> level -> qualification, specialties per series ---------------------


class Level(models.Model):
    """初级(员级), 初级(助理级), 中级, 副高级, 正高级."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20)
    name_en = models.CharField(_("English name"), max_length=40, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta:
        verbose_name = _("title level")
        verbose_name_plural = _("title levels")
        ordering = ["rank"]

    def __str__(self):
        return in_language(self.name, self.name_en)

    @property
    def is_senior(self) -> bool:
        return self.rank >= 4

    @property
    def is_junior(self) -> bool:
        return self.rank <= 2


class Series(models.Model):
    """A title series (职称系列) such as 工程系列 or 中小学教师系列."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    label = models.CharField(_("display name"), max_length=40)
    label_en = models.CharField(_("English display name"), max_length=60, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("title series")
        verbose_name_plural = _("title series")
        ordering = ["sort", "code"]

    def __str__(self):
        return in_language(self.label, self.label_en)


class Qualification(models.Model):
    """资格名称: the title at a series and level, e.g. 工程系列 / 中级 / 工程师."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="qualifications"
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="qualifications"
    )
    name = models.CharField(_("qualification name"), max_length=40)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["series__sort", "level__rank", "sort", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "level", "name"], name="qualification_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.series.label}/{self.level.name}/{self.name}"


class Specialty(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="specialties"
    )
    name = models.CharField(_("specialty"), max_length=50)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["series__sort", "sort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="specialty_unique_name")
        ]

    def __str__(self):
        return self.name


class CalendarDay(models.Model):
    """An administrator's entry that makes a date a working day or a day off.

    It overrides the statutory calendar of the chinese_calendar package, and is the only source
    for years that package does not cover yet.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'workday' if self.is_workday else 'day off'}"
