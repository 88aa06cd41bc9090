"""The acts of reviewers on an application: unit opinions, forward, return, reject, approve,
fail and accept (受理).

Every act takes keyword arguments only, with the acting person (``actor``) and the role
context they act in, and goes through ``applications.transitions.run``: lock at the version
the form was opened with, check that the actor acts at the application's current level and is
not its applicant (``applications.workflow.check_actor``), change, save, log, notify.
"""

from .decisions import application_accept, application_approve, application_fail
from .forward import application_forward
from .opinions import OPINION_FIELDS, missing_unit_opinions, unit_opinion_save
from .returns import application_reject, application_return, return_targets

__all__ = [
    "OPINION_FIELDS",
    "application_accept",
    "application_approve",
    "application_fail",
    "application_forward",
    "application_reject",
    "application_return",
    "missing_unit_opinions",
    "return_targets",
    "unit_opinion_save",
]
