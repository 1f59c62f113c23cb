"""Exactly one completion when many final commits for the same learner and course arrive at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from learning import services
from learning.models import Completion, Enrolment, LearningLogEntry
from tests.factories import CoursePageFactory, UserFactory
from tests.learning.conftest import lesson, scorm_block

THREADS = 12
# Real transactions (threads need committed data); tests/conftest.py recreates the migration data they flush.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(target):
    barrier = threading.Barrier(THREADS)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as error:  # collected and re-raised in the test thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def scorm_course():
    from courses.services import get_catalogue, setup_provider
    from tests.factories import ProviderFactory

    get_catalogue()
    provider = ProviderFactory(name="Trường Cao đẳng Đồng thời", slug="dong-thoi")
    setup_provider(provider)
    course = CoursePageFactory(parent=provider.section, provider=provider)
    lesson(course, [scorm_block(77)])
    return course


def test_simultaneous_scorm_commits_record_one_completion(scorm_course):
    assert connection.vendor == "postgresql"
    learner = UserFactory()
    services.enrol(learner, scorm_course)
    errors = _race(
        lambda: services.record_scorm_result(
            learner, 77, completion_status="completed", success_status="passed", score_scaled=1
        )
    )
    assert errors == []
    assert Completion.objects.filter(user=learner, course=scorm_course).count() == 1
    assert LearningLogEntry.objects.filter(action="completed", learner=learner).count() == 1
    assert Enrolment.objects.get(user=learner).status == Enrolment.COMPLETED


def test_simultaneous_record_completion_calls_record_one(scorm_course):
    learner = UserFactory()
    enrolment, _ = services.enrol(learner, scorm_course)
    created = []
    errors = _race(lambda: created.append(services.record_completion(enrolment, source=Completion.SCORM)[1]))
    assert errors == []
    assert created.count(True) == 1 and len(created) == THREADS
    assert Completion.objects.filter(enrolment=enrolment).count() == 1


def test_simultaneous_first_progress_enrols_once(scorm_course):
    """Learners who open a course in several tabs at once still get a single enrolment."""
    learner = UserFactory()
    errors = _race(lambda: services.record_scorm_result(learner, 77, completion_status="incomplete"))
    assert errors == []
    assert Enrolment.objects.filter(user=learner).count() == 1
