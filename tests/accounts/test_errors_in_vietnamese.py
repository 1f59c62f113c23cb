"""Errors in the person's language (issue 15): sign-up's per-field messages, the password-reset pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

LOCALE = Path(django_settings.BASE_DIR) / "locale"


@pytest.fixture
def vietnamese(settings):
    settings.LOCALE_PATHS = [LOCALE]  # the test settings switch project translations off
    with translation.override("vi"):
        yield


def _errors(response):
    return {name: [str(message) for message in messages] for name, messages in response.context["form"].errors.items()}


def test_empty_sign_up_says_what_each_field_needs_once(client, db):
    response = client.post(reverse("accounts:signup"), {})
    assert response.status_code == 200
    errors = _errors(response)
    assert set(errors) == {"full_name", "phone", "password1", "password2"}
    assert "__all__" not in errors  # no form-wide repeat of a field's message
    html = response.content.decode()
    assert "Constraint" not in html and "accounts_user_has_login" not in html
    everything = [message for messages in errors.values() for message in messages]
    assert len(everything) == len(set(everything)) == 4
    assert not get_user_model().objects.exists()


def test_empty_sign_up_in_vietnamese(client, db, vietnamese):
    html = client.post(reverse("accounts:signup"), {}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nhập họ và tên của bạn." in html
    assert "Nhập số điện thoại hoặc địa chỉ email" in html
    assert "Constraint" not in html
    assert html.count("Nhập số điện thoại hoặc địa chỉ email") == 1


def test_sign_up_with_only_a_phone_still_works(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"full_name": "Đỗ Thị Mai", "phone": "0903111222", "password1": "Hoc-tap-2026!", "password2": "Hoc-tap-2026!"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(phone="0903111222").full_name == "Đỗ Thị Mai"


def test_profile_without_any_login_is_refused_beside_the_field(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": user.full_name, "email": "", "phone": ""})
    assert response.status_code == 200
    errors = _errors(response)
    assert "phone" in errors and "__all__" not in errors
    user.refresh_from_db()
    assert user.email == "lan@example.vn"


@pytest.mark.parametrize("name", ["password_reset_done", "password_reset_complete"])
def test_password_reset_pages_answer(client, db, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 200
    assert reverse(f"accounts:{name}") in ("/accounts/password-reset/sent/", "/accounts/password-reset/done/")


def test_password_reset_pages_answer_under_production_settings(tmp_path):
    """/sent/ and /done/ under cms.settings.production (DEBUG off), in a fresh process.

    Two stand-ins, set before Django starts: a local-memory cache for the Redis production requires, and plain
    static files storage for the manifest one (which needs `collectstatic`, a deployment step, not a page's).
    """
    script = (
        "from django.conf import settings\n"
        "settings.CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='hoctap.example.vn')\n"
        "for path in ('/accounts/password-reset/sent/', '/accounts/password-reset/done/', '/accounts/password-reset/'):\n"
        "    print(path, c.get(path, secure=True).status_code)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "SECRET_KEY": "x7" * 20 + "production-test-key-abcdefghij",
        "ALLOWED_HOSTS": "hoctap.example.vn",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "SCORM_CONTENT_ORIGIN": "https://scorm.hoctap.example.vn",
        "BASE_URL": "https://hoctap.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:3] == [
        "/accounts/password-reset/sent/ 200",
        "/accounts/password-reset/done/ 200",
        "/accounts/password-reset/ 200",
    ], result.stderr[-3000:]
