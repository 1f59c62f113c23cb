"""SCORM commit throughput: many simulated learners POST their CMI state to the real commit endpoint.

Starts its own HTTP server (this script with --serve, a threaded WSGI server over the project's WSGI app, on
PostgreSQL), then measures, with the same concurrency and on the same server:
  - commits: POST /scorm/attempts/<id>/commit (login, CSRF, row lock, validation, JSON document update, signal)
  - ceiling: GET /bench/ping, a plain Django JsonResponse through the same middleware
and prints requests per second and p95 latency of each, and their ratio.

    .venv/bin/python bench/scorm_commit.py [--quick] [--learners 200] [--concurrency 32] [--commits 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_scorm_bench (default)
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/h_scorm_bench"


def setup_django(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def ensure_database(database_url):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def serve(port):
    """Run the project's WSGI app plus /bench/ping on a threaded WSGI server (child process)."""
    import types
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.conf import settings
    from django.db import connections
    from django.http import JsonResponse
    from django.urls import include, path

    def ping(request):
        return JsonResponse({"ok": True, "user": request.user.is_authenticated})

    urls = types.ModuleType("scorm_bench_urls")
    urls.urlpatterns = [path("bench/ping", ping), path("", include("cms.urls"))]
    sys.modules["scorm_bench_urls"] = urls
    settings.ROOT_URLCONF = "scorm_bench_urls"
    # One thread per request: persistent connections would pile up until PostgreSQL refuses new clients.
    connections.settings["default"]["CONN_MAX_AGE"] = 0

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 1024

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler)
    server.serve_forever()


def prepare(learners):
    """A package, learners with sessions and attempts; returns [(session cookie, csrf token, attempt id)]."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from scorm.importer.services import import_package
    from scorm.models import Package
    from scorm.services import current_attempt
    from tests.scorm.packages import build_zip

    package = Package.objects.filter(title="Bench SCORM 1.2").first() or import_package(
        build_zip("scorm12"), title="Bench SCORM 1.2"
    )
    sco = package.scos.first()
    User = get_user_model()
    result = []
    for n in range(learners):
        user, _created = User.objects.get_or_create(
            email=f"bench-scorm-{n}@example.vn", defaults={"full_name": f"Học viên {n}"}
        )
        attempt = current_attempt(user, sco)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrPhoneBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        result.append((session.session_key, _get_new_csrf_string(), attempt.pk, attempt.sequence))
    return result


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - started


def run(port, jobs, concurrency):
    latencies, statuses = [], {}
    lock = threading.Lock()

    def one(job):
        status, seconds = request(port, *job)
        with lock:
            latencies.append(seconds)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, jobs))
    elapsed = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies)
    return len(latencies) / elapsed, p95 * 1000, statuses


def commit_jobs(learners, commits):
    jobs = []
    for step in range(commits):
        for session_key, csrf, attempt_id, sequence in learners:
            cmi = {
                "cmi.core.lesson_location": f"page-{step}",
                "cmi.core.lesson_status": "incomplete" if step < commits - 1 else "passed",
                "cmi.core.score.raw": str(50 + step),
                "cmi.core.session_time": f"00:0{min(step, 9)}:30",
                "cmi.suspend_data": "x" * 1500,
                "cmi.core.exit": "suspend",
            }
            body = json.dumps({"sequence": sequence + step + 1, "session": "bench", "cmi": cmi})
            headers = {
                "Content-Type": "application/json",
                "X-CSRFToken": csrf,
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            }
            jobs.append(("POST", f"/scorm/attempts/{attempt_id}/commit", body, headers))
    return jobs


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the bench server did not start")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (40 learners, 3 commits each)")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--commits", type=int, default=5, help="commits per learner")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith("postgres"):
        raise SystemExit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    if args.serve:
        setup_django(database_url)
        serve(args.serve)
        return
    if args.quick:
        args.learners, args.commits, args.concurrency = 40, 3, 16

    ensure_database(database_url)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup_django(database_url)
    learners = prepare(args.learners)
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], cwd=ROOT, env=env)
    try:
        wait_for(port)
        jobs = commit_jobs(learners, args.commits)
        ping_jobs = [("GET", "/bench/ping", None, {"Cookie": f"sessionid={s}"}) for s, *_ in learners] * args.commits
        run(port, ping_jobs[: args.concurrency * 2], args.concurrency)  # warm up
        ping_rate, ping_p95, ping_status = run(port, ping_jobs, args.concurrency)
        rate, p95, status = run(port, jobs, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"SCORM commit bench: {args.learners} learners x {args.commits} commits, concurrency {args.concurrency}, "
        f"PostgreSQL, threaded WSGI server"
    )
    print(f"  commit endpoint : {rate:8.1f} commits/s   p95 {p95:7.1f} ms   statuses {status}")
    print(f"  plain JSON view : {ping_rate:8.1f} req/s      p95 {ping_p95:7.1f} ms   statuses {ping_status}")
    print(f"  ratio           : {rate / ping_rate:8.2f} of the ceiling (throughput), p95 x{p95 / ping_p95:.2f}")


if __name__ == "__main__":
    main()
