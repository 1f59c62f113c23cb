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


def test_a_publish_while_redis_is_unreachable_is_not_followed_by_stale_pages_once_it_is_back(redis_then_outage, course):
    """Redis answers nothing for a while (a network cut, a stalled server) then comes back with its data."""
    import redis

    from cms import page_cache

    assert Client().get(course.url)["X-Page-Cache"] == "miss"
    assert Client().get(course.url)["X-Page-Cache"] == "hit"
    server = redis.Redis.from_url(redis_then_outage.url)
    server.client_pause(60_000)  # every client's commands wait: ours time out after 1 s
    try:
        course.title = "Tiêu đề sau khi xuất bản"
        course.save_revision().publish()  # the new generation cannot be stored
        # Meanwhile anonymous pages are rendered, not served from (or stored in) the cache.
        during = Client().get(course.url)
        assert during.status_code == 200
        assert "X-Page-Cache" not in during
    finally:
        server.client_unpause()
    assert page_cache._pending_invalidation
    after = Client().get(course.url)
    assert after["X-Page-Cache"] == "miss"
    assert "Tiêu đề sau khi xuất bản" in after.content.decode()
    assert not page_cache._pending_invalidation
    assert Client().get(course.url)["X-Page-Cache"] == "hit"
