"""Facts about levels and roles are written once.

Which organisation each staff role acts for is stated in ``accounts.roles.ORGANISATION_FIELD``
alone; ``applications.workflow.LEVELS``, the membership check constraint, the action log's
wording and the operation guides derive from it. Templates get booleans and labels from Python
and compare no role or application state. These tests read the code so that the mapping cannot
quietly be written a second time.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.roles import ACTS_FOR, ORGANISATION_FIELD, ORGANISATION_FIELDS, STAFF_ROLE, Role
from applications import workflow
from applications.models import OrganisationType, Status

ROOT = Path(settings.BASE_DIR)
APPS = ("reference", "titleportal", "accounts", "units", "applications", "reviews",
        "certificates", "payments", "registries", "talent", "api")  # fmt: skip
HOME = ROOT / "accounts" / "roles.py"
STAFF = {role.name for role in ORGANISATION_FIELD}
WORDING = {"_", "gettext", "gettext_lazy", "pgettext_lazy"}


def sources():
    for top in APPS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _staff_role(node: ast.AST) -> bool:
    """``Role.UNIT_STAFF`` and friends."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr in STAFF
    )


def _names_a_staff_role(node: ast.AST | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Tuple):
        return any(_staff_role(element) for element in node.elts)
    return _staff_role(node)


def _organisation_or_wording(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ORGANISATION_FIELDS
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in WORDING
    return False


def _status(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "Status"


def restatements(path: Path) -> list[str]:
    """Places in ``path`` pairing a staff role with an organisation or a level's words."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Dict):
            # {Role.UNIT_STAFF: "unit"}, {("application.returned", Role.UNIT_STAFF): _("…")}
            for key, value in zip(node.keys, node.values, strict=True):
                if _names_a_staff_role(key) and _organisation_or_wording(value):
                    found.append(where)
                    break
        elif isinstance(node, ast.Call):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if not any(_staff_role(argument) for argument in arguments):
                continue
            # Q(role=Role.UNIT_STAFF, unit__isnull=False): the constraint written out
            if any((keyword.arg or "").endswith("__isnull") for keyword in node.keywords) or any(
                _status(argument) for argument in node.args
            ):
                found.append(where)
    return found


def test_the_role_to_organisation_mapping_is_written_once():
    found = [where for path in sources() if path != HOME for where in restatements(path)]
    assert found == [], (
        "Derive from accounts.roles.ORGANISATION_FIELD (or applications.workflow.LEVELS) "
        f"instead of restating which organisation or level a role has: {found}"
    )


RESTATED = {
    "a dict of fields": 'X = {Role.UNIT_STAFF: "unit", Role.OFFICE_STAFF: "office"}',
    "wording by role": 'STEPS = {("application.returned", Role.UNIT_STAFF): _("Unit returned")}',
    "a constraint written out": "Q(role=Role.UNIT_STAFF, unit__isnull=False)",
    "a level with its role": 'Level("unit", Status.UNIT_REVIEW, Role.UNIT_STAFF, _("Unit"))',
}


@pytest.mark.parametrize("source", RESTATED.values(), ids=RESTATED.keys())
def test_the_search_finds_a_restatement(source, tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(source + "\n", encoding="utf-8")
    assert restatements(sample)


def test_the_derived_tables_agree_with_the_one_mapping():
    assert set(ORGANISATION_FIELDS) == set(OrganisationType.values)
    assert {level.type: level.role for level in workflow.LEVELS.values()} == STAFF_ROLE
    assert all(level.field == level.type for level in workflow.LEVELS.values())
    assert ACTS_FOR[Role.UNIT_ACCOUNT] == OrganisationType.UNIT
    assert {level.state for level in workflow.LEVELS.values()} == {
        Status.UNIT_REVIEW,
        Status.DEPT_REVIEW,
        Status.OFFICE_REVIEW,
        Status.COMMITTEE_REVIEW,
    }


def test_the_membership_constraint_comes_from_the_mapping():
    from units.models import Membership

    constraint = next(
        c for c in Membership._meta.constraints if c.name == "membership_organisation_matches_role"
    )
    branches = {
        dict(branch.children)["role"]: {
            name.removesuffix("__isnull") for name, isnull in branch.children if isnull is False
        }
        for branch in constraint.condition.children
    }
    assert branches == {role: {field} for role, field in ORGANISATION_FIELD.items()}


# A template comparing a role or an application's state works out what Python should say.
COMPARISON = re.compile(
    r"\b(?:role|role\.role|context\.role|application\.status|app\.status)\s*(?:==|!=|\bin\b)"
)


def test_no_template_compares_roles_or_application_states():
    found = []
    for top in (*APPS, "templates"):
        for path in sorted((ROOT / top).rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if COMPARISON.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == [], f"Give the template a boolean from Python instead: {found}"


# Reads that restate whose applications these are, instead of asking ``workflow.visible_to``.
RESTATED_SCOPE = re.compile(
    r"Application\.objects\.(?:filter|exclude|get)\([^)]*\bapplicant(?:_id)?="
    r"|\bCertificate\.objects[\w().]*\.filter\(office="
)


def test_selectors_scope_applications_through_visible_to():
    found = []
    for path in sources():
        if path.name != "selectors.py" and "selectors" not in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RESTATED_SCOPE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == [], f"Start from workflow.visible_to (or own_applications): {found}"
