"""Schemathesis over /api/schema/: every JSON API operation, valid and invalid inputs, three kinds of caller.

The Django app is called through WSGI in the test's own transaction (each request in a savepoint), as anonymous,
as a logged-in learner (session cookie) and as the enterprise's HR system (`Authorization: Token <key>`).
Every answer must be below 500, and every error a JSON {"error": "..."}. The size of the run is printed:
`fuzz: N operations, M requests, 0 server errors`.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

# The SCORM runtime's commit has its own fuzzing (tests/scorm); it needs an attempt's token, not these callers.
SKIPPED = {"/scorm/attempts/{id}/commit"}
MAX_EXAMPLES = 25  # per operation and generation mode: bounded, so the suite stays fast
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


class TransactionalWSGI:
    """Django's WSGI handler without the connection closing at each request's start and end (as the test client
    does), so requests see the test's data; the exception behind a 500 is kept for the report."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.errors = []

    def _record(self, sender, request=None, **kwargs):
        import sys

        self.errors.append(f"{request.method if request else ''} {request.get_full_path()[:200] if request else ''}: "
                           f"{sys.exc_info()[0].__name__}: {str(sys.exc_info()[1])[:200]}")  # fmt: skip

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        got_request_exception.connect(self._record)
        try:
            return self.handler(environ, start_response)
        finally:
            got_request_exception.disconnect(self._record)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def fuzz(strategy, examples, call):
    """Run `call` on `examples` cases drawn from `strategy`, the same cases on every run."""

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        call(case)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing invalid to send (e.g. a negative case for an operation that takes only free text)


@pytest.fixture
def callers(world):
    client = Client()
    client.force_login(world.learner)
    session = client.cookies["sessionid"].value
    return {
        "anonymous": {},
        "learner": {"Cookie": f"sessionid={session}"},
        "hr": {"Authorization": f"Token {world.token_key}"},
    }


def test_every_json_api_answers_without_server_errors(world, callers, capsys):
    app = TransactionalWSGI()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in SKIPPED]
    assert len(operations) >= 9
    requests, failures = 0, []

    def check(case, caller, headers):
        nonlocal requests
        requests += 1
        try:
            with transaction.atomic():
                response = case.call(headers=headers)
        except transaction.TransactionManagementError:
            response = None
        label = f"{caller} {case.method} {case.formatted_path} {case.query or ''}"
        if response is None or response.status_code >= 500:
            failures.append(f"{label} -> {response.status_code if response else 'no response'}")
            return
        if response.status_code >= 400 and response.status_code != 405:
            try:
                body = json.loads(response.content)
            except ValueError:
                body = None
            if not (isinstance(body, dict) and isinstance(body.get("error"), str)):
                failures.append(f"{label} -> {response.status_code} without a JSON error: {response.content[:120]!r}")

    for operation in operations:
        # Each caller tries each operation; the one it is meant for (HR for /api/hr/) gets the full budget.
        primary = "hr" if operation.path.startswith("/api/hr/") else "learner"
        for mode in MODES:
            for caller, headers in callers.items():
                examples = MAX_EXAMPLES if caller == primary else MAX_EXAMPLES // 5
                fuzz(
                    operation.as_strategy(generation_mode=mode),
                    examples,
                    lambda case, h=headers, c=caller: check(case, c, h),
                )
    failures += app.errors
    with capsys.disabled():
        print(f"\nfuzz: {len(operations)} operations, {requests} requests, {len(failures)} server errors")
    assert not failures, "\n".join(failures[:50])
