"""The read-replica router: which connection each request reads from, and read-your-writes after a write.

The replica here is a test mirror (conftest.py): its own connection to the same database, so each query is
seen on the connection that ran it. deploy/local runs the same router against a real streaming replica.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms import db_router
from courses.models import CoursePage

from .servers import closed_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


@pytest.fixture
def routed(settings):
    """Production's replica settings (cms/settings/production.py) on the test settings."""
    settings.DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("cms.middleware.DatabaseUnavailableMiddleware") + 1, "cms.db_router.ReplicaMiddleware"
    )
    settings.MIDDLEWARE = middleware
    settings.DATABASE_REPLICA_PATHS = [r"^/search/", r"^/api/catalogue/"]
    settings.DATABASE_PIN_SECONDS = 10
    db_router._replica_down_until = 0.0
    # The first page view of a fresh database writes (the site settings' row): that one is the primary's.
    Client().get("/search/")
    yield
    db_router._replica_down_until = 0.0


def reads(client, path, **extra):
    """(response, the SQL the primary ran, the number of queries the replica ran) of one GET."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(path, **extra)
    return response, [query["sql"] for query in primary.captured_queries], len(replica.captured_queries)


def test_an_anonymous_visitor_reads_the_catalogue_from_the_replica(routed):
    response, on_primary, on_replica = reads(Client(), "/")
    assert response.status_code == 200
    assert on_replica > 0
    # Only the site settings, which Wagtail reads with get_or_create() (a read on the write database).
    assert all("cms_sitesettings" in sql for sql in on_primary), on_primary
    # Search reads the replica too (its raw full-text statement uses django.db.connection, the primary: see
    # cms.db_router.read_connection for the routed equivalent).
    response, on_primary, on_replica = reads(Client(), "/search/?q=ky+nang+so")
    assert response.status_code == 200
    assert on_replica > 0


def test_a_signed_in_person_reads_read_heavy_screens_from_the_replica_and_the_rest_from_the_primary(routed, user):
    client = Client()
    client.force_login(user)
    response, on_primary, on_replica = reads(client, "/api/catalogue/search?q=abc")
    assert response.status_code == 200
    assert on_replica > 0
    response, on_primary, on_replica = reads(client, "/my-learning/")
    assert response.status_code == 200
    assert on_primary
    assert on_replica == 0


def test_whoever_just_wrote_reads_from_the_primary_for_a_while(routed):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    pin = response.cookies[db_router.PIN_COOKIE]
    assert pin["max-age"] == 10
    assert pin["httponly"]
    response, on_primary, on_replica = reads(client, "/search/?q=abc")
    assert response.status_code == 200
    assert on_replica == 0
    assert on_primary
    # Once the pin has expired (the browser drops the cookie), the replica again.
    del client.cookies[db_router.PIN_COOKIE]
    assert reads(client, "/search/?q=abc")[2] > 0


def test_a_write_inside_a_request_sends_its_later_reads_to_the_primary_and_pins(routed):
    token_use = db_router._use_replica.set(True)
    token_wrote = db_router._wrote.set(False)
    try:
        assert router.db_for_read(CoursePage) == "replica"
        assert router.db_for_write(CoursePage) == "default"
        assert router.db_for_read(CoursePage) == "replica"  # get_or_create() asks for the write db to read
        with connections["default"].execute_wrapper(db_router.note_writes):
            CoursePage.objects.using("default").filter(pk=0).exists()
            assert router.db_for_read(CoursePage) == "replica"
            Session.objects.filter(pk="none").update(session_data="")
        assert router.db_for_read(CoursePage) == "default"
    finally:
        db_router._use_replica.reset(token_use)
        db_router._wrote.reset(token_wrote)
    # Outside a request the middleware chose, and for migrations, only the primary.
    assert router.db_for_read(CoursePage) == "default"
    assert router.allow_migrate("replica", "courses") is False
    assert router.allow_migrate("default", "courses") is True


def test_a_replica_that_is_down_sends_reads_to_the_primary_without_an_error(routed, monkeypatch):
    replica = connections["replica"]
    replica.close()
    monkeypatch.setattr(replica, "settings_dict", {**replica.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port()})
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = Client().get("/search/?q=abc")
        assert response.status_code == 200
        assert len(primary.captured_queries) > 0
        # Remembered for a few seconds: the next requests do not try (and wait) again.
        assert db_router._replica_down_until > 0
        assert db_router.replica_available() is False
    finally:
        replica.close()


def cut_replica_connection():
    """The replica's open connection dies, as when the replica server is stopped or restarted mid-traffic."""
    replica = connections["replica"]
    replica.ensure_connection()
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_replica_failing_during_a_request_is_retried_on_the_primary_without_a_500(routed):
    """The check at the request's start passed; the replica fails on the view's first read: the page is served."""
    cut_replica_connection()
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get("/search/?q=abc")
    assert response.status_code == 200
    assert primary.captured_queries  # the second run read from the primary
    assert response.wsgi_request.read_database == "default"
    assert db_router.PIN_COOKIE not in response.cookies  # a failure of the replica is not a write
    # Marked down in this process: routing sends reads to the primary, even inside a request that chose the
    # replica before (one in flight in another thread), until REPLICA_RETRY_SECONDS have passed.
    assert db_router.replica_marked_down()
    token = db_router._use_replica.set(True)
    try:
        assert router.db_for_read(CoursePage) == "default"
    finally:
        db_router._use_replica.reset(token)
    db_router._replica_down_until = 0.0
    assert reads(Client(), "/search/?q=abc")[2] > 0  # back on the replica once the pause is over


def test_an_anonymous_page_survives_the_replica_failing_and_an_api_answers_json(routed):
    cut_replica_connection()
    assert Client(raise_request_exception=False).get("/").status_code == 200
    db_router._replica_down_until = 0.0
    cut_replica_connection()
    response = Client(raise_request_exception=False).get("/api/catalogue/search?q=abc")
    assert response.status_code == 200
    assert response.json()


def test_a_database_error_on_the_primary_is_not_blamed_on_the_replica(routed, monkeypatch):
    primary = connections["default"]
    primary.close()
    monkeypatch.setattr(primary, "settings_dict", {**primary.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port()})
    try:
        # Search reads the replica and runs its full-text statement on the primary (read_connection's note).
        response = Client(raise_request_exception=False).get("/search/?q=abc")
        assert response.status_code == 500
        assert not db_router.replica_marked_down()
    finally:
        primary.close()
