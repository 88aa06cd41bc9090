import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from reference.choices import AppraisalResult, Degree, Ethnicity, PoliticalStatus
from reference.choices import Education as EducationLevel
from reference.models import Level, Qualification, Series, Specialty
from units.models import AchievementKind, AchievementTemplate, RequiredMaterial

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
        "units.ReviewSession",
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
    # The step of the route it waits at while in review (applications.workflow).
    current_step = models.ForeignKey(
        "ApplicationStep",
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
            ),
            # 同一年度只准申报一个系列: one evaluation a year per person, whatever its series or
            # state (a discarded draft is deleted and no longer counts).
            models.UniqueConstraint(
                fields=["applicant", "year"],
                condition=Q(kind="evaluation"),
                name="application_one_evaluation_per_year",
            ),
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

    def _section(self, name: str):
        try:
            return getattr(self, name)
        except models.ObjectDoesNotExist:
            return None

    def certificate_photo(self):
        """The photo printed on the certificate (a FieldFile), or None.

        The 2-inch photo of a replacement's application information, otherwise the photo of
        the basic information.
        """
        if self.kind == Kind.REPLACEMENT:
            info = self._section("application_info")
            return info.photo if info is not None and info.photo else None
        basic = self._section("basic_info")
        return basic.photo if basic is not None and basic.photo else None

    def original_certificate_number(self) -> str:
        """The number of the certificate a replacement replaces (原证书编号), or ""."""
        if self.kind != Kind.REPLACEMENT:
            return ""
        info = self._section("application_info")
        return info.original_certificate_number if info is not None else ""

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def may_withdraw(self) -> bool:
        """撤回 is possible now (the rule lives in applications.workflow)."""
        from .workflow import may_withdraw

        return may_withdraw(self)

    # --- transitions: state changes only; services do the checks, logging and notices ---------

    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.UNIT_REVIEW)
    def submit(self):
        pass

    @transition(field=status, source=Status.UNIT_REVIEW, target=Status.DRAFT)
    def withdraw(self):
        pass

    # forward and return_to take the state of the step the workflow chose (applications.workflow
    # knows the route); they check only that it is a review state.
    @transition(
        field=status,
        source=[Status.UNIT_REVIEW, Status.DEPT_REVIEW, Status.OFFICE_REVIEW],
        target=RETURN_VALUE(Status.DEPT_REVIEW, Status.OFFICE_REVIEW, Status.COMMITTEE_REVIEW),
    )
    def forward(self, state: str):
        if state not in REVIEW_STATES[1:]:
            raise ValueError(f"{state} is not a review state to forward to")
        return state

    @transition(
        field=status,
        source=REVIEW_STATES,
        target=RETURN_VALUE(
            Status.RETURNED, Status.UNIT_REVIEW, Status.DEPT_REVIEW, Status.OFFICE_REVIEW
        ),
    )
    def return_to(self, state: str = Status.RETURNED):
        if state != Status.RETURNED and state not in REVIEW_STATES[:-1]:
            raise ValueError(f"{state} is not a state to return to")
        return state

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


# --- Review routes: levels configured per office, copied onto each application -----------


class OrganisationType(models.TextChoices):
    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Competent department")
    OFFICE = "office", _("Title-reform office")
    COMMITTEE = "committee", _("Review committee")


class ReturnScope(models.TextChoices):
    APPLICANT = "applicant", _("Only to the applicant")
    PREVIOUS = "previous", _("To the applicant or the level before")
    ANY = "any", _("To the applicant or any earlier level")


class OfficeSource(models.TextChoices):
    APPLICATION = "application", _("The office the application is submitted to")
    SUBORDINATE = "subordinate", _("Its subordinate office covering the unit's region")
    FIXED = "fixed", _("The office named here")


