import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, resolve

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p8Zk1vQ-7mX2rT9wB4nL6yH3cF0sD5gJ8aE1uK7oI2pR9tY4eW6qZ3xV0bN5mC8l",
    "ALLOWED_HOSTS": "zhicheng.example.gov.cn",
    "EMAIL_HOST": "smtp.example.gov.cn",
    "DATABASE_URL": os.environ.get(
        "DATABASE_URL", "sqlite:////tmp/titleportal-deploy-check.sqlite3"
    ),
}


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "titleportal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_silent_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing is silenced either: a warning cannot hide in SILENCED_SYSTEM_CHECKS.
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", "--deploy", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    served = subprocess.run(
        [sys.executable, "-c", "import titleportal.wsgi"],
        cwd=BASE_DIR,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "titleportal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert served.returncode != 0
    assert "SECRET_KEY must be set" in served.stderr


def test_migrations_are_checked_without_secret_key_or_debug():
    """`makemigrations --check` signs nothing, so it runs with neither DEBUG nor a key."""
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "DEBUG": "0"}
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def _setting(name, env_overrides):
    code = f"import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.{name}, default=str))"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "titleportal.settings", "DEBUG": "1", **env_overrides})
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_embedded_defaults_are_sqlite_under_var_and_local_memory_cache():
    assert "sqlite3" in _setting("DATABASES['default']['ENGINE']", {})
    assert str(BASE_DIR / "var" / "db.sqlite3") in _setting("DATABASES['default']['NAME']", {})
    assert "LocMemCache" in _setting("CACHES['default']['BACKEND']", {})


def test_database_and_redis_come_from_the_environment():
    env = {
        "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
        "REDIS_URL": "redis://cache.internal:6379/2",
    }
    assert "postgresql" in _setting("DATABASES['default']['ENGINE']", env)
    assert "db.internal" in _setting("DATABASES['default']['HOST']", env)
    assert "RedisWithLocalFallback" in _setting("CACHES['default']['BACKEND']", env)


def test_captcha_test_hook_is_ignored_without_debug():
    assert (
        _setting(
            "CAPTCHA_TEST_MODE", {"DEBUG": "0", "SECRET_KEY": "x" * 60, "CAPTCHA_TEST_MODE": "1"}
        )
        == "false"
    )
    assert _setting("CAPTCHA_TEST_MODE", {"DEBUG": "1", "CAPTCHA_TEST_MODE": "1"}) == "true"


def test_private_media_is_outside_static_and_not_routed():
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert not media_root.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert all(
        not media_root.is_relative_to(Path(d if isinstance(d, str | Path) else d[1]).resolve())
        for d in settings.STATICFILES_DIRS
    )
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None
    with pytest.raises(Resolver404):
        resolve("/media/licences/x.jpg")


@pytest.mark.django_db
def test_private_file_is_not_served_under_static(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        (tmp_path / "secret.txt").write_text("private")
        assert client.get("/static/secret.txt").status_code == 404
        assert client.get("/media/secret.txt").status_code == 404


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


def test_migration_check_runs_on_a_fresh_clone_without_its_var_folder(tmp_path):
    """`make lint` on a new checkout: the embedded SQLite database's folder does not exist yet."""
    var = tmp_path / "var"
    env = {"VAR_DIR": str(var), "DATABASE_URL": "", "SECRET_KEY": "", "DEBUG": "0"}
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
