"""SQL statements per SCORM commit: the commits a session sends most often must stay cheap.

Most commits carry only the content's location, suspend data and interactions: they must cost at most 6
statements and never touch the learning record. The learning bookkeeping (enrolment, lesson progress, course
progress) runs only when a commit changes completion, success, score or time. No timing here: bench/scorm_sessions.py
measures throughput.
"""

import json
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import LessonProgress
from learning.services import enrol
from scorm.importer.services import import_package
from scorm.models import Attempt
from scorm.tokens import make_token
from tests.factories import LessonPageFactory

from .packages import build_zip

pytestmark = pytest.mark.django_db

MAX_STATEMENTS_WITHOUT_RESULT_CHANGE = 6


@pytest.fixture
def session(user, make_course):
    """A learner enrolled in a course whose lesson holds a SCORM 1.2 package, launched: (sco, launch data)."""
    package = import_package(build_zip("scorm12"))
    course = make_course(title="An toàn điện")
    body = json.dumps([{"type": "scorm", "value": {"title": package.title, "package_id": package.pk}}])
    LessonPageFactory(parent=course, title="Bài SCORM", body=body)
    enrol(user, course)
    learner = Client()
    learner.force_login(user)
    sco = package.scos.first()
    response = learner.get(reverse("scorm:launch", args=[sco.pk]))
    assert response.status_code == 200, response.content
    launch = response.json()
    # A session that began ten minutes ago, so that the session time it reports counts (capped by the launch time).
    launch["token"] = make_token(Attempt.objects.get(pk=launch["attempt"]), now=time.time() - 600)[0]
    return sco, launch


def commit(launch, sequence, cmi):
    """POST a commit as the run-time page does: the token in a text/plain body, no cookie, no CSRF token."""
    body = json.dumps({"token": launch["token"], "sequence": sequence, "cmi": cmi})
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            reverse("scorm:commit", args=[launch["attempt"]]), data=body, content_type="text/plain"
        )
    assert response.status_code == 200, response.content
    return [query["sql"] for query in queries.captured_queries]


def location_only(step):
    """What content sends between pages: location, suspend data, the interactions answered on the page."""
    return {
        "cmi.core.lesson_location": f"slide-{step}",
        "cmi.suspend_data": f"{step}|" + "a1b2c3d4" * 300,
        f"cmi.interactions.{step}.id": f"q{step}",
        f"cmi.interactions.{step}.type": "choice",
        f"cmi.interactions.{step}.student_response": "b",
        f"cmi.interactions.{step}.result": "correct",
    }


def learning_statements(statements):
    return [sql for sql in statements if "learning_" in sql]


def progress_writes(statements):
    return [
        sql
        for sql in statements
        if "learning_lessonprogress" in sql and sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_a_commit_of_location_and_suspend_data_costs_at_most_six_statements(session):
    _sco, launch = session
    commit(launch, 1, {"cmi.core.lesson_status": "incomplete", **location_only(0)})
    for sequence in (2, 3, 4):
        statements = commit(launch, sequence, location_only(sequence))
        assert len(statements) <= MAX_STATEMENTS_WITHOUT_RESULT_CHANGE, "\n".join(statements)
        # Nothing the learning record reads changed: it is not even asked.
        assert learning_statements(statements) == [], "\n".join(statements)
    attempt = Attempt.objects.get(pk=launch["attempt"])
    assert attempt.cmi["cmi.core.lesson_location"] == "slide-4" and attempt.cmi["cmi.interactions.4.id"] == "q4"


def test_the_first_commit_of_a_session_without_results_skips_the_learning_record(session):
    _sco, launch = session
    statements = commit(launch, 1, location_only(0))
    assert len(statements) <= MAX_STATEMENTS_WITHOUT_RESULT_CHANGE, "\n".join(statements)
    assert learning_statements(statements) == []
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cmi.core.lesson_status": "incomplete"}, "completion"),
        ({"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"}, "completion, success and score"),
        ({"cmi.core.score.raw": "40"}, "score"),
        ({"cmi.core.session_time": "00:05:00"}, "time"),
    ],
)
def test_the_learning_record_is_written_when_a_result_changes(session, change, field):
    _sco, launch = session
    commit(launch, 1, location_only(0))
    statements = commit(launch, 2, {**location_only(1), **change})
    assert progress_writes(statements), f"a change of {field} must reach the lesson progress"
    assert LessonProgress.objects.filter(enrolment__user__pk=Attempt.objects.get(pk=launch["attempt"]).user_id).exists()


def test_a_repeated_result_does_not_rewrite_the_lesson_progress(session):
    """Content that sends its status again with every commit (many tools do) pays for it only the first time."""
    _sco, launch = session
    commit(launch, 1, {"cmi.core.lesson_status": "incomplete", **location_only(0)})
    statements = commit(launch, 2, {"cmi.core.lesson_status": "incomplete", **location_only(1)})
    assert len(statements) <= MAX_STATEMENTS_WITHOUT_RESULT_CHANGE, "\n".join(statements)
    assert progress_writes(statements) == []
