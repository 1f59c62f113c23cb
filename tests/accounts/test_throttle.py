"""Guessing passwords and flooding password resets, tried as an attacker would on every way in."""

import base64
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-an-toan-123"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"

DOORS = {
    "site": "/accounts/login/",
    "wagtail-admin": "/admin/login/",
    "django-admin": "/django-admin/login/",
}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    # Staff and superuser, so that a correct password gets in through every door, the admin ones included.
    return UserFactory(email="chu@example.vn", phone="0912345678", is_staff=True, is_superuser=True)


def attempt(client, door, login, password, address):
    return client.post(DOORS[door], {"username": login, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("door", DOORS)
def test_each_door_locks_after_five_failures(client, owner, door):
    for _ in range(4):
        response = attempt(client, door, owner.email, "sai", ATTACKER)
        assert response.status_code == 200  # the form again, with its error
    assert attempt(client, door, owner.email, "sai", ATTACKER).status_code == 429
    # Locked now: even the right password from this address is refused, through this door and every other.
    for other in DOORS:
        response = attempt(client, other, owner.email, PASSWORD, ATTACKER)
        assert response.status_code == 429, other
        assert not logged_in(client)
    assert "Too many failed log-in attempts" in response.content.decode()


@pytest.mark.parametrize("door", DOORS)
def test_a_stranger_cannot_lock_the_owner_out(client, owner, door):
    for _ in range(10):
        attempt(client, door, owner.email, "sai", ATTACKER)
    response = attempt(client, door, owner.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert logged_in(client)


def test_every_spelling_of_an_account_counts_together(client, owner):
    for login in ["0912345678", "+84 912 345 678", "84912345678", "CHU@example.vn", "chu@example.vn"]:
        attempt(client, "site", login, "sai", ATTACKER)
    assert attempt(client, "site", "0912 345 678", PASSWORD, ATTACKER).status_code == 429


def test_guessing_across_accounts_from_one_address_is_capped(client, owner, settings):
    settings.ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP = 8
    # Four tries each at many accounts stays under the per-account limit, but not under the address's.
    for i in range(2):
        for _ in range(4):
            assert attempt(client, "site", f"nguoi{i}@example.vn", "sai", ATTACKER).status_code in {200, 429}
    assert attempt(client, "wagtail-admin", owner.email, PASSWORD, ATTACKER).status_code == 429
    # Another address is not affected.
    assert attempt(client, "wagtail-admin", owner.email, PASSWORD, OWNER).status_code == 302


def test_logging_into_ones_own_account_does_not_reset_the_address_counter(client, owner, settings):
    settings.ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP = 6
    mine = UserFactory(email="ke-gian@example.vn")
    for i in range(5):
        attempt(client, "site", f"nan-nhan{i}@example.vn", "sai", ATTACKER)
        assert attempt(client, "site", mine.email, PASSWORD, ATTACKER).status_code == 302
        client.logout()
    assert attempt(client, "site", "nan-nhan9@example.vn", "sai", ATTACKER).status_code == 429


def test_success_clears_the_account_counter(client, owner):
    for _ in range(4):
        attempt(client, "site", owner.email, "sai", ATTACKER)
    assert attempt(client, "site", owner.email, PASSWORD, ATTACKER).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "site", owner.email, "sai", ATTACKER)
    assert attempt(client, "site", owner.email, PASSWORD, ATTACKER).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, owner, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for _ in range(5):
        attempt(client, "site", owner.email, "sai", ATTACKER)
    assert attempt(client, "site", owner.email, PASSWORD, ATTACKER).status_code == 429
    time.sleep(1.2)
    assert attempt(client, "site", owner.email, PASSWORD, ATTACKER).status_code == 302


def test_http_basic_on_the_api_is_throttled_too(client, owner):
    def basic(password):
        token = base64.b64encode(f"{owner.email}:{password}".encode()).decode()
        return client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR=ATTACKER)

    for _ in range(4):
        assert basic("sai").status_code in {401, 403}
    response = basic("sai")
    assert response.status_code == 429
    assert "error" in response.json()
    assert basic(PASSWORD).status_code == 429


def test_password_reset_is_throttled_per_email(client, owner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = reverse("accounts:password_reset")
    for _ in range(3):
        assert client.post(url, {"email": owner.email}).status_code == 302
    response = client.post(url, {"email": owner.email.upper()}, REMOTE_ADDR=OWNER)
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_address(client, owner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = reverse("accounts:password_reset")
    # 21 requests in a row (the flood the review sent): 10 answered, the rest refused; unknown e-mails count too.
    answers = [client.post(url, {"email": f"ai{i}@example.vn"}, REMOTE_ADDR=ATTACKER).status_code for i in range(21)]
    assert answers == [302] * 10 + [429] * 11
    assert client.post(url, {"email": owner.email}, REMOTE_ADDR=ATTACKER).status_code == 429
    assert mail.outbox == []
    # The owner, elsewhere, still gets the link.
    assert client.post(url, {"email": owner.email}, REMOTE_ADDR=OWNER).status_code == 302
    assert len(mail.outbox) == 1
