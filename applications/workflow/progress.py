"""The progress bars: the reviewers' (the route's levels) and the applicant's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from applications.models import Application, ApplicationStep, Status
from titleportal.errors import DomainError

from .levels import DECIDED_STATES, LEVELS
from .routes import PlannedStep, current, plan, steps_of


def progress(application: Application) -> list[dict]:
    """The levels of the route, marked done / current (seed 002's 进度条)."""
    steps = steps_of(application)
    if not steps:
        return [
            {"label": str(LEVELS[planned.type].title), "css": ""}
            for planned in _planned_or_default(application)
        ]
    step = current(application)
    if step is not None:
        at = step.position
    elif application.status in DECIDED_STATES:
        at = len(steps)
    else:
        at = -1
    return [
        {
            "label": s.label,
            "css": "done" if s.position < at else ("current" if s.position == at else ""),
        }
        for s in steps
    ]


def review_words(step: ApplicationStep) -> str:
    """单位审核, or "市职改办审核" for a level with a label of its own."""
    level = LEVELS[step.organisation_type]
    if step.label == str(level.title):
        return str(level.review)
    return gettext("Review by %(level)s") % {"level": step.label}


def applicant_progress(application: Application) -> list[dict]:
    """The applicant's progress bar: 个人申报 → each level of the route → 办结."""
    steps = steps_of(application)
    bar: list[dict[str, Any]] = [{"label": gettext("Applicant submits")}]
    if steps:
        bar += [{"label": review_words(step)} for step in steps]
    else:
        bar += [{"label": str(LEVELS[p.type].review)} for p in _planned_or_default(application)]
    bar.append({"label": gettext("Finished")})
    step = current(application)
    if application.status in (Status.DRAFT, Status.RETURNED):
        at = 0
    elif step is not None:
        at = step.position + 1
    else:
        at = len(bar) - 1
    for index, item in enumerate(bar):
        item["done"] = index < at
        item["current"] = index == at
    return bar


def _planned_or_default(application: Application) -> list[PlannedStep]:
    try:
        return plan(application)
    except DomainError:
        return []
