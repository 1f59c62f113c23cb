"""A Redis outage: signed-in people keep their sessions (read from the database), anonymous pages still render."""

import pytest
from django.test import Client

from tests.conftest import restore_migrated_data

from .servers import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_then_outage(settings, redis_server, db):
    """Production's session engine and page cache on a real Redis, which the test then stops."""
    restore_migrated_data()  # a reused test database may have been flushed by a transactional test
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.SoftRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.csrf.CsrfViewMiddleware") + 1, "cms.page_cache.AnonymousPageCacheMiddleware"
    )
    settings.MIDDLEWARE = middleware
    return redis_server


def test_a_signed_in_learner_keeps_their_session_while_redis_is_down(redis_then_outage, user, course):
    from django.core.cache import cache

    client = Client()
    client.force_login(user)
    assert client.get("/my-learning/").status_code == 200
    redis_then_outage.stop()
    response = client.get("/my-learning/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user  # still signed in: not sent to the log-in page
    # Anonymous visitors: the page cache is skipped, the page rendered.
    assert Client().get(course.url).status_code == 200
    # Counters still refuse rather than silently stop counting.
    with pytest.raises(Exception):  # noqa: B017, PT011 - redis' ConnectionError
        cache.incr("throttle:some-key")


def test_the_stock_cached_db_engine_fails_there(settings, user):
    """Why cms.cache.SoftRedisCache exists: with the stock RedisCache, sessions fail when Redis is unreachable."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client = Client(raise_request_exception=False)
    with pytest.raises(Exception):  # noqa: B017, PT011 - redis' ConnectionError, whichever wrapper
        client.force_login(user)
