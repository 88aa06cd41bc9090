"""单位公示: the unit posts its applicants under review for a number of working days."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications.models import Application, Status
from reference.workdays import add_working_days
from reviews.models import UnitPublicity
from titleportal.errors import DomainError
from units.models import Membership, Unit

# --- unit publicity ---------------------------------------------------------------------------

PUBLICISED_STATES = [
    Status.UNIT_REVIEW,
    Status.DEPT_REVIEW,
    Status.OFFICE_REVIEW,
    Status.COMMITTEE_REVIEW,
]


def unit_publicity_entries(unit: Unit, year: int) -> list[dict]:
    """The unit's applicants of the year who are under review: what the 公示表 lists."""
    rows = (
        Application.objects.filter(unit=unit, year=year, status__in=PUBLICISED_STATES)
        .select_related("applicant", "qualification__series", "qualification__level", "specialty")
        .order_by("kind", "applicant__full_name", "pk")
    )
    return [
        {
            "application": app.pk,
            "name": app.applicant.full_name,
            "gender": app.applicant.get_gender_display(),
            "kind": str(app.get_kind_display()),
            "series": app.qualification.series.label,
            "level": app.qualification.level.name,
            "qualification": app.qualification.name,
            "specialty": app.specialty_name,
        }
        for app in rows
    ]


def unit_publicity_start(
    *, actor: User, role_context: RoleContext, year: int, days: int = 5
) -> UnitPublicity:
    """单位公示 online: posts the unit's applicants of the year for ``days`` working days."""
    unit = role_context.organisation if role_context else None
    if (
        unit is None
        or role_context.role != Role.UNIT_STAFF
        or not Membership.objects.filter(
            person=actor, role=Role.UNIT_STAFF, unit=unit, is_enabled=True
        ).exists()
    ):
        raise DomainError(_("Only enabled staff of the unit may do this."), code="forbidden")
    if not 1 <= days <= 30:
        raise DomainError(_("Choose between 1 and 30 working days."), field="days", code="days")
    with transaction.atomic():
        entries = unit_publicity_entries(unit, year)
        if not entries:
            raise DomainError(
                _("The unit has no applicants under review for %(year)s.") % {"year": year},
                field="year",
                code="none_under_review",
            )
        today = timezone.localdate()
        return UnitPublicity.objects.create(
            unit=unit,
            year=year,
            starts_on=today,
            ends_on=add_working_days(today, days),
            entries=entries,
            created_by=actor,
        )
