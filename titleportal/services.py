"""Writes that belong to the portal as a whole (not to one app's workflow)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from .models import FullIdView


def full_id_views_record(*, request: HttpRequest, subjects: Iterable[Any], place: str) -> int:
    """Log that the signed-in person was shown the full ID numbers of ``subjects`` (people) at
    ``place`` (a ``FullIdView.Place``). A person's own number is not logged. Returns the count."""
    viewer = request.user
    if not viewer.is_authenticated:
        return 0
    role_context = getattr(request, "role", None)
    organisation = getattr(role_context, "organisation", None)
    rows = [
        FullIdView(
            viewer=viewer,
            viewer_name=viewer.get_full_name(),
            role=str(role_context.role) if role_context else "",
            organisation_name=str(organisation) if organisation is not None else "",
            subject=subject,
            subject_name=subject.get_full_name(),
            place=place,
            path=request.get_full_path()[:300],
        )
        for subject in dict.fromkeys(subjects)
        if subject is not None and subject.pk != viewer.pk
    ]
    FullIdView.objects.bulk_create(rows)
    return len(rows)
