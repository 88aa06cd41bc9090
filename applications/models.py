from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

# --- Catalogue: series -> level -> qualification, specialties per series ---------------------


class Level(models.Model):
    """初级(员级), 初级(助理级), 中级, 副高级, 正高级."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta:
        verbose_name = _("title level")
        verbose_name_plural = _("title levels")
        ordering = ["rank"]

    def __str__(self):
        return self.name

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
    sort = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("title series")
        verbose_name_plural = _("title series")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.label


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


# --- Applications -----------------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNIT_REVIEW = "unit_review", _("Unit review")
    DEPT_REVIEW = "dept_review", _("Competent department review")
    OFFICE_REVIEW = "office_review", _("Office review")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Not approved")
    APPROVED = "approved", _("Approved")
    NOT_PASSED = "not_passed", _("Not passed")
    CERTIFIED = "certified", _("Certificate issued")


REVIEW_STATES = [
    Status.UNIT_REVIEW,
    Status.DEPT_REVIEW,
    Status.OFFICE_REVIEW,
    Status.COMMITTEE_REVIEW,
]
FINISHED_STATES = [Status.REJECTED, Status.NOT_PASSED, Status.CERTIFIED]


class Kind(models.TextChoices):
    EVALUATION = "evaluation", _("Title evaluation")
    RECOGNITION = "recognition", _("Title recognition")
    RECONFIRMATION = "reconfirmation", _("Reconfirmation")
    REPLACEMENT = "replacement", _("Lost-certificate replacement")
    TRANSFER = "transfer", _("Out-of-province title confirmation")


class ApplicationQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status__in=FINISHED_STATES)

    def in_review(self):
        return self.filter(status__in=REVIEW_STATES)


class Application(models.Model):
    """One application of a person for a title, of one kind, year and series.

    ``status`` is changed only by the transition methods below, and those only from the
    service functions that also lock the row, check who acts and write the action log.
    """

    Kind = Kind
    Status = Status

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    year = models.PositiveSmallIntegerField(_("application year"))
    series = models.ForeignKey(Series, verbose_name=_("series"), on_delete=models.PROTECT)
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT)
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.PROTECT
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), null=True, blank=True, on_delete=models.PROTECT
    )
    custom_specialty = models.CharField(_("custom specialty"), max_length=50, blank=True)

    # Route: the unit is the applicant's unit at creation; the department is fixed at submit.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="applications"
    )
    department = models.ForeignKey(
        "units.Department",
        verbose_name=_("competent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("title-reform office"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    committee = models.ForeignKey(
        "units.Committee",
        verbose_name=_("review committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    review_session = models.ForeignKey(
        "reviews.ReviewSession",
        verbose_name=_("review session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    entrusted = models.BooleanField(
        _("entrusted review"),
        default=False,
        help_text=_(
            "The committee's region does not cover the unit: a delegation letter is needed."
        ),
    )

    status = FSMField(_("status"), default=Status.DRAFT, choices=Status, protected=False)
    # Set when the unit first acts (opinion saved or decision taken): withdrawing ends then.
    unit_acted_at = models.DateTimeField(_("unit acted at"), null=True, blank=True)
    promise_accepted_at = models.DateTimeField(
        _("integrity promise accepted at"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Evaluation results are publicised (评审公示) before certificates are issued; set by the
    # committee when it publishes the results.
    results_publicity_ends_on = models.DateField(
        _("results publicity ends on"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every transition: a form opened before someone else acted cannot overwrite it.
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "kind", "year", "series"],
                condition=~Q(status__in=FINISHED_STATES),
                name="application_one_unfinished_per_series_year",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["office", "status"]),
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["status", "last_submitted_at"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.year} {self.qualification}"

    @property
    def specialty_name(self) -> str:
        return self.custom_specialty or (self.specialty.name if self.specialty_id else "")

    def certificate_photo(self):
        """The photo printed on the certificate (a FieldFile), or None.

        The applications app answers it from the application's sections: the 2-inch photo of a
        replacement, otherwise the photo of the basic information.
        """
        return None

    def original_certificate_number(self) -> str:
        """The number of the certificate a replacement replaces (原证书编号), or "".

        The applications app answers it from the replacement's application information.
        """
        return ""

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    def review_route(self) -> list[str]:
        """Review states this application passes through, in order."""
        route = [Status.UNIT_REVIEW]
        if self.department_id:
            route.append(Status.DEPT_REVIEW)
        route.append(Status.OFFICE_REVIEW)
        if self.kind == Kind.EVALUATION:
            route.append(Status.COMMITTEE_REVIEW)
        return route

    def next_review_state(self) -> str | None:
        route = self.review_route()
        if self.status not in route:
            return None
        index = route.index(self.status)
        return route[index + 1] if index + 1 < len(route) else None

    def earlier_review_states(self) -> list[str]:
        route = self.review_route()
        return route[: route.index(self.status)] if self.status in route else []

    # --- transitions: state changes only; services do the checks, logging and notices ---------

    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.UNIT_REVIEW)
    def submit(self):
        pass

    @transition(field=status, source=Status.UNIT_REVIEW, target=Status.DRAFT)
    def withdraw(self):
        pass

    @transition(
        field=status,
        source=[Status.UNIT_REVIEW, Status.DEPT_REVIEW, Status.OFFICE_REVIEW],
        target=RETURN_VALUE(Status.DEPT_REVIEW, Status.OFFICE_REVIEW, Status.COMMITTEE_REVIEW),
        conditions=[lambda app: app.next_review_state() is not None],
    )
    def forward(self):
        return self.next_review_state()

    @transition(
        field=status,
        source=REVIEW_STATES,
        target=RETURN_VALUE(
            Status.RETURNED, Status.UNIT_REVIEW, Status.DEPT_REVIEW, Status.OFFICE_REVIEW
        ),
    )
    def return_to(self, target: str = Status.RETURNED):
        if target != Status.RETURNED and target not in self.earlier_review_states():
            raise ValueError(f"{target} is not an earlier level of this application's route")
        return target

    @transition(field=status, source=REVIEW_STATES, target=Status.REJECTED)
    def reject(self):
        pass

    @transition(
        field=status,
        source=[Status.OFFICE_REVIEW, Status.COMMITTEE_REVIEW],
        target=Status.APPROVED,
        conditions=[
            lambda app: (app.kind == Kind.EVALUATION) == (app.status == Status.COMMITTEE_REVIEW)
        ],
    )
    def approve(self):
        pass

    @transition(field=status, source=Status.COMMITTEE_REVIEW, target=Status.NOT_PASSED)
    def fail(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.CERTIFIED)
    def certify(self):
        pass
