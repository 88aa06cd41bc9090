"""Applications: kinds, states and the state machine (django-fsm-2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from reference.models import Level, Qualification, Series, Specialty

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
    # The unit's name when the application was (last) submitted: a unit renamed later is still
    # shown as the applicant knew it, with its name now beside it.
    unit_name = models.CharField(_("unit name when submitted"), max_length=100, blank=True)
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
    # The organisation it waits at (the current step's), kept beside current_step by
    # applications.workflow so that a queue of what waits finds its rows in one index.
    waiting_type = models.CharField(
        _("waiting at (type)"), max_length=20, blank=True, default="", db_default=""
    )
    waiting_id = models.PositiveBigIntegerField(
        _("waiting at (organisation)"), null=True, blank=True
    )

    objects = ApplicationQuerySet.as_manager()
    # What an act keeps of the caller's loaded relations when it locks the row again
    # (``transitions.lock``): the person and the title catalogue, which no guard reads the
    # changing state of. Organisations are read afresh: a deadline or an office closing
    # between loading the page and acting must refuse the act.
    KEPT_WHEN_LOCKED = frozenset({"applicant", "series", "level", "qualification", "specialty"})

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
            # The reviewers' queues, newest activity first (keyset pagination walks them).
            *(
                models.Index(
                    fields=[organisation, "-last_submitted_at", "-id"],
                    condition=~Q(status=Status.DRAFT),
                    name=f"app_{organisation}_queue_idx",
                )
                for organisation in ("unit", "department", "office", "committee")
            ),
            # Every submitted application, newest activity first: a reviewing organisation's
            # queue walks it and keeps the rows the organisation reached (ApplicationReach),
            # whichever organisation the application names.
            models.Index(
                fields=["-last_submitted_at", "-id"],
                condition=~Q(status=Status.DRAFT),
                name="app_reached_queue_idx",
            ),
            # A queue filtered by year walks that year's rows newest first, not every later one.
            models.Index(
                fields=["year", "-last_submitted_at", "-id"],
                condition=~Q(status=Status.DRAFT),
                name="app_year_queue_idx",
            ),
            # A queue filtered by year, series and kind counts its matches from this index
            # alone (the ids, joined with what reached the organisation): through the year's
            # index it read every row of the year (an office's count 160 ms → 25 ms at 10⁶).
            models.Index(
                fields=["year", "series", "kind", "id"],
                condition=~Q(status=Status.DRAFT),
                name="app_year_series_kind_idx",
            ),
            # A committee's queue filtered by year (committees review a few series in a few
            # years: the year's rows are mostly other committees').
            models.Index(
                fields=["committee", "year", "-last_submitted_at", "-id"],
                condition=~Q(status=Status.DRAFT),
                name="app_committee_year_queue_idx",
            ),
            # 待办事项: what waits at one organisation, newest activity first.
            models.Index(
                fields=["waiting_type", "waiting_id", "status", "-last_submitted_at", "-id"],
                condition=Q(waiting_id__isnull=False),
                name="app_waiting_queue_idx",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.year} {self.qualification}"

    @property
    def renamed_unit(self) -> bool:
        """The unit has been renamed since the application was submitted."""
        return bool(self.unit_name) and self.unit_name != self.unit.name

    @property
    def publicity_ends_on(self):
        """The end of the results publicity: the session's date (the one source, which admin
        may change), else the application's own (no session)."""
        session = self.review_session if self.review_session_id else None
        if session is not None and session.results_publicity_ends_on:
            return session.results_publicity_ends_on
        return self.results_publicity_ends_on

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

    # The states templates ask about, so that none compares status strings.
    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_approved(self) -> bool:
        """Approved, with or without its certificate yet."""
        return self.status in (Status.APPROVED, Status.CERTIFIED)

    @property
    def is_certified(self) -> bool:
        return self.status == Status.CERTIFIED

    @property
    def at_committee(self) -> bool:
        """Waiting for the review committee (受理, then passed or not)."""
        return self.status == Status.COMMITTEE_REVIEW

    @property
    def accepted_at_committee(self) -> bool:
        """Waiting for the committee, which accepted its materials (受理)."""
        return self.at_committee and hasattr(self, "acceptance")

    @property
    def may_withdraw(self) -> bool:
        """撤回 is possible now (the rule lives in applications.workflow)."""
        from applications.workflow import may_withdraw

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


__all__ = [
    "FINISHED_STATES",
    "REVIEW_STATES",
    "Application",
    "ApplicationQuerySet",
    "Kind",
    "Status",
]
