"""Two app servers (gunicorn, production settings) over one PostgreSQL, one Redis and one
object store, with the task worker (`manage.py db_worker`) running on its own: whichever
server answers a request, the person is the same person, the same limits count, the same
files and PDFs come back and the same messages are there.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as production does; the object store
is the local S3 server of tests/object_store.py. The portal gets a database of its own,
loaded with the demo (`seed_demo`), since the servers cannot see the test's transaction.
"""

import os
import re
import subprocess
import sys
import time
import urllib.parse
import uuid

import pytest
from django.db import connection

from tests import files
from tests import object_store as stores
from tests.titleportal.test_object_store import follow
from tests.titleportal.test_production import BASE_DIR, HOST, _start_server, fetch, production_env

pytestmark = pytest.mark.postgres

s3_server = stores.s3_server
ZHANG, LI, SUN = "13800000001", "13800000002", "13800000006"
DEMO_PASSWORD = "Portal#2026demo"
# A first PDF render on a busy machine may take a while; gunicorn waits as long.
TIMEOUT = 120


class Browser:
    """One person's cookies, sent to whichever server a request goes to."""

    def __init__(self, database):
        self.cookies: dict[str, str] = {}
        self.database = database

    def _take(self, response):
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, url):
        response = fetch(url, headers={"Cookie": self._header()}, timeout=TIMEOUT)
        self._take(response)
        return response

    def post(self, url, fields: dict, upload=None, *, form: str = ""):
        """Send ``fields`` (and ``upload``: field, file name, bytes, type) as the form of the
        page at ``form`` (by default ``url``) would, with its CSRF token and captcha."""
        page = self.get(form or url).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {**fields, "csrfmiddlewaretoken": token}
        captcha = re.search(r'name="captcha_0" value="([^"]+)"', page)
        if captcha:  # read the answer where the captcha keeps it, as a person reads the picture
            data.update(captcha_0=captcha.group(1), captcha_1=self.database.captcha(captcha[1]))
        if upload:
            body, content_type = multipart(data, upload)
        else:
            body = urllib.parse.urlencode(data).encode()
            content_type = "application/x-www-form-urlencoded"
        path = urllib.parse.urlsplit(url).path
        response = fetch(
            url,
            data=body,
            headers={
                "Cookie": self._header(),
                "Content-Type": content_type,
                "Referer": f"https://{HOST}{path}",
            },
            timeout=TIMEOUT,
        )
        self._take(response)
        return response

    def _header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, server, login, password=DEMO_PASSWORD):
        return self.post(server + "/accounts/login/", {"login": login, "password": password})


