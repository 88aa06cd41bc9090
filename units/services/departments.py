"""Staff of a competent department, added by the office above it."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from titleportal.errors import DomainError
from units.models import (
    Department,
    Membership,
    Office,
    OrganisationEvent,
)

from .common import _event
from .staff import _check_person


def department_staff_add(
    *, actor: User, office: Office, department: Department, person: User
) -> Membership:
    from units.selectors import departments_under

    if not departments_under(office).filter(pk=department.pk).exists():
        raise DomainError(_("This competent department is not under your office."), code="scope")
    _check_person(person)
    with transaction.atomic():
        Department.objects.select_for_update().get(pk=department.pk)
        if Membership.objects.filter(department=department, person=person).exists():
            raise DomainError(
                _("%(name)s is already on the staff list.") % {"name": person.full_name},
                field="id_number",
                code="duplicate",
            )
        membership = Membership.objects.create(
            person=person, role=Role.DEPARTMENT_STAFF, department=department, is_enabled=True
        )
        _event(
            OrganisationEvent.Action.STAFF_ADDED,
            actor=actor,
            department=department,
            subject=person,
        )
    return membership


def _locked_department_membership(office: Office, membership: Membership) -> Membership:
    from units.selectors import departments_under

    return Membership.objects.select_for_update().get(
        pk=membership.pk, department__in=departments_under(office)
    )


def department_staff_set_enabled(
    *, actor: User, office: Office, membership: Membership, enabled: bool
) -> Membership:
    with transaction.atomic():
        locked = _locked_department_membership(office, membership)
        if locked.is_enabled != enabled:
            locked.is_enabled = enabled
            locked.save(update_fields=["is_enabled"])
            action = (
                OrganisationEvent.Action.STAFF_ENABLED
                if enabled
                else OrganisationEvent.Action.STAFF_DISABLED
            )
            _event(action, actor=actor, department=locked.department, subject=locked.person)
    return locked


def department_staff_remove(*, actor: User, office: Office, membership: Membership) -> None:
    with transaction.atomic():
        locked = _locked_department_membership(office, membership)
        person, department = locked.person, locked.department
        locked.delete()
        _event(
            OrganisationEvent.Action.STAFF_REMOVED,
            actor=actor,
            department=department,
            subject=person,
        )
