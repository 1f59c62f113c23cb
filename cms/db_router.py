"""Read replica routing: read-heavy screens read from `replica`, everything else (and every write) the primary.

Production settings install ReplicaRouter and ReplicaMiddleware when DATABASE_REPLICA_URL is set
(docs/deploy.md "PostgreSQL"). A request reads from the replica only when all of these hold:

- it is a GET or HEAD whose path matches DATABASE_REPLICA_PATHS (catalogue, search, dashboards, reports,
  exports), or it comes from a visitor without a session (anonymous catalogue, course and resource pages);
- the browser carries no pin cookie: a request that wrote (an unsafe method, or an INSERT, UPDATE or DELETE)
  answers with a cookie that sends the next DATABASE_PIN_SECONDS of that person's requests to the primary,
  so they read what they just wrote however far the replica lags;
- nothing was written earlier in the same request and no transaction is open on the primary;
- the replica answers (a process that cannot reach it reads from the primary for REPLICA_RETRY_SECONDS).

A replica that fails during a request (stopped, restarted, its connection cut) is marked down the same way, and
a GET or HEAD that failed on it runs again with every read on the primary: the visitor gets the page, not a 500.
"""

import contextvars
import logging
import re
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import InterfaceError, OperationalError
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "primary_pin"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
REPLICA_RETRY_SECONDS = 10

# Per request (and per thread or task): whether reads may go to the replica, and whether it has written.
_use_replica = contextvars.ContextVar("use_replica", default=False)
_wrote = contextvars.ContextVar("wrote", default=False)
_replica_down_until = 0.0


def replica_configured():
    return REPLICA in connections.settings


class ReplicaRouter:
    """Reads go to the replica only inside a request the middleware chose; writes always go to the primary."""

    def db_for_read(self, model, **hints):
        if not _use_replica.get() or _wrote.get() or not replica_configured() or replica_marked_down():
            return DEFAULT_DB_ALIAS
        # A read inside a transaction on the primary must see that transaction's rows.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        # Not a write yet: get_or_create() asks for the write database for its SELECT too. The middleware
        # watches the statements the primary runs instead (note_writes).
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def read_connection(model):
    """The connection a raw read of `model`'s table should use: `django.db.connection` is always the primary."""
    from django.db import router

    return connections[router.db_for_read(model)]


WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE")


def note_writes(execute, sql, params, many, context):
    """execute_wrapper on the primary: after a statement that writes, this request reads only the primary."""
    if sql.lstrip()[:6].upper().startswith(WRITE_VERBS):
        _wrote.set(True)
    return execute(sql, params, many, context)


def replica_marked_down():
    return time.monotonic() < _replica_down_until


def mark_replica_down(exc):
    """Reads go to the primary for REPLICA_RETRY_SECONDS in this process, and the broken connection is dropped."""
    global _replica_down_until
    logger.warning("Read replica unavailable (%s); reading from the primary", exc.__class__.__name__)
    _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
    try:
        connections[REPLICA].close()
    except Exception:  # noqa: BLE001, S110 - closing a connection whose server is gone may fail too
        pass


def replica_available():
    """Whether the replica answers now; a failure is remembered for a few seconds so requests do not wait on it."""
    if replica_marked_down():
        return False
    try:
        connections[REPLICA].ensure_connection()
    except Exception as exc:  # noqa: BLE001 - any failure means "read from the primary"
        mark_replica_down(exc)
        return False
    return True


def failed_on_replica(request):
    """Whether the request ended in a database error that the replica's connection raised.

    Django has already turned the exception into a 500 (cms.middleware remembers it on the request); the
    connection that raised it has errors_occurred set (django.db.utils.DatabaseErrorWrapper).
    """
    error = getattr(request, "_database_error", None)
    return isinstance(error, (OperationalError, InterfaceError)) and connections[REPLICA].errors_occurred


class ReplicaMiddleware:
    """Chooses the database a request reads from, and pins to the primary whoever has just written."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def paths(self):
        return [re.compile(pattern) for pattern in getattr(settings, "DATABASE_REPLICA_PATHS", [])]

    def wants_replica(self, request):
        if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
            return False
        # A visitor without a session or token has written nothing to read back: catalogue, courses, resources.
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META
        if anonymous and getattr(settings, "DATABASE_REPLICA_ANONYMOUS", True):
            return True
        return any(pattern.match(request.path_info) for pattern in self.paths)

    def __call__(self, request):
        use = replica_configured() and self.wants_replica(request) and replica_available()
        if use:
            connections[REPLICA].errors_occurred = False
        response, wrote = self.respond(request, use)
        if use and response.status_code == 500 and failed_on_replica(request):
            # Only GET and HEAD come here (wants_replica): running them again is safe.
            mark_replica_down(request._database_error)
            del request._database_error
            use = False
            response, wrote_again = self.respond(request, use)
            wrote = wrote or wrote_again
        request.read_database = REPLICA if use else DEFAULT_DB_ALIAS
        if wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "DATABASE_PIN_SECONDS", 10),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def respond(self, request, use):
        """(response, whether the request wrote), its reads on the replica when `use`."""
        use_token = _use_replica.set(use)
        wrote_token = _wrote.set(False)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(note_writes):
                response = self.get_response(request)
            return response, _wrote.get() or request.method not in SAFE_METHODS
        finally:
            _use_replica.reset(use_token)
            _wrote.reset(wrote_token)
