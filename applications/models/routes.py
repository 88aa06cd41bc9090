"""Review routes configured per office, and the steps copied onto each application."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Kind

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
    waits_for_fee = models.BooleanField(
        _("waits for the fee"),
        default=False,
        help_text=_(
            "Forwards or decides only once the applicant has paid the review fee (returning "
            "and not approving stay possible)."
        ),
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
    waits_for_fee = models.BooleanField(_("waits for the fee"), default=False)
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


class ApplicationReach(models.Model):
    """An organisation whose step the application has reached: it sees the application from
    then on, whatever its state. One row per organisation (a route visiting it twice has one),
    written by ``workflow.mark_reached`` in the transaction of the act and read by
    ``workflow.visible_to``, which walks the unique index (type, organisation, application)
    instead of looking for a reached step of every application."""

    application = models.ForeignKey(
        "Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reaches",
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType
    )
    organisation_id = models.PositiveBigIntegerField(_("organisation id"))

    class Meta:
        verbose_name = _("organisation reached")
        verbose_name_plural = _("organisations reached")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_type", "organisation_id", "application"],
                name="application_reach_unique",
            )
        ]

    def __str__(self):
        return f"{self.organisation_type} {self.organisation_id}"


__all__ = [
    "ApplicationReach",
    "ApplicationStep",
    "OfficeSource",
    "OrganisationType",
    "ReturnScope",
    "ReviewRoute",
    "RouteLevel",
]
