"""The review workflow's one answer to every question about levels.

A review route is data: an office's ``ReviewRoute`` lists its levels (unit, zero or more
competent departments, offices, the committee), each with a label, whether it may decide and
where it may return to; an office without one uses ``DEFAULT_LEVELS``. At submission the route
is resolved for the application (which department, which office, which committee) and copied
onto it as ``ApplicationStep`` rows; ``Application.current_step`` is where it waits.

This package is the only place that maps a level to the role acting there (through
``accounts.roles.ORGANISATION_FIELD``, the one role → organisation mapping) and the words for
it. Services ask it who acts now and where a return may go; views and templates get booleans
and labels from ``acts`` and ``progress``; ``visible_to`` is the one rule of what a role may
see. Import from the package (``from applications import workflow``); its modules are:

- ``levels``: ``Level``, ``LEVELS`` and the lookups by role, state and step;
- ``routes``: resolving and copying a route, where an application waits, next and return steps;
- ``acts``: who acts now, may this person act, which acts a role has, may the applicant withdraw;
- ``visibility``: ``visible_to`` (and ``visible_filter``, the same rule for related rows), ``waiting_for``;
- ``progress``: the progress bars;
- ``notices``: who is told.
"""

from .acts import Acts, acting_level, acts, acts_here, check_actor, may_decide, may_withdraw
from .levels import (
    BY_ROLE,
    BY_STATE,
    DECIDED_STATES,
    LEVELS,
    Level,
    level_of_role,
    level_of_state,
    level_of_step,
)
from .notices import notify_applicant, notify_staff
from .progress import applicant_progress, progress, review_words
from .routes import (
    DEFAULT_LEVELS,
    WAITING_FIELDS,
    PlannedStep,
    configured_levels,
    current,
    enter,
    fix_route,
    leave,
    mark_reached,
    next_step,
    plan,
    return_step,
    return_steps,
    return_targets,
    step_value,
    steps_of,
    wait_at,
)
from .visibility import own_applications, reached_by, visible_filter, visible_to, waiting_for

__all__ = [
    "BY_ROLE",
    "BY_STATE",
    "DECIDED_STATES",
    "DEFAULT_LEVELS",
    "LEVELS",
    "WAITING_FIELDS",
    "Acts",
    "Level",
    "PlannedStep",
    "acting_level",
    "acts",
    "acts_here",
    "applicant_progress",
    "check_actor",
    "configured_levels",
    "current",
    "enter",
    "fix_route",
    "leave",
    "level_of_role",
    "level_of_state",
    "level_of_step",
    "mark_reached",
    "may_decide",
    "may_withdraw",
    "next_step",
    "notify_applicant",
    "notify_staff",
    "own_applications",
    "plan",
    "progress",
    "reached_by",
    "return_step",
    "return_steps",
    "return_targets",
    "review_words",
    "step_value",
    "steps_of",
    "visible_filter",
    "visible_to",
    "wait_at",
    "waiting_for",
]
