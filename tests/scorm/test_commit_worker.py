"""With a task worker (deployments at scale), a SCORM result reaches the learning record through the task queue.

The commit stores the attempt and queues one task in the same transaction; the worker (`manage.py db_worker`)
records lesson progress and the course completion from the package's state when it runs: late, repeated or
out-of-order tasks record the same thing, and a completion exactly once.
"""

import pytest
from django.test import override_settings

from learning.models import Completion, Enrolment, LessonProgress
from learning.services import enrol
from learning.tasks import record_scorm_progress
from scorm.importer.services import import_package

from .helpers import commit, launch, learner_client, place_in_lesson
from .packages import build_zip

pytestmark = pytest.mark.django_db

WORKER = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.fixture
def placed(user, make_course):
    """A learner enrolled in a course whose only lesson holds a two-SCO SCORM 1.2 package: (lesson, scos)."""
    package = import_package(build_zip("scorm12"))
    course = make_course(title="An toàn điện")
    lesson = place_in_lesson(package, course)
    enrol(user, course)
    return lesson, list(package.scos.order_by("position"))


def queued():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))


def run_worker():
    """Run what is queued, in order, as `manage.py db_worker` does (its loop also closes connections between
    tasks, which would end the test's transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=None,
        worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        task_result.refresh_from_db()
        assert task_result.status == "SUCCESSFUL", task_result.traceback


def progress(lesson):
    return LessonProgress.objects.filter(lesson=lesson).first()


@WORKER
def test_the_commit_queues_the_bookkeeping_and_the_worker_records_it(user, placed):
    lesson, (first, second) = placed
    client = learner_client(user)
    one = launch(client, first, started_ago=600)

    response = commit(one, 1, {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "p1"})

    assert response.status_code == 200
    assert progress(lesson) is None, "recorded by the worker, not in the commit"
    assert queued() == ["learning.tasks.record_scorm_progress"]
    run_worker()
    assert progress(lesson).status == LessonProgress.IN_PROGRESS
    assert queued() == []

    assert commit(one, 2, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"}).status_code == 200
    two = launch(client, second, started_ago=300)
    assert commit(two, 1, {"cmi.core.lesson_status": "completed"}).status_code == 200
    run_worker()

    assert progress(lesson).status == LessonProgress.COMPLETED
    assert Completion.objects.filter(user=user).count() == 1
    assert Enrolment.objects.get(user=user).status == Enrolment.COMPLETED


@WORKER
def test_a_commit_that_changes_no_result_queues_nothing(user, placed):
    lesson, (first, _second) = placed
    one = launch(learner_client(user), first)
    assert commit(one, 1, {"cmi.core.lesson_status": "incomplete"}).status_code == 200
    run_worker()

    assert commit(one, 2, {"cmi.core.lesson_location": "p2", "cmi.suspend_data": "x" * 500}).status_code == 200

    assert queued() == []


@WORKER
def test_late_and_repeated_tasks_record_the_current_state_once(user, placed):
    lesson, (first, second) = placed
    client = learner_client(user)
    one, two = launch(client, first, started_ago=600), launch(client, second, started_ago=600)
    commit(one, 1, {"cmi.core.lesson_status": "incomplete"})  # queued first, runs last below
    commit(one, 2, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80"})
    commit(two, 1, {"cmi.core.lesson_status": "completed"})
    assert len(queued()) == 3

    # The first task runs after everything was stored: it reads the package as it is now.
    record_scorm_progress.call(user.pk, first.package_id, one["attempt"])
    assert progress(lesson).status == LessonProgress.COMPLETED
    run_worker()  # the queued three, then the first once more
    record_scorm_progress.call(user.pk, first.package_id, one["attempt"])

    assert Completion.objects.filter(user=user).count() == 1
    assert progress(lesson).score == 80


@WORKER
def test_a_task_for_a_deleted_package_records_nothing(user, placed):
    _lesson, (first, _second) = placed
    package_id = first.package_id
    first.package.delete()

    assert record_scorm_progress.call(user.pk, package_id, 1) == 0
    assert not LessonProgress.objects.exists()
