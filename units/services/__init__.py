"""Acts on organisations: unit registration and maintenance, staff, unit keys, affiliations.

Each act is one function with keyword-only arguments and the acting account, runs in one
transaction, locks the row it changes and writes an ``OrganisationEvent``. A refusal raises
``DomainError`` with the sentence the person reads.
"""

from .account import (
    register_unit,
    unit_key_regenerate,
    unit_password_reset_via_staff,
    unit_update_contacts,
    unit_update_info,
    unit_upload_seal,
)
from .affiliation import affiliation_join, affiliation_remove
from .departments import department_staff_add, department_staff_remove, department_staff_set_enabled
from .staff import (
    staff_invitation_accept,
    staff_invitation_decline,
    staff_invitation_withdraw,
    staff_invite,
    staff_invite_by_id_number,
    staff_lookup,
    staff_remove,
    staff_set_enabled,
)

__all__ = [
    "affiliation_join",
    "affiliation_remove",
    "department_staff_add",
    "department_staff_remove",
    "department_staff_set_enabled",
    "register_unit",
    "staff_invitation_accept",
    "staff_invitation_decline",
    "staff_invitation_withdraw",
    "staff_invite",
    "staff_invite_by_id_number",
    "staff_lookup",
    "staff_remove",
    "staff_set_enabled",
    "unit_key_regenerate",
    "unit_password_reset_via_staff",
    "unit_update_contacts",
    "unit_update_info",
    "unit_upload_seal",
]
