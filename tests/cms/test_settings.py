"""Production settings refuse to start without real secrets; with them, `check --deploy` passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3J9x-QpL2m7Vz8rT4wYb6Nc1Hd5Fg0Sa_e!uIoPlKjMnBvCxZq"


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": "sqlite:///:memory:"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ALLOWED_HOSTS": "hoctap.example.vn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "hoctap.example.vn"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production-xxxxxxxx", "ALLOWED_HOSTS": "h.vn"},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_real_settings(overrides, message):
    result = run_manage("check", env_overrides=overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "hoctap.example.vn"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dev_settings_default_to_sqlite_and_vietnamese():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
