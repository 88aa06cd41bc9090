"""The apps depend one way: reference → accounts → units → applications → reviews /
certificates / payments, with the project shell and the integration API on top.

``titleportal`` is two things: shared infrastructure every app may use (errors, validators,
uploads, files, notifications, SMS, PDFs, …), which imports no app but ``reference``; and the
project shell (settings, root URLs, home page, navigation, demo data), which may import
anything. A module may import modules of its own layer and of lower layers only (imports inside
functions count too), apps of one layer do not import each other in both directions, and no two
apps' models point at each other. A relation to the user model (``AUTH_USER_MODEL``, swappable
by design) is allowed from the infrastructure.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LAYERS = {
    "reference": 0,
    "titleportal.core": 1,
    "accounts": 2,
    "units": 3,
    "applications": 4,
    "reviews": 5,
    "certificates": 5,
    "payments": 5,
    "registries": 5,
    "talent": 5,
    # The integration API reads and acts through every app.
    "api": 6,
    "titleportal.shell": 6,
}
# The project shell: modules of titleportal that put the apps together.
SHELL = {
    "titleportal.apps",
    "titleportal.settings",
    "titleportal.settings_test",
    "titleportal.settings_bench",
    "titleportal.urls_bench",
    "titleportal.urls",
    "titleportal.wsgi",
    "titleportal.asgi",
    "titleportal.views",
    "titleportal.dashboard",
    "titleportal.navigation",
    "titleportal.context_processors",
    "titleportal.demo",
    "titleportal.management",
    "titleportal.templatetags",
    "titleportal.admin",
    "titleportal.health",
    "titleportal.checks",
    "titleportal.middleware",
}


def area(module: str) -> str | None:
    """The layer name of a module of the project, or None for anything else."""
    top = module.split(".")[0]
    if top == "titleportal":
        shell = any(module == name or module.startswith(name + ".") for name in SHELL)
        return "titleportal.shell" if shell else "titleportal.core"
    return top if top in LAYERS else None


def modules():
    for top in ("reference", "titleportal", "accounts", "units", "applications", "reviews",
                "certificates", "payments", "registries", "talent", "api"):  # fmt: skip
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imports_of(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from package import module` imports that module
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in modules():
        graph[module] = {name for name in imports_of(module, path) if area(name) is not None}
    return graph


def test_the_walk_sees_the_apps():
    graph = import_graph()
    assert {"reference.models", "applications.workflow", "reviews.services"} <= set(graph)
    assert any(
        "units.models" in names
        for module, names in graph.items()
        if module.startswith("applications.models")
    )


def test_no_module_imports_a_higher_layer():
    upward = sorted(
        f"{module} imports {name}"
        for module, names in import_graph().items()
        for name in names
        if LAYERS[area(name)] > LAYERS[area(module)]
    )
    assert not upward, "\n".join(upward)


def test_apps_of_one_layer_do_not_import_each_other_both_ways():
    between = defaultdict(set)
    for module, names in import_graph().items():
        for name in names:
            if area(name) != area(module):
                between[area(module)].add(area(name))
    both_ways = sorted(
        (a, b)
        for a, targets in between.items()
        for b in targets
        if a < b and a in between.get(b, ())
    )
    assert not both_ways, both_ways


def _layer_of_model(model) -> str:
    return area(model.__module__)


def test_models_point_down_and_never_at_each_other():
    problems = []
    pointing = defaultdict(set)
    for model in apps.get_models():
        source = _layer_of_model(model)
        if source is None:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = _layer_of_model(field.related_model)
            if target is None or target == source:
                continue
            if field.related_model._meta.label == settings.AUTH_USER_MODEL:
                continue
            pointing[source].add(target)
            if LAYERS[target] > LAYERS[source]:
                problems.append(f"{model.__name__}.{field.name} -> {field.related_model.__name__}")
    problems += [
        f"{a} <-> {b}"
        for a, targets in list(pointing.items())
        for b in targets
        if a in pointing.get(b, ())
    ]
    assert not problems, problems


@pytest.mark.parametrize(
    ("module", "imported", "allowed"),
    [
        ("units.models", "applications.models", False),
        ("applications.models", "units.models", True),
        ("titleportal.uploads", "accounts.models", False),
        ("titleportal.demo", "reviews.services", True),
        ("reference.models", "titleportal.errors", False),
    ],
)
def test_the_rule_itself(module, imported, allowed):
    assert (LAYERS[area(imported)] <= LAYERS[area(module)]) is allowed
