"""gunicorn settings for the app servers (docs/deploy.md); every value can be overridden from the environment.

Workers: sync workers, (2 x cores) + 1 by default (GUNICORN_WORKERS): requests here are short and mostly wait on
PostgreSQL, Redis or object storage, so a core keeps two busy. Slow clients are nginx's job (it buffers
requests and responses), which is what lets sync workers serve a crowd.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is killed and its worker replaced: PDF exports and imports run in the task worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Recycle workers now and then (with jitter, so they do not all restart at once): bounds slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 500))
# Load the application once in the master: workers fork with it (less memory, quicker restarts).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# nginx in front sets X-Forwarded-For/-Proto; only trust it from there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One line per request: client, time, request line, status, bytes, duration in microseconds, host, worker pid.
# The duration (%(D)s) is what docs/capacity.md's figures come from; no cookies, no query string secrets logged.
access_log_format = (
    '%({x-forwarded-for}i)s - [%(t)s] "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus host=%({host}i)s pid=%(p)s'
)


def post_fork(server, worker):
    # Connections opened by the master while preloading must not be shared with the forked workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
