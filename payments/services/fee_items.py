"""Fee items (费用事项): which apply to an application, and staff creating and changing them."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import actionlog
from applications.models import Application
from payments.forms import StaffFeeItemForm
from payments.models import FeeItem, Purpose
from titleportal.errors import DomainError


def fee_items_for(application: Application, purpose: str) -> list[FeeItem]:
    """The active fee items that apply to ``application``: the committee's review fees, the
    office's postage."""
    items = FeeItem.objects.filter(is_active=True, purpose=purpose).prefetch_related(
        "levels", "sessions"
    )
    if purpose == Purpose.REVIEW:
        if application.committee_id is None:
            items = items.filter(committee__isnull=True)
        else:
            items = items.filter(committee_id=application.committee_id)
    else:
        items = items.filter(office_id=application.office_id)
    chosen = []
    for item in items:
        if item.kinds and application.kind not in item.kinds:
            continue
        levels = {level.pk for level in item.levels.all()}
        if levels and application.level_id not in levels:
            continue
        sessions = {session.pk for session in item.sessions.all()}
        if sessions and application.review_session_id not in sessions:
            continue
        chosen.append(item)
    return chosen


def fee_item_new(role_context: RoleContext | None) -> FeeItem:
    """An unsaved fee item of the acting organisation: a committee charges review fees, an
    office the postage of mailed certificates."""
    if role_context is not None and role_context.role == Role.COMMITTEE_STAFF:
        return FeeItem(committee=role_context.organisation, purpose=Purpose.REVIEW)
    if role_context is not None and role_context.role == Role.OFFICE_STAFF:
        return FeeItem(office=role_context.organisation, purpose=Purpose.POSTAGE)
    raise DomainError(_("You cannot handle fee items."), code="scope")


def fee_item_save(
    *, actor: User, role_context: RoleContext | None, form: StaffFeeItemForm
) -> FeeItem:
    """Save a valid ``StaffFeeItemForm`` of an item of the acting committee or office (from
    ``fee_item_new`` or the organisation's own items), with an action-log row."""
    item = form.instance
    if role_context is None or role_context.role not in (
        Role.COMMITTEE_STAFF,
        Role.OFFICE_STAFF,
    ):
        raise DomainError(_("You cannot handle fee items."), code="scope")
    owner = item.committee_id if role_context.role == Role.COMMITTEE_STAFF else item.office_id
    if owner != role_context.organisation.pk:
        raise DomainError(_("You cannot handle fee items."), code="scope")
    created = item.pk is None
    with transaction.atomic():
        saved: FeeItem = form.save()
        actionlog.record(
            subject=saved,
            action="fee_item.created" if created else "fee_item.changed",
            actor=actor,
            role_context=role_context,
            data={"name": saved.name, "amount": str(saved.amount), "active": saved.is_active},
        )
    return saved
