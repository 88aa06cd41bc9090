"""Every URL of the project × every role × GET and POST, against the table in matrix.py.

A URL missing from the table fails, and so does a table line whose URL is gone. With
MATRIX_RECORD=path the actual answers are written to path (a matrix.py module) instead of
failing, so a new URL is added by recording and reviewing the diff; MATRIX_DETAILS=path also
writes every answer's status, redirect target and written tables for that review.
"""

import os
import time
from pathlib import Path

import pytest

from . import harness, matrix
from .world import ROLE_KEYS, build_world

RECORD = os.environ.get("MATRIX_RECORD", "")
DETAILS = os.environ.get("MATRIX_DETAILS", "")


def expected():
    roles, table = harness.parse_table(matrix.TABLE)
    assert roles == ROLE_KEYS, f"the table's columns are {roles}, the matrix's roles {ROLE_KEYS}"
    return table


def test_table_names_every_url_and_nothing_else():
    """Fast, without a database: a new URL (or a removed one) shows up here first."""
    urls = harness.project_urls()
    lines = set(expected())
    bases = {line.split("@")[0] for line in lines}
    missing = sorted(set(urls) - bases)
    stale = sorted(line for line in lines if line.split("@")[0] not in urls)
    assert not missing and not stale, (
        f"URLs missing from tests/security/matrix.py: {missing}; "
        f"lines whose URL no longer exists: {stale}. "
        "Record with MATRIX_RECORD=tests/security/matrix.py and review the new lines."
    )


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says(reference_data):
    world = build_world()
    paths, missing = harness.lines_and_paths(world)
    assert not missing, f"URLs that take an id but have no object in world.py: {missing}"
    started = time.perf_counter()
    result = harness.run_matrix(world, paths)
    elapsed = time.perf_counter() - started
    actual = result.cells()
    if DETAILS:
        _write_details(Path(DETAILS), result)
    if RECORD:
        Path(RECORD).write_text(harness.render_module(actual, ROLE_KEYS), encoding="utf-8")
        pytest.skip(f"recorded {len(actual)} lines to {RECORD} in {elapsed:.0f} s; review the diff")
    table = expected()
    problems = [f"{line}: not in the table" for line in sorted(set(actual) - set(table))]
    problems += [
        f"{line}: in the table, not requested" for line in sorted(set(table) - set(actual))
    ]
    for line in sorted(set(actual) & set(table)):
        for role in ROLE_KEYS:
            want, got = table[line][role], actual[line][role]
            for index, method in enumerate(harness.METHODS):
                if want[index] != got[index]:
                    answer = result.answers[(line, role, method)]
                    problems.append(
                        f"{line} {role} {method} {result.paths[line]}: expected {want[index]}, "
                        f"got {got[index]} ({answer.describe()})"
                    )
    checks = len(result.answers)
    assert not problems, f"{len(problems)} of {checks} answers differ:\n" + "\n".join(problems)


def _write_details(path: Path, result) -> None:
    rows = []
    for (line, role, method), answer in sorted(result.answers.items()):
        rows.append(
            f"{line}\t{role}\t{method}\t{answer.cell}\t{answer.describe()}\t{answer.seconds:.2f}s"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.django_db
def test_someone_elses_object_answers_as_a_missing_one(reference_data):
    """Ids are not confirmed: where a role gets 404 or 403 for someone else's object, it gets
    the same for an id that exists nowhere; and a missing id never answers 200 or 500."""
    world = build_world()
    real, _ = harness.lines_and_paths(world)
    missing = harness.missing_object_paths(world)
    table = expected()
    result = harness.run_matrix(world, missing)
    problems = []
    for (line, role, method), answer in sorted(result.answers.items()):
        want = table[line][role][harness.METHODS.index(method)]
        got = answer.cell
        if got.lower() in {"o", "x", "?"} or (want in {"n", "f"} and got != want):
            problems.append(
                f"{line} {role} {method} {missing[line]} (real object {real[line]}): "
                f"someone else's object answers {want}, a missing one {got} ({answer.describe()})"
            )
    assert not problems, f"{len(problems)} of {len(result.answers)} answers:\n" + "\n".join(
        problems
    )
