"""SCORM learner sessions per second: launch plus a real session's commits, under gunicorn, beside a JSON view.

Run alone: `.venv/bin/python bench/scorm_sessions.py [--quick] [--learners 50] [--concurrency 8]`. Needs
PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hoctap_bench, created and migrated here) and
Redis (REDIS_URL, default redis://127.0.0.1:6379/5: production settings keep sessions and throttles there).

Starts gunicorn (2 sync workers) on a loopback port with production settings and a task worker (`db_worker`: the
learning bookkeeping of result-changing commits and certificates run there, as deployed at scale; it is held while
requests are timed, as if on cores of its own, and its CPU is printed apart), the SCORM package placed in a
lesson of a course with a completion rule, learners enrolled and logged in. Then, from concurrent client threads:
  - sessions: each learner launches the SCO (GET /scorm/scos/<id>/launch with its session cookie) and sends the
    commits a real session sends (POST <commit_url>, token in a text/plain body, no cookie): the first with
    lesson_status incomplete, four (--pages) of location, suspend data (about 3 KB) and interactions only, one
    with the session time, a final one with lesson_status passed and a score (the course completes, a
    certificate issues);
  - baseline, same server, same concurrency: GET /scorm/attempts/<id>, a login-required JSON view (session,
    user, one row), in rounds alternating with rounds of commits, so that load from elsewhere hits both alike.
Prints sessions/s, commits/s, the view's requests/s and the ratio commit/view (goal >= 0.5); then, measured in
this process through django.test.Client against the same database, the SQL statements of each kind of commit
(goal <= 6 for a commit that changes nothing the learning record reads; -v lists them) and its time, which
says where the ratio goes. Stops by itself: bounded request counts, --max-seconds, gunicorn stopped at the end.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hoctap_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
COMMIT_GOAL = 0.5  # commits/s over the login-required view's requests/s
STATEMENTS_GOAL = 6  # SQL statements of a commit that changes nothing the learning record reads


# Setup -------------------------------------------------------------------------------------------------------


def production_env(database_url, port, workdir):
    """The environment production settings ask for (cms/settings/production.py), pointed at this run."""
    from certificates.keys import generate_key_config

    keys = workdir / "signing-keys.json"
    keys.write_text(json.dumps(generate_key_config("bench-1")))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SCORM_CONTENT_ORIGIN": f"http://localhost:{port}",
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        "CERTIFICATES_SIGNING_KEYS_FILE": str(keys),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_ROOT": str(workdir / "private"),
        # As deployed at scale (README): background work (a certificate's PDF) queued for a worker, not run in the
        # request that completes the course.
        "TASKS_BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def services_missing(database_url, redis_url):
    """Why the benchmark cannot run here (PostgreSQL or Redis unreachable), or None; creates the database."""
    import psycopg
    import redis

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    try:
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=5) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return f"PostgreSQL unavailable at {parts.hostname}:{parts.port}: {error.__class__.__name__}"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        return f"Redis unavailable at {redis_url}: {error.__class__.__name__}"
    return None


def setup_django(env):
    os.environ.update(env)
    import warnings

    import django
    from django.core.exceptions import ImproperlyConfigured

    # WhiteNoise warns that STATIC_ROOT was never collected: no static file is served here.
    warnings.filterwarnings("ignore", message="No directory at")

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise SystemExit(f"scorm_sessions: production settings refused this environment: {error}") from None


def build_package():
    """The fixture SCORM 1.2 package reduced to its first SCO (mastery 80), as most authoring tools export."""
    import re

    from scorm.importer.services import import_package
    from tests.scorm.packages import FIXTURES, build_zip

    manifest = (FIXTURES / "scorm12" / "imsmanifest.xml").read_text()
    manifest = re.sub(r'\s*<item identifier="CHAPTER-2">.*?</item>\s*</item>', "", manifest, flags=re.S)
    manifest = re.sub(r'\s*<resource identifier="RES-2".*?</resource>', "", manifest, flags=re.S)
    return import_package(
        build_zip("scorm12", replace={"imsmanifest.xml": manifest.encode()}, omit=("lesson2/index.html",))
    )


def prepare(groups, size, stamp):
    """A course (completion: the required lessons and a minimum score) with the package in its required lesson;
    `groups` lists of `size` enrolled learners with a logged-in session each. Returns (sco, groups)."""
    from decimal import Decimal

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.module_loading import import_string

    from cms.middleware import SessionIdleTimeoutMiddleware
    from courses.models import COMPLETION_MIN_SCORE
    from courses.services import setup_provider
    from learning.services import enrol
    from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory

    package = build_package()
    provider = ProviderFactory(name=f"Trường Cao đẳng Bench {stamp}", slug=f"bench-scorm-{stamp}")
    course = CoursePageFactory(
        parent=setup_provider(provider),
        provider=provider,
        title=f"An toàn điện trong xưởng {stamp}",
        completion_rule=COMPLETION_MIN_SCORE,
        minimum_score=Decimal("80"),
    )
    LessonPageFactory(parent=course, title="Giới thiệu khóa học", required=False)
    body = json.dumps([{"type": "scorm", "value": {"title": package.title, "package_id": package.pk}}])
    LessonPageFactory(parent=course, title="Bài 1: Nhận diện mối nguy", body=body)

    User = get_user_model()
    SessionStore = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    result = []
    for group in range(groups):
        learners = []
        for n in range(size):
            user = User(email=f"bench-{stamp}-{group}-{n}@example.vn", full_name=f"Nguyễn Thị Học {group}-{n}")
            user.set_unusable_password()
            user.save()
            enrol(user, course)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrPhoneBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            # Refreshed just now, as an active learner's is: the idle timeout then rewrites it once in 5 minutes.
            session[SessionIdleTimeoutMiddleware.KEY] = int(time.time())
            session.create()
            learners.append({"user": user, "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"})
        result.append(learners)
    return package.scos.get(), result


# What a session sends: bench/scorm_traffic.py, which the load test's learners send too.
from scorm_traffic import session_commits  # noqa: E402 - bench/, the script's directory, is on sys.path

# HTTP --------------------------------------------------------------------------------------------------------


class Deadline(Exception):
    """The run's time bound passed: stop sending."""


