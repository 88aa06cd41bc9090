"""专技人才统计: the person files their record, the unit reviews it."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications.policies import check_not_own
from titleportal.errors import DomainError
from titleportal.notifications import notify
from units.models import Affiliation

from .models import TalentRecord

TALENT_FILED = "talent.filed"
TALENT_REVIEWED = "talent.reviewed"
TALENT_RETURNED = "talent.returned"

# The fields the person fills in (and may change until, and after, the unit's review).
RECORD_FIELDS = (
    "series",
    "level",
    "title_name",
    "obtained_on",
    "specialty",
    "education",
    "is_high_level",
)


def _unit_staff(unit, *, exclude):
    from accounts.models import User

    return (
        User.objects.filter(
            memberships__role=Role.UNIT_STAFF,
            memberships__unit=unit,
            memberships__is_enabled=True,
            is_active=True,
        )
        .exclude(pk=exclude.pk)
        .distinct()
    )


def talent_record_save(*, person, year: int, **fields) -> TalentRecord:
    """Create or change the person's record of ``year`` for the unit they work for now; the
    record (again) awaits that unit's review, whose staff are told."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    affiliation = Affiliation.objects.select_related("unit").filter(person=person).first()
    if affiliation is None:
        raise DomainError(
            _("Join your work unit (with its unit key) before filing your talent information."),
            code="no_unit",
        )
    unit = affiliation.unit
    try:
        with transaction.atomic():
            record = (
                TalentRecord.objects.select_for_update().filter(person=person, year=year).first()
            )
            if record is None:
                record = TalentRecord(person=person, year=year)
            for name, value in fields.items():
                setattr(record, name, value)
            record.unit = unit
            record.status = TalentRecord.Status.PENDING
            record.reviewed_by = None
            record.reviewed_at = None
            record.save()
            link = reverse("talent:unit_detail", kwargs={"pk": record.pk})
            for staff in _unit_staff(unit, exclude=person):
                notify(
                    staff,
                    event=TALENT_FILED,
                    title=_("Talent information to review: %(name)s")
                    % {"name": person.full_name or person.username},
                    link=link,
                )
    except IntegrityError as error:
        # Two saves of a first record at the same moment: the other one won.
        raise DomainError(
            _("Your record of this year was just saved elsewhere; reload the page."),
            code="conflict",
        ) from error
    return record


def talent_record_review(
    *, actor, role_context, record: TalentRecord, approve: bool, note: str = ""
) -> TalentRecord:
    """The unit's staff approve a pending record or return it with a reason; the person is
    told. Nobody reviews their own record."""
    if role_context is None or role_context.role != Role.UNIT_STAFF:
        raise DomainError(_("Only the unit's staff review talent information."), code="role")
    note = (note or "").strip()
    with transaction.atomic():
        record = TalentRecord.objects.select_for_update().get(pk=record.pk)
        if record.unit_id != role_context.organisation.pk:
            raise DomainError(_("This record belongs to another unit."), code="forbidden")
        check_not_own(actor=actor, person_id=record.person_id)
        if record.status != TalentRecord.Status.PENDING:
            raise DomainError(_("This record is not awaiting review."), code="state")
        if not approve and not note:
            raise DomainError(
                _("Enter the reason for returning the record."), field="note", code="required"
            )
        record.status = TalentRecord.Status.APPROVED if approve else TalentRecord.Status.RETURNED
        record.unit_note = note
        record.reviewed_by = actor
        record.reviewed_at = timezone.now()
        record.save(
            update_fields=["status", "unit_note", "reviewed_by", "reviewed_at", "updated_at"]
        )
        link = reverse("talent:mine")
        if approve:
            notify(
                record.person,
                event=TALENT_REVIEWED,
                title=_("Your talent information of %(year)s was reviewed") % {"year": record.year},
                body=note,
                link=link,
            )
        else:
            notify(
                record.person,
                event=TALENT_RETURNED,
                title=_("Your talent information of %(year)s was returned") % {"year": record.year},
                body=note,
                link=link,
            )
    return record
