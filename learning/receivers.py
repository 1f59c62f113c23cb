"""Reactions to other apps' events: SCORM attempts become lesson progress; saved lessons refresh the package index."""

import logging

from django.db.models.signals import post_save

from cms.tasks_backend import tasks_run_in_process
from courses.models import LessonPage

from .services import record_scorm_result, sync_lesson_packages

logger = logging.getLogger(__name__)


def on_lesson_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_lesson_packages(instance)


def on_scorm_attempt_committed(sender, attempt=None, package=None, changed=frozenset(), package_summary=None, **kwargs):
    """Receiver for scorm.signals.attempt_committed: a package's result becomes lesson progress.

    Runs only when a commit changed a result (status, success, score, time): most commits carry only the
    content's location and suspend data, and cost nothing here. In process (embedded default, tests) the progress
    is recorded in the commit's transaction; with a task worker, by a task queued in it.
    """
    if not changed or attempt is None or package is None or package_summary is None:
        return
    if not tasks_run_in_process():
        # At scale (a task worker runs): the bookkeeping leaves the commit, the content's most frequent request, for
        # the worker, which records it a moment later from the package's state then. The task row is written in the
        # commit's transaction: stored together or not at all.
        from .tasks import record_scorm_progress

        record_scorm_progress.enqueue(attempt.user_id, package.pk, attempt.pk)
        return
    record_scorm_result(
        attempt.user_id,
        package.pk,
        completion_status=package_summary["completion_status"],
        success_status=package_summary["success_status"],
        score_scaled=package_summary["score_scaled"],
        total_time_seconds=package_summary["total_seconds"],
        attempt_id=attempt.pk,
    )


def connect():
    post_save.connect(on_lesson_saved, sender=LessonPage, dispatch_uid="learning_lesson_packages")
    try:
        from scorm.signals import attempt_committed
    except ImportError:
        logger.info("scorm.signals is not available: SCORM results will not count towards progress")
        return
    attempt_committed.connect(on_scorm_attempt_committed, dispatch_uid="learning_scorm_attempt")