class Client:
    """Requests to the server from many threads; records status and latency per kind of request."""

    def __init__(self, port, deadline):
        self.port, self.deadline = port, deadline
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.latencies, self.statuses = {}, {}

    def request(self, kind, method, path, body=None, headers=None):
        if time.monotonic() > self.deadline:
            raise Deadline
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            data, status = b"", error.__class__.__name__
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.statuses.setdefault(kind, {}).setdefault(status, 0)
            self.statuses[kind][status] += 1
        return status, data

    def launch(self, learner, sco_id):
        status, data = self.request(
            "launch", "GET", f"/scorm/scos/{sco_id}/launch", headers={"Cookie": learner["cookie"]}
        )
        if status != 200:
            raise RuntimeError(f"launch answered {status}: {data[:300]!r}")
        launch = json.loads(data)
        learner["attempt"], learner["token"] = launch["attempt"], launch["token"]
        learner["commit_path"] = urlsplit(launch["commit_url"]).path

    def commit(self, learner, sequence, cmi):
        body = json.dumps({"token": learner["token"], "sequence": sequence, "cmi": cmi})
        status, data = self.request(
            "commit", "POST", learner["commit_path"], body=body, headers={"Content-Type": "text/plain;charset=UTF-8"}
        )
        if status != 200:
            raise RuntimeError(f"commit {sequence} answered {status}: {data[:300]!r}")

    def view(self, learner):
        path = f"/scorm/attempts/{learner['attempt']}"
        status, data = self.request(
            "view", "GET", path, headers={"Cookie": learner["cookie"], "Accept": "application/json"}
        )
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {data[:300]!r}")


def run_tasks(tasks, concurrency):
    """Run callables on `concurrency` threads; returns (wall seconds, errors)."""
    errors = []

    def guarded(task):
        try:
            task()
        except Deadline:
            errors.append("deadline")
        except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
            errors.append(str(error))

    started = time.perf_counter()
    pool = ThreadPoolExecutor(concurrency)
    try:
        list(pool.map(guarded, tasks))
    finally:
        pool.shutdown(cancel_futures=True)  # interrupted: drop what has not started
    return time.perf_counter() - started, errors


def wait_until_up(port, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
            if connection.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def workers_cpu_seconds(master_pid):
    """CPU seconds (user + system) used so far by the gunicorn master's worker processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == master_pid:  # fields[1]: the parent's pid; [11], [12]: utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def process_cpu_seconds(pid):
    """CPU seconds (user + system) used so far by one process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process):
    """Stop a process started here (SIGTERM, then its whole group after 15 s), if it still runs."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGCONT)  # a held process cannot act on SIGTERM
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def held(process):
    """Pause a process meanwhile: the task worker, which a deployment runs on cores of its own, does not take the
    web workers' cores while their requests per second are measured; it catches up after (its CPU is counted)."""
    process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        process.send_signal(signal.SIGCONT)


