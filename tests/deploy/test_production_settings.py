"""Production settings read from the environment (a fresh interpreter each, as a server starts)."""

import json
import subprocess
import sys

from .servers import env_without_django

PRINT = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "storages": {alias: settings.STORAGES[alias]["BACKEND"] for alias in ("default", "private")},
    "media_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "databases": {alias: {k: db.get(k) for k in ("HOST", "PORT", "NAME", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS",
        "DISABLE_SERVER_SIDE_CURSORS", "OPTIONS")} for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
    "cache": settings.CACHES["default"],
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "session_secure": settings.SESSION_COOKIE_SECURE,
}, default=str))
"""

BASE = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x" * 10 + "a-long-random-production-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "hoctap.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgres://app@127.0.0.1:6432/hoctap",
}


def production(**env):
    result = subprocess.run(
        [sys.executable, "-c", PRINT], env=env_without_django(**BASE, **env), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_object_storage_or_a_replica_files_stay_on_local_disk_and_one_database_serves():
    found = production()
    assert found["storages"] == {
        "default": "django.core.files.storage.FileSystemStorage",
        "private": "cms.storage.PrivateFileSystemStorage",
    }
    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert "cms.db_router.ReplicaMiddleware" not in found["middleware"]
    assert found["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] in (None, False)
    assert found["cache"]["OPTIONS"] == {"socket_connect_timeout": 2, "socket_timeout": 2}
    assert found["session_secure"] is True


def test_object_storage_a_replica_and_pgbouncer_from_the_environment():
    found = production(
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
        S3_MEDIA_BUCKET="media",
        S3_PRIVATE_BUCKET="private",
        S3_MEDIA_URL="https://cdn.hoctap.example/media",
        DATABASE_REPLICA_URL="postgres://app@127.0.0.1:6432/hoctap_replica",
        DATABASE_POOLER="pgbouncer",
    )
    assert found["storages"] == {
        "default": "cms.storage_s3.PublicS3Storage",
        "private": "cms.storage_s3.PrivateS3Storage",
    }
    assert found["media_options"]["custom_domain"] == "cdn.hoctap.example/media"
    assert found["media_options"]["addressing_style"] == "path"
    assert "https://cdn.hoctap.example" in found["img_src"]
    replica = found["databases"]["replica"]
    assert replica["NAME"] == "hoctap_replica"
    assert found["routers"] == ["cms.db_router.ReplicaRouter"]
    middleware = found["middleware"]
    assert middleware.index("cms.db_router.ReplicaMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    for database in found["databases"].values():
        # pgbouncer in transaction mode: no server-side cursors, no prepared statements; bounded connects.
        assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert database["OPTIONS"]["prepare_threshold"] is None
        assert database["OPTIONS"]["connect_timeout"] == 3
        assert database["CONN_HEALTH_CHECKS"] is True
    assert middleware.index("cms.page_cache.AnonymousPageCacheMiddleware") == (
        middleware.index("django.middleware.csrf.CsrfViewMiddleware") + 1
    )
