"""Sign-up, log-in by phone or e-mail, the profile and password reset (throttles: test_throttle.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "mat-khau-an-toan-123"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def signup_data(**overrides):
    data = {
        "full_name": "Phạm Thị Hoa",
        "email": "",
        "phone": "+84 912 000 111",
        "date_of_birth": "1995-04-30",
        "employer_name": "Công ty May Việt Tiến",
        "password1": "Hoc-tap-suot-doi-2025",
        "password2": "Hoc-tap-suot-doi-2025",
    }
    data.update(overrides)
    return data


def test_signup_with_phone_logs_in_and_normalises(client):
    response = client.post(reverse("accounts:signup"), signup_data())
    assert response.status_code == 302 and response["Location"] == reverse("learning:my_learning")
    user = User.objects.get(full_name="Phạm Thị Hoa")
    assert user.phone == "0912000111" and user.email is None and user.employer_name == "Công ty May Việt Tiến"
    assert str(user.date_of_birth) == "1995-04-30"
    assert client.get(reverse("learning:my_learning")).status_code == 200


def test_signup_with_email_follows_safe_next_only(client):
    response = client.post(reverse("accounts:signup"), signup_data(phone="", email="hoa@example.vn", next="/khoa-hoc/"))
    assert response["Location"] == "/khoa-hoc/"
    client.logout()
    response = client.post(reverse("accounts:signup"), signup_data(phone="0933000222", next="https://evil.example/"))
    assert response["Location"] == reverse("learning:my_learning")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"phone": "0123"}, "phone"),
        ({"phone": "02812345678"}, "phone"),  # a landline, not a mobile number
        ({"phone": "", "email": ""}, "phone"),  # said once, beside the field (issue 15)
        ({"password2": "khac-nhau-999"}, "password2"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_signup_rejects_bad_input(client, overrides, field):
    response = client.post(reverse("accounts:signup"), signup_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else errors.get("__all__")
    assert not User.objects.exists()


def test_signup_rejects_taken_phone_and_email(client):
    UserFactory(email="Hoa@Example.vn", phone="0912000111")
    response = client.post(reverse("accounts:signup"), signup_data(phone="0912 000 111"))
    assert "phone" in response.context["form"].errors
    response = client.post(reverse("accounts:signup"), signup_data(phone="", email="hoa@example.VN"))
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1


@pytest.mark.parametrize("login", ["lan@example.vn", "LAN@example.vn", "0912345678", "+84912345678", "0912 345 678"])
def test_login_by_email_or_phone(client, user, login):
    response = client.post(reverse("accounts:login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_profile_requires_login_and_saves(client, user):
    url = reverse("accounts:profile")
    assert client.get(url).status_code == 302
    client.force_login(user)
    assert client.get(url).status_code == 200
    data = {
        "full_name": "Trần Thị Lan Anh",
        "email": "lan@example.vn",
        "phone": "84 987 111 222",
        "date_of_birth": "",
        "employer_name": "Công ty Điện tử Samsung",
    }
    assert client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Trần Thị Lan Anh" and user.phone == "0987111222"


def test_profile_rejects_a_phone_of_someone_else(client, user):
    UserFactory(phone="0987111222")
    client.force_login(user)
    data = {"full_name": "Lan", "email": "lan@example.vn", "phone": "0987111222", "employer_name": ""}
    response = client.post(reverse("accounts:profile"), data)
    assert "phone" in response.context["form"].errors
    user.refresh_from_db()
    assert user.phone == "0912345678"


def test_password_reset_by_email(client, user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:password_reset"), {"email": "lan@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert (
        client.post(reverse("accounts:login"), {"username": "0912345678", "password": "Mat-khau-moi-2025"}).status_code
        == 302
    )


def test_password_reset_unknown_address_sends_nothing(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302 and mail.outbox == []
