"""The unit opinions (单位意见), each filled in or changed with its own operation record."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from applications import actionlog, transitions, workflow
from applications.models import Application
from reviews.models import UnitOpinion
from titleportal.errors import DomainError

from .common import _mark_unit_acted

OPINION_FIELDS = (
    "appraisal_recommendation",
    "term_appraisal_result",
    "publicity",
    "panel_recommendation",
    "unit_leader",
)


def unit_opinion_save(
    *, actor, role_context, application, version: int | None, **values: str | None
) -> UnitOpinion:
    """Unit staff save the unit's opinions; this counts as the unit acting (no more withdraw).

    Each opinion filled in or changed writes its own operation record (seed 001:
    单位填写基层单位考核推荐意见 …). Fields passed as None are left as they are.
    """
    unknown = set(values) - set(OPINION_FIELDS)
    if unknown:
        raise TypeError(f"unknown opinions: {sorted(unknown)}")
    saved: dict = {}

    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)
        if role_context.role != Role.UNIT_STAFF:
            raise DomainError(_("Only the unit fills in the unit opinions."), code="forbidden")

    def change(app: Application) -> None:
        opinion, _created = UnitOpinion.objects.select_for_update().get_or_create(application=app)
        saved["opinion"] = opinion
        allowed = UnitOpinion.required_fields(app)
        changed = []
        for name, value in values.items():
            if value is None or name not in allowed:
                continue
            value = value.strip()
            if value != getattr(opinion, name):
                setattr(opinion, name, value)
                changed.append(name)
        if not changed:
            return
        opinion.updated_by = actor
        opinion.save()
        _mark_unit_acted(app)
        for name in changed:
            actionlog.record(
                subject=app,
                action=f"opinion.{name}",
                actor=actor,
                role_context=role_context,
                from_status=app.status,
                to_status=app.status,
                opinion=getattr(opinion, name),
            )

    transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="opinion",
        check=check,
        change=change,
        log=False,
    )
    return saved["opinion"]


def missing_unit_opinions(application: Application) -> list[str]:
    """Verbose names of the unit opinions still empty (all of them when none was saved)."""
    opinion = UnitOpinion.objects.filter(application=application).first() or UnitOpinion()
    return [
        str(UnitOpinion._meta.get_field(name).verbose_name)
        for name in opinion.missing_fields(application)
    ]
