"""One application as a reviewer or its applicant reads it: details, timeline, the changes
since a return, and the applicant's printed forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from applications import workflow
from applications.models import ActionLog, Application, Status
from reviews.changes import SectionChange, compare, snapshot
from reviews.models import ReturnSnapshot

from .queue import reviewable_applications


def own_applications_for_print(user) -> list[Application]:
    """报表下载 of an applicant: their applications, newest first (one query)."""
    return list(
        workflow.own_applications(user)
        .select_related("series", "level", "unit", "review_session__committee")
        .order_by("-year", "-pk")
    )


# What the detail page and the printed 评审表 read of an application, in one query.
APPLICATION_RELATED = (
    "applicant",
    "unit",
    "department",
    "office",
    "committee",
    "review_session",
    "qualification__series",
    "qualification__level",
    "specialty",
    "series",
    "level",
    "current_step",
)


def own_submitted_application(user, pk) -> Application:
    """The applicant's own application once submitted, for its 评审表; anyone else's is 404."""
    return get_object_or_404(
        workflow.own_applications(user)
        .exclude(status=Status.DRAFT)
        .select_related(*APPLICATION_RELATED)
        .prefetch_related("steps"),
        pk=pk,
    )


def get_application_for(role_context, pk) -> Application:
    application = (
        reviewable_applications(role_context)
        .select_related(*APPLICATION_RELATED)
        .prefetch_related("steps")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def timeline(application) -> list[ActionLog]:
    """进度: every act on the application, oldest first."""
    return list(application.actions.order_by("created_at", "pk"))


def latest_return(application) -> ActionLog | None:
    return application.actions.filter(action="application.returned").order_by("-created_at").first()


@dataclass
class ChangesSinceReturn:
    """The last return to the applicant and, section by section, what changed since."""

    entry: ActionLog
    sections: list[SectionChange]

    @property
    def changed(self) -> list[SectionChange]:
        return [change for change in self.sections if change.changed or change.named]


def changes_since_return(
    application, actions: list[ActionLog], sections
) -> ChangesSinceReturn | None:
    """After a resubmission: the application's sections compared with the snapshot taken when it
    was last returned to the applicant. ``actions`` is the timeline (oldest first) and
    ``sections`` the application's read-only sections, both already loaded by the page."""
    if application.status in (Status.DRAFT, Status.RETURNED):
        return None
    last_return, resubmitted = None, False
    for entry in actions:
        if entry.action == "application.returned" and entry.to_status == Status.RETURNED:
            last_return, resubmitted = entry, False
        elif entry.action == "application.submitted" and last_return is not None:
            resubmitted = True
    if last_return is None or not resubmitted:
        return None
    stored = ReturnSnapshot.objects.filter(action=last_return).only("sections").first()
    if stored is None:
        return None
    named = (last_return.data or {}).get("sections", [])

    def file_url(section: str, name: str, entry: dict) -> str:
        if entry.get("id") is not None:
            return reverse("applications:attachment", args=[application.pk, entry["id"]])
        return reverse("applications:file", args=[application.pk, section, name])

    return ChangesSinceReturn(
        entry=last_return,
        sections=compare(stored.sections, snapshot(sections), named=named, file_url=file_url),
    )