def multipart(fields: dict, upload: tuple[str, str, bytes, str]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    field, filename, content, content_type = upload
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class PortalDatabase:
    """The portal's own database, read by the test as an operator would (psql)."""

    def __init__(self, name, admin):
        self.name, self.admin = name, admin

    def query(self, sql, params=()):
        import psycopg

        with psycopg.connect(dbname=self.name, autocommit=True, **self.admin) as pg:
            return pg.execute(sql, params).fetchall()

    def captcha(self, hashkey):
        return self.query(
            "SELECT response FROM captcha_captchastore WHERE hashkey = %s", [hashkey]
        )[0][0]


@pytest.fixture(scope="module")
def cluster(s3_server, tmp_path_factory):
    """Servers A and B (one gunicorn worker each) and the task worker, sharing everything;
    started once for the tests of this file (loading the demo takes a while)."""
    import psycopg

    from tests.conftest import _missing

    if connection.vendor != "postgresql":
        _missing(
            "This test needs PostgreSQL", "run it with DATABASE_URL=postgres://… and REDIS_URL"
        )
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        _missing("This test needs Redis, shared by the app servers", "set REDIS_URL")
    tmp_path = tmp_path_factory.mktemp("two-servers")
    params = connection.get_connection_params()
    admin = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
    name = f"{connection.settings_dict['NAME']}_two_servers"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['user']}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    store = stores.new_bucket(s3_server)
    extra = {
        **store.environment(),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex[:8]}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # Every queue export goes to the task worker.
        "EXPORT_INLINE_MAX_ROWS": "0",
        "STAFF_DEVICE_REMEMBER_DAYS": "0",
        "GUNICORN_CMD_ARGS": f"--timeout {TIMEOUT}",
    }
    env = production_env(tmp_path, url, static=False, extra_env=extra)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [*manage, *command],
            env=env,
            check=True,
            cwd=BASE_DIR,
            timeout=600,
            stdout=subprocess.DEVNULL,
        )
    processes = []
    try:
        a, base_a = _start_server(
            tmp_path, url, static=False, extra_env=extra, prepare=False, workers=1
        )
        processes.append(a)
        b, base_b = _start_server(
            tmp_path, url, static=False, extra_env=extra, prepare=False, workers=1
        )
        processes.append(b)
        worker = subprocess.Popen(
            [*manage, "db_worker", "--interval", "0.5", "--no-startup-delay"],
            env=env,
            cwd=BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(worker)
        yield base_a, base_b, store, PortalDatabase(name, admin)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_any_server_answers_for_the_same_person(cluster):
    a, b, store, database = cluster

    # Signed in on A, the person goes on on B: the session is in the shared database.
    zhang = Browser(database)
    assert zhang.sign_in(a, ZHANG).status == 302
    mine = zhang.get(b + "/certificates/mine/")
    assert mine.status == 200
    page = mine.read().decode()
    assert "张三" in page

    # A certificate PDF made on A is in the bucket; B hands out the same file.
    pdf_path = re.search(r'href="(/certificates/mine/\d+/pdf/)"', page).group(1)
    made = zhang.get(a + pdf_path)
    assert made.status == 302
    again = zhang.get(b + pdf_path)
    assert again.status == 302
    key_a = urllib.parse.urlsplit(made.headers["Location"]).path
    key_b = urllib.parse.urlsplit(again.headers["Location"]).path
    assert key_a == key_b
    data = follow(made.headers["Location"]).read()
    assert data.startswith(b"%PDF")
    assert follow(again.headers["Location"]).read() == data
    assert key_a.split(f"/{store.bucket}/", 1)[1] in store.names("certificates/")

    # Uploaded on B, downloaded through A.
    form = zhang.get(b + "/certificates/historical/new/").read().decode()
    qualification = re.search(
        r'<select name="qualification"[^>]*>.*?<option value="(\d+)"', form, re.S
    )
    office = re.search(r'<select name="granting_office"[^>]*>.*?<option value="(\d+)"', form, re.S)
    sent = zhang.post(
        b + "/certificates/historical/new/",
        {
            "number": "TWO-SERVERS-1",
            "qualification": qualification.group(1),
            "specialty_name": "林业工程",
            "issuing_body": "广西流动人员职称改革办公室",
            "granting_office": office.group(1),
            "approved_on": "2016-07-01",
        },
        upload=("certificate_scan", "scan.jpg", files.image_bytes(), "image/jpeg"),
    )
    assert sent.status == 302, sent.read().decode()[:2000]
    [(pk, scan)] = database.query(
        "SELECT id, certificate_scan FROM certificates_historicalcertificate WHERE number = %s",
        ["TWO-SERVERS-1"],
    )
    assert scan in store.names()
    download = zhang.get(f"{a}/certificates/historical/{pk}/scan/")
    assert download.status == 302
    assert follow(download.headers["Location"]).read() == store.read(scan)
    # Someone else gets nothing from either server.
    li = Browser(database)
    assert li.sign_in(b, LI).status == 302
    for server in (a, b):
        assert li.get(f"{server}/certificates/historical/{pk}/scan/").status == 404


def test_failed_sign_ins_count_across_the_servers(cluster):
    a, b, _store, database = cluster
    # 5 failed sign-ins lock the account for 15 minutes, wherever they were tried.
    for server in (a, b, a, b, a):
        answer = Browser(database).sign_in(server, LI, "wrong-password")
        assert answer.status == 200
    for server in (a, b):
        refused = Browser(database).sign_in(server, LI).read().decode()
        assert "登录失败次数过多" in refused


def test_an_export_written_by_the_task_worker_arrives_on_either_server(cluster):
    """The export is asked for on B, written by the separate task worker into the bucket,
    announced in 我的消息 (seen on B) and downloaded through A."""
    a, b, store, database = cluster
    sun = Browser(database)
    assert sun.sign_in(a, SUN).status == 302
    # 孙八 acts for his office (he also holds other roles), chosen on A, kept on B.
    choose = a + "/me/role/choose/"
    office = re.search(r'name="role" value="(office_staff:\d+)"', sun.get(choose).read().decode())
    assert sun.post(a + "/me/role/", {"role": office.group(1)}, form=choose).status == 302
    asked = sun.get(b + "/reviews/queue/export.xlsx")
    assert asked.status == 302, asked.status
    job = asked.headers["Location"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = database.query(
            "SELECT status, file FROM reviews_exportlog ORDER BY id DESC LIMIT 1"
        )[0]
        if done[0] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert done[0] == "done", done
    assert done[1] in store.names()
    messages = sun.get(b + "/messages/").read().decode()
    assert "您导出的申报信息已生成" in messages
    download = sun.get(a + urllib.parse.urlsplit(job).path + "download/")
    assert download.status == 302
    assert follow(download.headers["Location"]).read() == store.read(done[1])
