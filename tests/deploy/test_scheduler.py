"""The periodic-job scheduler (cms.scheduler, `manage.py run_scheduler`): each slot enqueued once, even by two
schedulers at the same instant; a job that fails leaves the others running; a bad PERIODIC_TASKS is refused."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connections
from django_tasks import default_task_backend, task

from cms import scheduler
from cms.models import ScheduledRun

NOW = datetime.datetime(2026, 3, 2, 0, 0, 30, tzinfo=datetime.UTC)  # 07:00:30 in Hà Nội (UTC+7)


@task()
def count_me():
    return 1


@task()
def also_count_me():
    return 2


JOBS = [
    ("tests.deploy.test_scheduler.count_me", {"every": 60}),
    ("tests.deploy.test_scheduler.also_count_me", {"daily": "06:00"}),
]


@pytest.fixture
def dummy_tasks(settings):
    """The dummy backend keeps what was enqueued, so the test counts it (django-tasks' test backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PERIODIC_TASKS = JOBS
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def enqueued(backend):
    return sorted(result.task.module_path.rsplit(".", 1)[1] for result in backend.results)


@pytest.mark.django_db
def test_each_slot_is_enqueued_once_and_the_next_one_in_its_time(dummy_tasks):
    assert scheduler.run_due(NOW) == [path for path, _ in JOBS]
    assert scheduler.run_due(NOW + datetime.timedelta(seconds=20)) == []
    # A minute later: the minutely job again; the daily one only once today's 06:00 (Hà Nội) has come again.
    assert scheduler.run_due(NOW + datetime.timedelta(seconds=40)) == ["tests.deploy.test_scheduler.count_me"]
    assert scheduler.run_due(NOW + datetime.timedelta(hours=22, minutes=59)) == ["tests.deploy.test_scheduler.count_me"]
    assert scheduler.run_due(NOW + datetime.timedelta(hours=23)) == [path for path, _ in JOBS]
    assert enqueued(dummy_tasks) == ["also_count_me"] * 2 + ["count_me"] * 4
    daily = ScheduledRun.objects.filter(job=JOBS[1][0]).order_by("slot").values_list("slot", flat=True)
    assert [slot.astimezone(datetime.timezone(datetime.timedelta(hours=7))).hour for slot in daily] == [6, 6]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_instant_enqueue_each_slot_once(dummy_tasks):
    barrier = threading.Barrier(2)
    answers, tasks = [], []

    def scheduler_process():
        try:
            barrier.wait()
            answers.append(scheduler.run_due(NOW))
            tasks.extend(enqueued(default_task_backend))  # each thread has its own backend instance
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler_process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(path for answer in answers for path in answer) == sorted(path for path, _ in JOBS)
    assert sorted(tasks) == ["also_count_me", "count_me"]
    assert ScheduledRun.objects.count() == 2


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_does_not_stop_the_others_and_is_tried_again(dummy_tasks, settings):
    settings.PERIODIC_TASKS = [("tests.deploy.test_scheduler.no_such_task", {"every": 60}), *JOBS]
    assert scheduler.run_due(NOW) == [path for path, _ in JOBS]
    # Its slot was not claimed: once the task exists (a deploy), the next tick enqueues it.
    assert not ScheduledRun.objects.filter(job__endswith="no_such_task").exists()


@pytest.mark.django_db
def test_a_task_that_fails_when_it_runs_does_not_stop_the_others(settings):
    """With the immediate backend the task runs inside run_due: its failure is its result's, not the loop's."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PERIODIC_TASKS = [("tests.deploy.test_scheduler.fails", {"every": 60}), *JOBS]
    assert scheduler.run_due(NOW) == ["tests.deploy.test_scheduler.fails", *(path for path, _ in JOBS)]


@task()
def fails():
    raise RuntimeError("this job fails")


@pytest.mark.django_db
def test_the_command_once_enqueues_what_is_due(dummy_tasks, capsys):
    call_command("run_scheduler", "--once")
    assert "enqueued tests.deploy.test_scheduler.count_me" in capsys.readouterr().out
    call_command("run_scheduler", "--once")
    assert capsys.readouterr().out == ""
    assert enqueued(dummy_tasks) == ["also_count_me", "count_me"]


@pytest.mark.parametrize(
    "bad",
    [
        [("cms.tasks.publish_scheduled", {"every": 0})],
        [("cms.tasks.publish_scheduled", {"daily": "6h"})],
        [("cms.tasks.publish_scheduled", {"every": 60, "daily": "06:00"})],
        [("cms.tasks.publish_scheduled",)],
    ],
)
@pytest.mark.django_db
def test_a_bad_schedule_is_refused_with_its_entry_named_and_nothing_enqueued(dummy_tasks, settings, bad):
    settings.PERIODIC_TASKS = bad
    with pytest.raises(ImproperlyConfigured, match="PERIODIC_TASKS"):
        call_command("run_scheduler", "--once")
    assert not ScheduledRun.objects.exists()
    assert dummy_tasks.results == []


@pytest.mark.django_db
def test_the_default_jobs_exist_and_scheduled_publishing_runs(settings, make_course):
    """Every default job imports; cms.tasks.publish_scheduled publishes a page whose go-live time has passed."""
    from django.utils import timezone

    from cms.tasks import publish_scheduled

    for path, _ in scheduler.DEFAULT_PERIODIC_TASKS:
        assert scheduler.import_string(path).enqueue  # a django-tasks Task
    course = make_course(title="Khoá học hẹn giờ")
    course.unpublish()
    revision = course.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    course.refresh_from_db()
    assert not course.live
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    publish_scheduled.enqueue()
    course.refresh_from_db()
    assert course.live
