"""Runs every URL × role × method of the authorization matrix and turns answers into cells.

Every request runs inside a savepoint that is rolled back afterwards, and the cache is
emptied before it, so requests do not affect each other and the whole matrix runs on one
world. A statement that writes a row (INSERT, UPDATE, DELETE outside the session and
captcha tables) during the request makes the cell uppercase: the table shows which role
could write.

Cells: o 200 · r redirect (not to sign-in) · l redirect to sign-in · b 400 · f 403 · n 404 ·
m 405 · x 500 · ? anything else; uppercase when the request wrote rows.
"""

import copy
import logging
import re
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.savepoints import rolled_back

METHODS = ("GET", "POST")
LETTERS = {200: "o", 400: "b", 401: "u", 403: "f", 404: "n", 405: "m", 500: "x"}
# Rows written there are bookkeeping of any visit, not something the role did. The working-day
# numbers are a derived table of the calendar that the first statistics page fills.
IGNORED_TABLES = {"django_session", "captcha_captchastore", "reviews_workdaynumber"}
SIGN_IN_URLS = ("account_login", "units:login", "units:staff_login")
WRITE_RE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)


# --- the URLs ---------------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or prefix + str(pattern.pattern)
            if namespace and pattern.name:
                name = f"{namespace}:{name}"
            yield name, prefix + str(pattern.pattern), pattern


def project_urls() -> dict[str, str]:
    """Every named URL of the project (Django's admin aside): name → route."""
    urls: dict[str, str] = {}
    for name, route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        if name in urls and urls[name] != route:
            raise AssertionError(f"URL name {name} is used twice ({urls[name]}, {route})")
        urls[name] = route
    return urls


def takes_arguments(route: str) -> bool:
    return "<" in route or "(?P<" in route


# --- one request ------------------------------------------------------------------------------


class WriteRecorder:
    """Collects the tables a request writes to."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE_RE.match(sql)
        if match and match.group(1) not in IGNORED_TABLES:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


@dataclass
class Answer:
    status: int
    location: str = ""
    wrote: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def cell(self) -> str:
        if 300 <= self.status < 400:
            letter = "l" if _is_sign_in(self.location) else "r"
        else:
            letter = LETTERS.get(self.status, "?")
        return letter.upper() if self.wrote else letter

    def describe(self) -> str:
        text = str(self.status)
        if self.location:
            text += f" → {self.location}"
        if self.wrote:
            text += f", wrote {', '.join(sorted(self.wrote))}"
        return text


_sign_in_paths: tuple[str, ...] = ()


def _is_sign_in(location: str) -> bool:
    global _sign_in_paths
    if not _sign_in_paths:
        _sign_in_paths = tuple(reverse(name) for name in SIGN_IN_URLS)
    path = location.split("?")[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].split("/", 1)[-1]
    return path in _sign_in_paths


def ask(client, method: str, path: str) -> Answer:
    """One request in a savepoint that is rolled back; the cache starts empty."""
    cache.clear()
    recorder = WriteRecorder()
    started = time.perf_counter()
    with rolled_back(), connection.execute_wrapper(recorder):
        response = client.get(path) if method == "GET" else client.post(path, {})
    if response.streaming:
        # The test client closes a streamed file (and signals the request's end without
        # closing the test's connection) once its content has been read.
        b"".join(response.streaming_content)
    return Answer(
        status=response.status_code,
        location=response.get("Location", "") if 300 <= response.status_code < 400 else "",
        wrote=recorder.tables,
        seconds=time.perf_counter() - started,
    )


# --- the whole matrix -------------------------------------------------------------------------


@dataclass
class Result:
    answers: dict[tuple[str, str, str], Answer]  # (line, role, method) → answer
    paths: dict[str, str]  # line → path requested

    def cells(self) -> dict[str, dict[str, str]]:
        """line → role → "GP" (the GET and POST cells)."""
        table: dict[str, dict[str, str]] = {}
        for (line, role, _method), answer in self.answers.items():
            # GET comes before POST in the answers, so the pair reads "GP".
            row = table.setdefault(line, {})
            row[role] = row.get(role, "") + answer.cell
        return table


def lines_and_paths(world) -> tuple[dict[str, str], list[str]]:
    """Table line → path to request, and the URLs that take arguments but have no object."""
    urls = project_urls()
    paths: dict[str, str] = {}
    missing: list[str] = []
    for name, route in urls.items():
        if name in world.objects:
            continue
        if takes_arguments(route):
            missing.append(name)
            continue
        # An unnamed URL (allauth's redirects from its former addresses) is listed by route.
        paths[name] = f"/{route}" if name == route else reverse(name)
    for line, (name, kwargs) in world.objects.items():
        if name not in urls:
            missing.append(f"{line} (no such URL)")
            continue
        paths[line] = reverse(name, kwargs=kwargs)
    return paths, missing


# Identifiers of objects that do not exist, by URL argument. (Captcha and e-mail confirmation
# keys are public one-time tokens, not ids of someone's object.)
MISSING_IDS = {
    "pk": 987654,
    "row": 987654,
    "attachment": 987654,
    "application_pk": 987654,
    "token": "00000000-0000-4000-8000-000000000000",
    "code": "ZZZZZZZZZZZZZZZZ",
}


def missing_object_paths(world) -> dict[str, str]:
    """Every object line again, its identifiers replaced by ones that exist nowhere."""
    paths = {}
    for line, (name, kwargs) in world.objects.items():
        if not set(kwargs) & set(MISSING_IDS):
            continue
        paths[line] = reverse(name, kwargs={k: MISSING_IDS.get(k, v) for k, v in kwargs.items()})
    return paths


def run_matrix(world, paths: dict[str, str]) -> Result:
    # Thousands of expected 403/404 would bury a failure's report in log lines.
    quiet = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        return _run(world, paths)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


def _run(world, paths: dict[str, str]) -> Result:
    answers: dict[tuple[str, str, str], Answer] = {}
    for role in world.roles:
        client = world.client(role)
        baseline = copy.deepcopy(client.cookies)
        for line, path in paths.items():
            for method in METHODS:
                answers[(line, role.key, method)] = ask(client, method, path)
                # Whatever the answer set (sign-out, language, messages) is forgotten.
                client.cookies = copy.deepcopy(baseline)
    return Result(answers=answers, paths=paths)


# --- the table kept in the repository ---------------------------------------------------------

MODULE_HEADER = '''"""The expected answers of the authorization matrix: one line per URL name (``name@variant``
for a second object of the same URL, see world.py), one column per role, each cell "GP" with
the answer to GET and to POST.

