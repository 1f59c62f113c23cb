"""A django-tasks backend for the embedded default: tasks run in this process, in a background thread.

ImmediateBackend runs a task inside the request that enqueued it: a certificate's PDF (WeasyPrint, about 3 s)
made the learner's last lesson wait for it. Here the request returns at once and one thread of the same process
works through the queue in order. At scale, TASKS_BACKEND names the database backend and `manage.py db_worker`.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)


class ThreadBackend(ImmediateBackend):
    """Run tasks in one background thread of the process (results stay in memory; nothing survives a restart)."""

    # Work queued here runs in this process shortly after: callers may rely on the database rows they just
    # committed being there, and may do cheap work (such as signing a credential) in the request themselves.
    runs_in_process = True

    _executor = None
    _lock = threading.Lock()

    @classmethod
    def executor(cls):
        with cls._lock:
            if cls._executor is None:
                # One worker: tasks run in the order they were queued and never compete for SQLite's write lock.
                cls._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tasks")
            return cls._executor

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self.executor().submit(self._run, task_result)
        return task_result

    def _run(self, task_result):
        try:
            self._execute_task(task_result)
            if task_result.status == TaskResultStatus.FAILED:
                logger.error("Task %s failed: %s", task_result.task.name, task_result.errors[-1].traceback)
        finally:
            # This thread's own connections: closed after each task, as a request's are.
            connections.close_all()

    @classmethod
    def wait(cls, timeout=60):
        """Block until the tasks queued so far have run (for tests and commands that need their results)."""
        cls.executor().submit(lambda: None).result(timeout=timeout)


def tasks_run_in_process(alias="default"):
    """Whether queued tasks run in this process (immediately or in its thread) rather than in a separate worker."""
    from django_tasks import task_backends

    backend = task_backends[alias]
    return isinstance(backend, ImmediateBackend) or getattr(backend, "runs_in_process", False)