class ReviewRoute(models.Model):
    """审核流程: the levels an application of an office passes, in order (seed 003: the series
    level returns to any lower one; seed 004: 逐级提交 up to the committee; seed 001: unit →
    office). Without a route of its own an office uses the default: unit, competent department
    (when the unit has one), office, committee (evaluations)."""

    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("title-reform office"),
        on_delete=models.CASCADE,
        related_name="review_routes",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        blank=True,
        help_text=_("Empty: every kind without a route of its own."),
    )

    class Meta:
        verbose_name = _("review route")
        verbose_name_plural = _("review routes")
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="review_route_unique_kind")
        ]

    def __str__(self):
        return f"{self.office} · {self.get_kind_display() or _('every kind')}"


class RouteLevel(models.Model):
    """One level of a route: who reviews there, under which label, with which powers."""

    route = models.ForeignKey(
        ReviewRoute, verbose_name=_("review route"), on_delete=models.CASCADE, related_name="levels"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType
    )
    label = models.CharField(
        _("label"), max_length=30, blank=True, help_text=_("Empty: the organisation type.")
    )
    department_depth = models.PositiveSmallIntegerField(
        _("department above the unit"),
        default=1,
        help_text=_("1: the unit's competent department; 2: the department above that one; …"),
    )
    office_source = models.CharField(
        _("which office"), max_length=20, choices=OfficeSource, default=OfficeSource.APPLICATION
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    may_decide = models.BooleanField(
        _("may decide"),
        default=False,
        help_text=_("Approves applications other than evaluations (evaluations: the committee)."),
    )
    return_scope = models.CharField(
        _("may return to"), max_length=20, choices=ReturnScope, default=ReturnScope.ANY
    )

    class Meta:
        verbose_name = _("route level")
        verbose_name_plural = _("route levels")
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "position"], name="route_level_unique_position"
            )
        ]

    def __str__(self):
        return self.label or self.get_organisation_type_display()


class ApplicationStep(models.Model):
    """A level of the route as it was fixed for one application at submission, with the
    organisation that reviews there. An organisation sees the application once it reached
    one of its steps (``reached_at``)."""

    application = models.ForeignKey(
        "Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType
    )
    label = models.CharField(_("label"), max_length=30)
    may_decide = models.BooleanField(_("may decide"), default=False)
    return_scope = models.CharField(_("may return to"), max_length=20, choices=ReturnScope)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "units.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "units.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        "units.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="application_step_unique_position"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "application"], name="step_unit_idx"),
            models.Index(fields=["department", "application"], name="step_department_idx"),
            models.Index(fields=["office", "application"], name="step_office_idx"),
            models.Index(fields=["committee", "application"], name="step_committee_idx"),
        ]

    def __str__(self):
        return f"{self.position + 1}. {self.label}"

    @property
    def organisation(self):
        return getattr(self, self.organisation_type)

    @property
    def organisation_id(self):
        return getattr(self, f"{self.organisation_type}_id")


# --- The action log: every act on an application ----------------------------------------


