"""The portal under production settings: a real gunicorn server with DEBUG=0."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
HOST = "zhicheng.example.gov.cn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(work: Path, database_url: str, *, static: bool = True, extra_env=None):
    """The environment of a portal process under production settings (DEBUG=0)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "titleportal.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k9Xf2-production-smoke-test-secret-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "zhicheng.example.gov.cn",
            "EMAIL_HOST": "smtp.example.gov.cn",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "VAR_DIR": str(work),
            # Without collected static files the manifest storage cannot be used.
            "STATIC_MANIFEST": "1" if static else "0",
            **(extra_env or {}),
        }
    )
    return env


def _start_server(
    work: Path,
    database_url: str,
    *,
    static: bool = True,
    extra_env=None,
    prepare: bool = True,
    workers: int = 2,
):
    """gunicorn under production settings on a free port: (the process, its base URL).
    ``prepare`` migrates (and collects static files) first."""
    env = production_env(work, database_url, static=static, extra_env=extra_env)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    commands = [["migrate", "--noinput", "-v0"]] if prepare else []
    if static and prepare:
        commands.append(["collectstatic", "--noinput", "-v0"])
    for command in commands:
        subprocess.run([*manage, *command], env=env, check=True, cwd=BASE_DIR, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "titleportal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    # The master listens before its workers have loaded the portal: wait until one answers
    # (any status), so that a busy machine's slow start is not taken for a failure.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST}),
                timeout=30,
            ).close()
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def production_work(tmp_path_factory):
    return tmp_path_factory.mktemp("production")


@pytest.fixture(scope="module")
def production_server(production_work):
    work = production_work
    server, url = _start_server(work, f"sqlite:///{work / 'db.sqlite3'}")
    yield url
    server.terminate()
    server.wait(timeout=60)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, *, https=True, data=None, headers=None, timeout=30):
    request = urllib.request.Request(url, data=data, headers={"Host": HOST, **(headers or {})})
    if https:  # as the TLS-terminating proxy would say
        request.add_header("X-Forwarded-Proto", "https")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/certificates/verify/"])
def test_pages_are_served_with_security_headers(production_server, path):
    response = fetch(production_server + path)
    assert response.status == 200
    body = response.read().decode()
    assert "职称服务平台" in body
    headers = response.headers
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "preload" in headers["Strict-Transport-Security"]
    policy = headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'self'" in directives["script-src"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    # Any inline script carries this response's nonce; all others come from our origin.
    nonces = [v[len("'nonce-") : -1] for v in directives["script-src"] if v.startswith("'nonce-")]
    for attrs, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", body, re.DOTALL):
        if 'src="' in attrs:
            assert re.search(r'src="/static/', attrs), attrs
        elif content.strip():
            assert nonces and f'nonce="{nonces[0]}"' in attrs, attrs
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    for cookie in headers.get_all("Set-Cookie") or []:
        assert "Secure" in cookie, cookie


def test_plain_http_is_redirected_to_https(production_server):
    response = fetch(production_server + "/", https=False)
    assert response.status == 301
    assert response.headers["Location"].startswith("https://zhicheng.example.gov.cn/")


def test_static_files_are_served_with_long_cache(production_server):
    page = fetch(production_server + "/").read().decode()
    css = page.split('href="/static/css/portal.')[1].split('"')[0]
    response = fetch(f"{production_server}/static/css/portal.{css}")
    assert response.status == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_private_files_are_not_served_by_url(production_server, production_work):
    """Under MEDIA_ROOT, not reachable at the X-Accel-Redirect location (nginx's `internal`
    one), nor as media or static files: only the permission-checked views hand files out."""
    stored = production_work / "media" / "attachments" / "2026" / "a1b2c3d4.pdf"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"%PDF-1.7 private")
    for prefix in ("/protected-media/", "/media/", "/static/", "/"):
        response = fetch(f"{production_server}{prefix}attachments/2026/a1b2c3d4.pdf")
        assert response.status == 404, prefix
        assert b"private" not in response.read()


def test_unknown_host_is_refused(production_server):
    request = urllib.request.Request(
        production_server + "/", headers={"Host": "evil.example.com", "X-Forwarded-Proto": "https"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 400


def test_database_restart_does_not_need_a_portal_restart(postgres, tmp_path):
    """gunicorn workers keep their database connections; after the server dropped them (as a
    restart does) the next requests still succeed, because connections are checked first."""
    import psycopg

    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_restart"
    admin = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['user']}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    server, base = _start_server(tmp_path, url, static=False)
    try:
        for _ in range(4):  # both workers open their persistent connection
            assert fetch(base + "/healthz").status == 200
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            killed = pg.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                [name],
            ).fetchone()[0]
        assert killed >= 1
        for _ in range(6):
            assert fetch(base + "/healthz", https=False).status == 200
    finally:
        server.terminate()
        server.wait(timeout=60)
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _last_line_of(code: str, env: dict) -> str:
    """The last line ``code`` prints, run in a fresh Python process with ``env``."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(("setting", "loaded"), [("1", True), ("0", False)])
def test_an_app_server_worker_loads_the_pdf_libraries_as_it_starts(tmp_path, setting, loaded):
    """Without it the first PDF of every worker waited about 2 s for WeasyPrint and pyHanko."""
    env = production_env(
        tmp_path,
        "sqlite:///" + str(tmp_path / "db.sqlite3"),
        static=False,
        extra_env={"PDF_LIBRARIES_AT_START": setting},
    )
    probe = "import sys, titleportal.wsgi; print(sorted({'weasyprint', 'pyhanko.sign.signers'} & set(sys.modules)))"
    out = _last_line_of(probe, env)
    assert out == (str(["pyhanko.sign.signers", "weasyprint"]) if loaded else "[]")


@pytest.mark.postgres
@pytest.mark.parametrize(("module", "expected"), [("titleportal.wsgi", "0"), ("django", None)])
def test_an_app_server_runs_no_parallel_query_plans(tmp_path, postgres, module, expected):
    """At a million applications the pages' queries went parallel, two more processes
    started for each; an app server asks for none. Other processes (the task worker) keep
    the database server's setting."""
    from django.db import connection

    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    env = production_env(tmp_path, url, static=False, extra_env={"PDF_LIBRARIES_AT_START": "0"})
    env.pop("PG_PARALLEL_WORKERS_PER_GATHER", None)
    probe = (
        f"import {module}, django; django.setup() if {module!r} == 'django' else None; "
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW max_parallel_workers_per_gather'); print(c.fetchone()[0])"
    )
    out = _last_line_of(probe, env)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        server = cursor.fetchone()[0]
    assert out == (expected or server)
