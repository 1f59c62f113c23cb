"""Production settings refuse to start without real secrets; with them, `check --deploy` passes."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3J9x-QpL2m7Vz8rT4wYb6Nc1Hd5Fg0Sa_e!uIoPlKjMnBvCxZq"
# `check` never connects to Redis: any URL will do.
PRODUCTION_ENV = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "hoctap.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6399/0",
    "SCORM_CONTENT_ORIGIN": "https://scorm.hoctap.example.vn",
}


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
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
        # Without a shared cache each worker process would count log-in failures apart.
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "hoctap.example.vn"}, "REDIS_URL"),
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
        env_overrides=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dev_settings_default_to_sqlite_and_vietnamese():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def test_production_settings_share_one_cache_for_throttles_and_sessions():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.AXES_HANDLER, "
        "settings.AUTHENTICATION_BACKENDS[0])"
    )
    result = run_manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        # Django's RedisCache, whose failures to reach Redis are misses (docs/deploy.md, tests/deploy/).
        "cms.cache.SoftRedisCache",
        "django.contrib.sessions.backends.cached_db",
        "accounts.throttle.LoginThrottleHandler",
        "axes.backends.AxesStandaloneBackend",
    ]


def test_production_responses_carry_the_security_headers():
    code = (
        "from django.test import Client; "
        "r = Client().get('/healthz', secure=True, HTTP_HOST='hoctap.example.vn'); "
        "print(repr({k: r.get(k, '') for k in ['Content-Security-Policy', 'Permissions-Policy', "
        "'Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy']}))"
    )
    result = run_manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    headers = ast.literal_eval(result.stdout.splitlines()[-1])
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "https://scorm.hoctap.example.vn" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
