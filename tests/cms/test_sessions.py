"""Sessions end after SESSION_COOKIE_AGE idle seconds; activity moves the end forward (at most every few minutes)."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-an-toan-123"


@pytest.fixture
def logged_in(client, db):
    user = UserFactory(email="lan@example.vn")
    assert client.post("/accounts/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def stored(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_a_session_lasts_a_few_idle_hours_not_weeks(logged_in, settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    left = stored(logged_in).expire_date - timezone.now()
    assert timedelta(hours=3) < left <= timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_an_idle_session_ends(logged_in):
    Session.objects.filter(pk=stored(logged_in).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = logged_in.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activity_keeps_the_session_alive(logged_in, settings):
    session = stored(logged_in)
    # Fifteen minutes before the idle end, and the last refresh long ago: the next request pushes the end back.
    data = session.get_decoded()
    data["_idle_refreshed"] = int(time.time()) - settings.SESSION_IDLE_REFRESH_SECONDS - 1
    soon = timezone.now() + timedelta(minutes=15)
    Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data), expire_date=soon)
    assert logged_in.get("/accounts/profile/").status_code == 200
    assert stored(logged_in).expire_date > timezone.now() + timedelta(hours=3)
    assert int(logged_in.cookies["sessionid"]["max-age"]) == settings.SESSION_COOKIE_AGE


def test_requests_close_together_do_not_rewrite_the_session(logged_in):
    before = stored(logged_in)
    Session.objects.filter(pk=before.pk).update(expire_date=before.expire_date - timedelta(minutes=1))
    assert logged_in.get("/accounts/profile/").status_code == 200
    assert stored(logged_in).expire_date == before.expire_date - timedelta(minutes=1)
