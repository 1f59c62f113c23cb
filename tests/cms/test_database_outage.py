"""A database outage answers JSON endpoints with 503 {"error": ...}, not Django's HTML 500 page."""

import contextlib

import pytest
from django.db import connection
from django.test import Client

# The connection is closed and reopened against a dead address: it must not sit in a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_down():
    """Point the default connection at an address where nothing listens (a closed port, a missing folder)."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/outage.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # discard port: connection refused
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


JSON_ENDPOINTS = [
    ("/api/catalogue/search?q=an+toan", {}),
    ("/api/catalogue/autocomplete?q=an", {}),
    ("/api/v2/pages/", {}),
    # A 404 here: the database error comes from Wagtail's redirect lookup in a middleware, not from the view.
    ("/api/certificates/HT-2025-000001", {}),
    ("/api/hr/workers", {"HTTP_AUTHORIZATION": "Token 0123456789abcdef"}),
]


def test_json_endpoints_answer_an_outage_with_503_and_a_json_error():
    # One transactional test for every endpoint: each costs a database flush on PostgreSQL.
    client = Client(raise_request_exception=False)
    with database_down():
        answers = {path: client.get(path, **headers) for path, headers in JSON_ENDPOINTS}
        health = client.get("/healthz")
        page = client.get("/")
    for path, response in answers.items():
        assert response.status_code == 503, (path, response.content[:200])
        assert response["Content-Type"] == "application/json", path
        assert set(response.json()) == {"error"}, path
        assert response["Retry-After"], path
    # /healthz keeps its own contract; HTML pages keep Django's error page.
    assert health.status_code == 503 and health.json()["database"].startswith("error")
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")
    # And once the database is back, so is everything.
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/catalogue/search?q=an+toan").status_code == 200