o 200 · r redirect (not to sign-in) · l redirect to sign-in · b 400 · u 401 (the API without
an access token: sessions do not count there) · f 403 (signed in, wrong role) · n 404 (no such object for this role: someone else's objects answer 404, not 403) ·
m 405 · x 500 · ? other; UPPERCASE: the request wrote rows.

Roles: anon anonymous · zhang applicant 张三 · li applicant 李四 · unit unit account 南宁蓝海 ·
wang unit staff 王五 (南宁蓝海) · zhao unit staff 赵六 (钦州海湾) · qian department staff 钱七 ·
sun office staff 孙八 · zhou committee staff 周九 · admin Django admin.

Record the actual answers with MATRIX_RECORD=tests/security/matrix.py, then review the diff.
"""

TABLE = """
'''
CELL_WIDTH = 6


def render_table(cells: dict[str, dict[str, str]], roles: list[str]) -> str:
    width = max(len("url"), *(len(line) for line in cells)) + 2
    rows = ["url".ljust(width) + "".join(role.ljust(CELL_WIDTH) for role in roles).rstrip()]
    for line in sorted(cells):
        row = cells[line]
        rows.append(
            line.ljust(width) + "".join(row.get(r, "").ljust(CELL_WIDTH) for r in roles).rstrip()
        )
    return "\n".join(rows) + "\n"


def render_module(cells: dict[str, dict[str, str]], roles: list[str]) -> str:
    return MODULE_HEADER + render_table(cells, roles) + '"""\n'


def parse_table(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    lines = [line for line in text.strip("\n").splitlines() if line.strip()]
    header = lines[0].split()
    assert header[0] == "url", "the table starts with its header line"
    roles = header[1:]
    table: dict[str, dict[str, str]] = {}
    for line in lines[1:]:
        name, *cells = line.split()
        if len(cells) != len(roles):
            raise AssertionError(f"matrix line {name!r} has {len(cells)} cells, not {len(roles)}")
        if name in table:
            raise AssertionError(f"matrix line {name!r} appears twice")
        table[name] = dict(zip(roles, cells, strict=True))
    return roles, table
