"""/readyz against real dependencies that are up, and really down (closed ports, a stopped Redis)."""

import datetime

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from .conftest import POSTGRES
from .servers import closed_port

pytestmark = pytest.mark.django_db(databases=["default", "replica"] if POSTGRES else ["default"])


def readyz():
    response = Client().get("/readyz")
    return response.status_code, response.json()


def redis_cache(url):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_ready_when_every_dependency_answers():
    status, body = readyz()
    assert status == 200
    assert body["status"] == "ready"
    assert body["down"] == []
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "private_storage": "ok",
        "search": body["checks"]["search"],
        "tasks": "immediate",
        **({"replica": "ok"} if POSTGRES else {}),
    }
    assert body["checks"]["search"] in {"ok", "disabled"}


def test_a_cache_on_a_closed_port_is_503_naming_the_cache(settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
    status, body = readyz()
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"] == "error: ConnectionError"
    assert body["checks"]["database"] == "ok"


def test_a_redis_that_stops_turns_readiness_to_503_and_back(settings, redis_server):
    settings.CACHES = redis_cache(redis_server.url)
    assert readyz()[0] == 200
    redis_server.stop()
    status, body = readyz()
    assert status == 503
    assert body["down"] == ["cache"]


def test_object_storage_that_does_not_answer_is_503_naming_it(settings, s3_storages):
    assert readyz()[0] == 200  # both buckets on the S3 server answer
    options = {**settings.STORAGES["private"]["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{closed_port()}"}
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"], "OPTIONS": options}}
    status, body = readyz()
    assert status == 503
    assert body["down"] == ["private_storage"]
    assert body["checks"]["storage"] == "ok"


def test_a_missing_bucket_is_503(settings, s3_storages):
    options = {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket"}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": options}}
    status, body = readyz()
    assert status == 503
    assert body["down"] == ["storage"]


def test_a_task_queue_without_a_worker_is_reported_but_ready(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    status, body = readyz()
    assert (status, body["checks"]["tasks"]) == (200, "ok")
    assert "warnings" not in body
    DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="certificates.tasks.render",
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=timezone.now() - datetime.timedelta(minutes=20),
    )
    status, body = readyz()
    assert status == 200
    assert body["warnings"]["tasks"].startswith("stalled: a task has waited 1")


@pytest.mark.postgres
def test_a_replica_that_is_down_is_reported_and_the_server_stays_ready(monkeypatch):
    replica = connections["replica"]
    replica.close()
    # Its own settings (a mirror shares the default's dict), on a closed port.
    down = {**replica.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port()}
    monkeypatch.setattr(replica, "settings_dict", down)
    try:
        status, body = readyz()
    finally:
        replica.close()
    assert status == 200
    assert body["checks"]["replica"] == "error: OperationalError"
    assert body["warnings"]["replica"] == "down: reads go to the primary"
