"""Rules about who may act that hold for every act of every app."""

from typing import Any

from django.utils.translation import gettext as _

from titleportal.errors import DomainError


def own_case_refusal(actor: Any, person_id: int | None) -> str:
    """Why ``actor`` may not act on a case whose person (applicant, certificate holder) is
    ``person_id``, or "" when it is someone else's. Every review act checks it through
    ``check_not_own``; pages use it to show the case read-only with the reason."""
    if actor is None or actor.pk is None or person_id != actor.pk:
        return ""
    return _(
        "This is your own application; you cannot review it: nobody reviews or handles their "
        "own application, in any role. Another staff member of your organisation has to "
        "handle it."
    )


def check_not_own(*, actor: Any, person_id: int | None) -> None:
    """Refuse an act on the actor's own application (or own certificate)."""
    refusal = own_case_refusal(actor, person_id)
    if refusal:
        raise DomainError(refusal, code="own")