class ActionLog(models.Model):
    """One row per act: the progress timeline and each organisation's operation records.

    The acting organisation is stored by type and id (its name at the time kept for display,
    so the record stays true after a rename). Most rows record an act on an application; a
    few record an act on another subject (a historical certificate sent in for verification),
    named by ``subject_type`` and ``subject_id``.
    """

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    subject_type = models.CharField(_("subject"), max_length=30, default="application")
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=50, blank=True)
    role = models.CharField(_("acting role"), max_length=20, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType, blank=True
    )
    organisation_id = models.PositiveBigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("acting organisation"), max_length=100, blank=True)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["application", "created_at"], name="actionlog_application_idx"),
            models.Index(
                fields=["organisation_type", "organisation_id", "-created_at"],
                name="actionlog_organisation_idx",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="actionlog_subject_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def step(self) -> str:
        """业务步骤: the words of the progress timeline and the operation records."""
        from .actionlog import describe

        return describe(self)


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


class BasicInfo(models.Model):
    """基本情况 (seed 000 and seed 004): name and ID number come from the account."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="basic_info"
    )
    former_name = models.CharField(_("former name"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=30, default="中国")
    ethnicity = models.CharField(_("ethnic group"), max_length=3, choices=Ethnicity, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus, blank=True
    )
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    birthplace = models.CharField(_("place of birth"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)
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
        verbose_name = _("basic information")
        verbose_name_plural = _("basic information")

    def __str__(self):
        return str(self.application)


class SectionRow(models.Model):
    """A row of a list section; ``sort`` is the order the applicant gave."""

    sort = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["sort", "pk"]


class Education(SectionRow):
    class SchoolingYears(models.IntegerChoices):
        TWO = 2, _("2 years")
        THREE = 3, _("3 years")
        FOUR = 4, _("4 years")
        FIVE = 5, _("5 years")
        SIX = 6, _("6 years")
        SEVEN = 7, _("7 years")
        EIGHT = 8, _("8 years")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="education_rows"
    )
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
        verbose_name = _("education")
        verbose_name_plural = _("education")

    def __str__(self):
        return f"{self.school} {self.major}"


class HeldQualification(SectionRow):
    """资历信息: the title the applicant holds now."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="held_qualification_rows"
    )
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
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")

    def __str__(self):
        return self.title_name


class TitleOrSkill(SectionRow):
    """取得职称/职业技能等级情况."""

    class Category(models.TextChoices):
        TITLE = "title", _("Professional title")
        VOCATIONAL = "vocational", _("Vocational qualification")
        SKILL = "skill", _("Vocational skill level")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="title_or_skill_rows"
    )
    category = models.CharField(_("kind of certificate"), max_length=20, choices=Category)
    name = models.CharField(_("title or skill name"), max_length=50)
    grade = models.CharField(_("grade"), max_length=20)
    specialty = models.CharField(_("specialty or trade"), max_length=50)
    obtained_on = models.DateField(_("obtained on"))
    issuer = models.CharField(_("issued or certified by"), max_length=50)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta(SectionRow.Meta):
        verbose_name = _("title or skill level")
        verbose_name_plural = _("titles and skill levels")

    def __str__(self):
        return self.name