def wait_for_tasks(timeout=120):
    """Wait until the task worker has run every queued task; returns the number still queued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    pending = DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return pending.count()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] * 1000 if values else float("nan")


# SQL statements per commit (in this process) -------------------------------------------------------------------


def measure_in_process(sco, learners, host, pages):
    """SQL statements and in-process time of each kind of commit, and of the view, through django.test.Client.

    The first learner's session is captured statement by statement (and warms up); the others' are timed only.
    Returns ({kind: [statements]}, {kind: median milliseconds}).
    """
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from learning.tasks import record_scorm_progress

    statements, times = {}, {}
    for number, learner in enumerate(learners):
        browser = DjangoClient(HTTP_HOST=host)
        browser.force_login(learner["user"])
        launch = browser.get(f"/scorm/scos/{sco.pk}/launch")
        if launch.status_code != 200:
            raise SystemExit(
                f"scorm_sessions: in-process launch answered {launch.status_code}: {launch.content[:300]!r}"
            )
        launch = launch.json()
        path = urlsplit(launch["commit_url"]).path
        runtime = DjangoClient(HTTP_HOST=host)  # the run-time page: no cookie, the token authenticates
        body = {"token": launch["token"]}
        requests = [
            (kind, partial(runtime.post, path, json.dumps({**body, "sequence": n, "cmi": cmi}), "text/plain"))
            for n, (kind, cmi) in enumerate(session_commits(-1 - number, pages), start=1)
        ]
        requests.append(("view", partial(browser.get, f"/scorm/attempts/{launch['attempt']}")))
        for kind, send in requests:
            if number == 0:
                with CaptureQueriesContext(connection) as queries:
                    response = send()
                captured = [query["sql"] for query in queries.captured_queries]
                if len(captured) > len(statements.get(kind, ())):  # the costliest of its kind
                    statements[kind] = captured
            else:
                started = time.perf_counter()
                response = send()
                times.setdefault(kind, []).append(time.perf_counter() - started)
                if kind in ("status", "passed"):
                    # The bookkeeping this commit queued for the task worker, timed here alike (run again by the
                    # worker later: it records nothing twice).
                    started = time.perf_counter()
                    record_scorm_progress.call(learner["user"].pk, sco.package_id, launch["attempt"])
                    times.setdefault(f"{kind} task", []).append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(
                    f"scorm_sessions: in-process {kind} answered {response.status_code}: {response.content!r}"
                )
    return statements, {kind: statistics.median(values) * 1000 for kind, values in times.items()}


def completions_of(users):
    """How many of these learners have their course completion recorded."""
    from learning.models import Completion

    return Completion.objects.filter(user__in=users).count()


def tables_of(statements):
    """'SELECT scorm_attempt, UPDATE scorm_attempt, ...': what each statement reads or writes, briefly."""
    import re

    names = []
    for sql in statements:
        verb = sql.split(None, 1)[0].upper()
        match = re.search(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"', sql)
        names.append(f"{verb} {match.group(1)}" if match else " ".join(sql.split()[: 2 if verb == "RELEASE" else 1]))
    return ", ".join(names)


# Main --------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 learners per phase, 2 rounds")
    parser.add_argument("--learners", type=int, default=50, help="learner sessions per phase (default 50)")
    parser.add_argument(
        "--pages", type=int, default=4, help="commits of location/suspend data only per session (default 4)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of views and commits (default 3)")
    parser.add_argument("--max-seconds", type=int, default=600, help="stop sending after this long (default 600)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the SQL statements of each commit kind")
    args = parser.parse_args()
    if args.quick:
        args.learners, args.rounds = 10, 2

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith("postgres"):
        raise SystemExit("scorm_sessions: needs PostgreSQL: set DATABASE_URL=postgres://...")
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    missing = services_missing(database_url, redis_url)
    if missing:
        print(f"scorm_sessions: skipped ({missing})")
        return

    # Stopped from outside (timeout, kill): still stop gunicorn and remove the temporary files (finally below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="bench-scorm-"))
    server = worker = None
    try:
        port = free_port()
        env = production_env(database_url, port, workdir)
        print(f"Migrating {urlsplit(database_url).path.lstrip('/')} (production settings)...", flush=True)
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if migrate.returncode:
            raise SystemExit(f"scorm_sessions: migrate failed:\n{migrate.stderr[-3000:]}")
        setup_django(env)

        stamp = time.strftime("%Y%m%d%H%M%S") + f"-{os.getpid()}"
        groups = 2 + args.rounds  # sessions, the statement count and warm-up, one fresh group per commit round
        print(f"Preparing a course and {groups * args.learners} enrolled learners...", flush=True)
        sco, learners = prepare(groups, args.learners, stamp)
        session_learners, spare, *round_learners = learners

        print("Counting statements and timing each kind of commit in this process...", flush=True)
        counts, costs = measure_in_process(sco, spare[:6], f"127.0.0.1:{port}", args.pages)

        log_path = workdir / "gunicorn.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers", str(args.workers),
                 "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "5",
                 "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        if not wait_until_up(port, server):
            raise SystemExit(f"scorm_sessions: gunicorn did not start:\n{log_path.read_text()[-3000:]}")
        # The task worker of a deployment at scale: learning bookkeeping and certificates run there, on cores of
        # their own. Here it is held while requests are timed and drains the queue after each round; its CPU is
        # counted beside the web workers' (a capacity plan needs both).
        with open(workdir / "worker.log", "wb") as log:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

        client = Client(port, time.monotonic() + args.max_seconds)
        # Warm-up: every worker imports and compiles what both kinds of request use.
        warm = spare[1 : 1 + args.concurrency] or spare[:1]
        run_tasks([lambda learner=learner: client.launch(learner, sco.pk) for learner in warm], args.concurrency)
        warm_commits = session_commits(-2, args.pages)
        run_tasks(
            [lambda learner=learner: client.commit(learner, 1, warm_commits[1][1]) for learner in warm]
            + [lambda learner=learner: client.view(learner) for learner in warm * 2],
            args.concurrency,
        )
        client.reset()

        # Sessions: launch and seven commits per learner, learners side by side.
        def whole_session(learner, seed):
            client.launch(learner, sco.pk)
            for sequence, (_kind, cmi) in enumerate(session_commits(seed, args.pages), start=1):
                client.commit(learner, sequence, cmi)

        print(
            f"Sessions: {args.learners} learners, concurrency {args.concurrency}, {args.workers} gunicorn workers...",
            flush=True,
        )
        tasks = [lambda learner=learner, n=n: whole_session(learner, n) for n, learner in enumerate(session_learners)]
        with held(worker):
            session_seconds, session_errors = run_tasks(tasks, args.concurrency)
        session_latencies, session_statuses = client.latencies, client.statuses
        tasks_left = wait_for_tasks()  # the sessions' bookkeeping, before the measured rounds
        client.reset()

        # Commits against the login-required view, in alternating rounds.
        commit_seconds = view_seconds = 0.0
        commit_errors, view_errors = [], []
        viewers = [learner for learner in session_learners if "attempt" in learner]
        commits_per_session = len(session_commits(0, args.pages))
        commit_cpu = view_cpu = worker_cpu = 0.0
        for round_number, group in enumerate(round_learners):
            views = [lambda learner=learner: client.view(learner) for learner in viewers]
            views = (views * commits_per_session * len(group))[: commits_per_session * len(group)]
            cpu = workers_cpu_seconds(server.pid)
            seconds, errors = run_tasks(views, args.concurrency)
            view_cpu += workers_cpu_seconds(server.pid) - cpu
            view_seconds += seconds
            view_errors += errors
            # Each learner launches (not timed), then its session's commits in order, learners side by side.
            run_tasks([lambda learner=learner: client.launch(learner, sco.pk) for learner in group], args.concurrency)
            tasks = []
            for n, learner in enumerate(group):
                bodies = session_commits(1000 * (round_number + 1) + n, args.pages)

                def chain(learner=learner, bodies=bodies):
                    for sequence, (_kind, cmi) in enumerate(bodies, start=1):
                        client.commit(learner, sequence, cmi)

                tasks.append(chain)
            cpu, worker_before = workers_cpu_seconds(server.pid), process_cpu_seconds(worker.pid)
            with held(worker):
                seconds, errors = run_tasks(tasks, args.concurrency)
            commit_cpu += workers_cpu_seconds(server.pid) - cpu
            tasks_left += wait_for_tasks()
            worker_cpu += process_cpu_seconds(worker.pid) - worker_before
            commit_seconds += seconds
            commit_errors += errors
        completed = completions_of([learner["user"] for group in round_learners for learner in group])
        if any(error != "deadline" for error in session_errors + commit_errors + view_errors):
            print(f"gunicorn's log ends with:\n{log_path.read_text(errors='replace')[-2000:]}")
    finally:
        for process in (worker, server):
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)

    commits = len(client.latencies.get("commit", []))
    views = len(client.latencies.get("view", []))
    sessions_done = args.learners - len(session_errors)
    commit_rate = commits / commit_seconds if commit_seconds else 0.0
    view_rate = views / view_seconds if view_seconds else 0.0
    ratio = commit_rate / view_rate if view_rate else 0.0

    print()
    print(
        f"scorm_sessions: {args.learners} learners, launch + {commits_per_session} commits each, concurrency "
        f"{args.concurrency}, gunicorn {args.workers} sync workers, PostgreSQL, production settings"
    )
    print(
        f"sessions: {sessions_done / session_seconds:7.1f} sessions/s  ({sessions_done} in {session_seconds:.1f} s; "
        f"launch p50 {percentile(session_latencies.get('launch', []), 0.5):.0f} ms p95 "
        f"{percentile(session_latencies.get('launch', []), 0.95):.0f} ms; commit p50 "
        f"{percentile(session_latencies.get('commit', []), 0.5):.0f} ms p95 "
        f"{percentile(session_latencies.get('commit', []), 0.95):.0f} ms)"
    )
    print(
        f"commits: {commit_rate:7.1f} commits/s  ({commits} in {commit_seconds:.1f} s over {args.rounds} rounds; "
        f"p50 {percentile(client.latencies.get('commit', []), 0.5):.0f} ms p95 "
        f"{percentile(client.latencies.get('commit', []), 0.95):.0f} ms)"
    )
    print(
        f"login-required view GET /scorm/attempts/<id>: {view_rate:7.1f} requests/s  ({views} in {view_seconds:.1f} s; "
        f"p50 {percentile(client.latencies.get('view', []), 0.5):.0f} ms p95 "
        f"{percentile(client.latencies.get('view', []), 0.95):.0f} ms)"
    )
    verdict = "met" if ratio >= COMMIT_GOAL else "NOT MET"
    print(f"ratio commit/view: {ratio:.2f} (goal >= {COMMIT_GOAL}: {verdict})")
    # Throughput follows the machine's other load; the workers' CPU per request does not, and is what a
    # capacity plan multiplies (docs/capacity.md).
    commit_cpu_ms = 1000 * commit_cpu / commits if commits else float("nan")
    view_cpu_ms = 1000 * view_cpu / views if views else float("nan")
    cpu_ratio = view_cpu_ms / commit_cpu_ms if commit_cpu_ms else 0.0
    print(
        f"workers' CPU per request: commit {commit_cpu_ms:.1f} ms, view {view_cpu_ms:.1f} ms; ratio by CPU "
        f"(view/commit) {cpu_ratio:.2f} (goal >= {COMMIT_GOAL}: {'met' if cpu_ratio >= COMMIT_GOAL else 'NOT MET'})"
    )
    sessions_in_rounds = args.rounds * args.learners
    print(
        f"task worker: {1000 * worker_cpu / sessions_in_rounds:.0f} ms CPU per session (the learning bookkeeping of "
        f"2 result-changing commits, the certificate with its PDF, polling); courses completed by the worker: "
        f"{completed} of {sessions_in_rounds}" + (f"; {tasks_left} tasks still queued" if tasks_left else "")
    )
    location = len(counts["location"])
    print(
        f"SQL statements per commit: location/suspend data only {location} (goal <= {STATEMENTS_GOAL}: "
        f"{'met' if location <= STATEMENTS_GOAL else 'NOT MET'}); first (status incomplete) "
        f"{len(counts['status'])}; session time {len(counts['time'])}; passed + score, course completed "
        f"{len(counts['passed'])}; the view {len(counts['view'])}"
    )
    mean = sum(costs[kind] for kind, _cmi in session_commits(0, args.pages)) / commits_per_session
    print(
        f"in-process ms per request (median, one at a time): view {costs['view']:.1f}; commits: location "
        f"{costs['location']:.1f}, status {costs['status']:.1f}, time {costs['time']:.1f}, passed "
        f"{costs['passed']:.1f}; a session's mean {mean:.1f} (view/mean {costs['view'] / mean:.2f})"
    )
    print(
        f"in-process ms of the bookkeeping the worker runs (median): after the first status {costs['status task']:.1f},"
        f" after passed (course completed) {costs['passed task']:.1f}"
    )
    if args.verbose:
        for kind in ("location", "status", "time", "passed", "view"):
            print(f"  {kind}: {tables_of(counts[kind])}")
    statuses = {kind: dict(sorted(s.items(), key=str)) for kind, s in {**session_statuses}.items()}
    for kind, value in client.statuses.items():
        statuses.setdefault(f"{kind} (rounds)", value)
    problems = [error for error in session_errors + commit_errors + view_errors if error != "deadline"]
    print(f"statuses: {statuses}" + (f"; {len(problems)} failed tasks, e.g. {problems[0]}" if problems else ""))
    if "deadline" in session_errors + commit_errors + view_errors:
        print(f"stopped by --max-seconds {args.max_seconds}: the figures cover only what finished before it")


if __name__ == "__main__":
    main()
