"""Readiness: whether this app server can serve requests now, dependency by dependency (GET /readyz).

`/healthz` stays the cheap liveness probe (database and search). `/readyz` also asks the shared cache, both
storages, the task queue and, when there is one, the read replica: 200 when all answer, 503 with JSON naming
each one that does not. A replica that is down or a task queue without a worker is reported but keeps the
server ready: reads fall back to the primary (cms.db_router), and tasks wait in the queue until a worker runs.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .views import search_health

# A ready task nobody has picked up for this long means no worker is running.
TASKS_STALL_SECONDS = 300


def _error(exc):
    return f"error: {exc.__class__.__name__}"


def check_database(alias=DEFAULT_DB_ALIAS):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - a check reports, it does not raise
        return _error(exc)
    return "ok"


def check_cache():
    """Write, read back and delete a key: a cache that only half answers (read-only replica, full memory) fails."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        # add(), not set(): cms.cache.SoftRedisCache lets a set() to an unreachable Redis pass, never an add().
        cache.add(key, "1", timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return "ok" if found == "1" else "error: value not kept"


def check_storage(alias):
    """A round trip to the bucket (object storage) or the disk (a name that is never written)."""
    storage = storages[alias]
    try:
        if getattr(storage, "bucket_name", None):
            # exists() on a missing bucket answers False like a missing file: ask for the bucket itself.
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        else:
            storage.exists("readyz-probe/none")
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return "ok"


def check_tasks():
    """The task queue: "immediate" when tasks run in the request, else the queue table answers and is drained."""
    backend = settings.TASKS["default"]["BACKEND"]
    if "immediate" in backend.lower() or "dummy" in backend.lower():
        return "immediate", None
    try:
        from django_tasks_db.models import DBTaskResult

        oldest = (
            DBTaskResult.objects.using(DEFAULT_DB_ALIAS)
            .filter(status="READY", run_after__lte=timezone.now())
            .order_by("run_after")
            .values_list("run_after", flat=True)
            .first()
        )
    except Exception as exc:  # noqa: BLE001
        return _error(exc), None
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0
    if waited > getattr(settings, "TASKS_STALL_SECONDS", TASKS_STALL_SECONDS):
        return "ok", f"stalled: a task has waited {int(waited)} s for a worker"
    return "ok", None


def readiness():
    """(ready, body) for /readyz; each check's result is "ok", "disabled", "immediate" or "error: <Class>"."""
    started = time.monotonic()
    checks = {"database": check_database(), "cache": check_cache()}
    checks["storage"] = check_storage("default")
    checks["private_storage"] = check_storage("private")
    checks["search"] = search_health()
    checks["tasks"], tasks_warning = check_tasks()
    warnings = {}
    if tasks_warning:
        warnings["tasks"] = tasks_warning
    if "replica" in connections.settings:
        replica = check_database("replica")
        checks["replica"] = replica
        if replica != "ok":
            warnings["replica"] = "down: reads go to the primary"
    down = [name for name, value in checks.items() if name != "replica" and value.startswith("error")]
    body = {"status": "unavailable" if down else "ready", "checks": checks, "down": down}
    if warnings:
        body["warnings"] = warnings
    body["seconds"] = round(time.monotonic() - started, 3)
    return not down, body


@never_cache
@require_GET
def readyz(request):
    """Readiness for load balancers and orchestrators: 200 when every dependency answers, else 503 naming them."""
    ready, body = readiness()
    return JsonResponse(body, status=200 if ready else 503)