class WorkHistory(SectionRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="work_history_rows"
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    employer = models.CharField(_("employer (school)"), max_length=50)
    admin_post = models.CharField(_("administrative post"), max_length=20, blank=True)
    technical_post = models.CharField(_("professional post"), max_length=20, blank=True)
    position = models.CharField(_("appointed position"), max_length=20, blank=True)
    content = models.TextField(_("work content"))
    witness = models.CharField(_("referee"), max_length=20, blank=True)
    # Rows carried over from an approved earlier application stay as they were.
    is_locked = models.BooleanField(_("read-only (from an approved application)"), default=False)

    class Meta(SectionRow.Meta):
        verbose_name = _("work history")
        verbose_name_plural = _("work history")

    def __str__(self):
        return self.employer


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


class SocietyPost(SectionRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="society_post_rows"
    )
    name = models.CharField(_("society name"), max_length=30)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    post = models.CharField(_("post held"), max_length=30)

    class Meta(SectionRow.Meta):
        verbose_name = _("society post")
        verbose_name_plural = _("society posts")

    def __str__(self):
        return self.name


class ContinuingEducation(SectionRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="continuing_education_rows"
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"))
    organiser = models.CharField(_("organiser"), max_length=50)
    place = models.CharField(_("place of study"), max_length=50)
    witness = models.CharField(_("referee"), max_length=20, blank=True)
    content = models.CharField(_("specialty or main content"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    class Meta(SectionRow.Meta):
        verbose_name = _("continuing education")
        verbose_name_plural = _("continuing education")

    def __str__(self):
        return self.content


class Appraisal(SectionRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appraisal_rows"
    )
    year = models.PositiveSmallIntegerField(
        _("appraisal year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    result = models.CharField(_("appraisal result"), max_length=1, choices=AppraisalResult)

    class Meta(SectionRow.Meta):
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")

    def __str__(self):
        return f"{self.year} {self.get_result_display()}"


class Exam(SectionRow):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exam_rows")
    name = models.CharField(_("exam name"), max_length=50)
    taken_on = models.DateField(_("exam date"))
    result = models.CharField(_("score or result"), max_length=30)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta(SectionRow.Meta):
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self):
        return self.name


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
    homework_and_visits = models.TextField(_("homework marking and home visits"), blank=True)
    current_post = models.CharField(_("current school post"), max_length=20, blank=True)
    as_ordinary_teacher = models.BooleanField(
        _("applies as an ordinary teacher"), null=True, blank=True
    )
    it_ability = models.CharField(
        _("information technology application ability"), max_length=50, blank=True
    )
    moral_education = models.TextField(
        _("student moral education work and its appraisal"), blank=True
    )
    demonstration_lessons = models.TextField(
        _("demonstration, open or research lessons and lectures"), blank=True
    )
    rural_teaching = models.TextField(_("teaching at rural or remote schools"), blank=True)
    mentoring = models.TextField(_("guiding and training other teachers"), blank=True)
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
    report_file = models.FileField(
        _("professional work report"), upload_to="applications/", blank=True
    )
    is_exceptional = models.BooleanField(_("exceptional promotion"), null=True, blank=True)
    paired_support = models.BooleanField(_("paired assistance"), null=True, blank=True)
    support_started_on = models.DateField(_("assistance start"), null=True, blank=True)
    support_ended_on = models.DateField(_("assistance end"), null=True, blank=True)
    supported_unit = models.CharField(_("assisted institution"), max_length=50, blank=True)
    aid_abroad = models.BooleanField(_("medical aid abroad"), null=True, blank=True)
    aid_tibet = models.BooleanField(_("aid to Tibet"), null=True, blank=True)
    aid_xinjiang = models.BooleanField(_("aid to Xinjiang"), null=True, blank=True)
    epidemic_work = models.TextField(_("epidemic prevention and control work"), blank=True)
    honours = models.TextField(_("honours"), blank=True)
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


class Attachment(models.Model):
    """An uploaded file of an application: a material, or a file attached to a row.

    ``section`` names the section; ``row_id`` the row of a list section; ``material`` the
    committee's required material, or ``slot`` the code of the kind's material.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    section = models.CharField(_("section"), max_length=30)
    row_id = models.PositiveBigIntegerField(_("row"), null=True, blank=True)
    material = models.ForeignKey(
        RequiredMaterial,
        verbose_name=_("required material"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    slot = models.CharField(_("material code"), max_length=40, blank=True)
    label = models.CharField(_("material name"), max_length=100)
    file = models.FileField(_("file"), upload_to="applications/")
    original_name = models.CharField(_("original file name"), max_length=200)
    content_kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    converted = models.BooleanField(_("converted on upload"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "section"])]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_kind in {"jpeg", "png"}


class VoidNotice(models.Model):
    """Public void notice (作废公示) of a lost certificate, before its replacement.

    The certificate details are copied when the notice starts, so the public page shows what
    was declared even if the application changes later.
    """

    PUBLICITY_WORKING_DAYS = 5

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="void_notice"
    )
    holder_name = models.CharField(_("holder"), max_length=50)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    qualification_name = models.CharField(_("qualification"), max_length=100)
    specialty_name = models.CharField(_("specialty"), max_length=100, blank=True)
    approving_authority = models.CharField(_("approving authority"), max_length=100)
    granted_on = models.DateField(_("date granted"), null=True, blank=True)
    office_name = models.CharField(_("title-reform office"), max_length=100)
    starts_on = models.DateField(_("publicity starts on"))
    ends_on = models.DateField(_("publicity ends on"), db_index=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("void notice")
        verbose_name_plural = _("void notices")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.holder_name} {self.certificate_number}"

    def is_over(self, on: datetime.date | None = None) -> bool:
        """The publicity ran its working days: materials and submission are open."""
        return (on or timezone.localdate()) > self.ends_on
