"""Reactions to other apps' events: SCORM attempts become lesson progress; saved lessons refresh the package index."""

import logging

from django.db.models.signals import post_save

from courses.models import LessonPage

from .services import record_scorm_result, sync_lesson_packages

logger = logging.getLogger(__name__)


def on_lesson_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_lesson_packages(instance)


def on_scorm_attempt_committed(sender, attempt=None, user=None, package=None, **kwargs):
    """Receiver for scorm.signals.attempt_committed (kwargs: attempt, user, package, sco, statuses, scores, time)."""
    if user is None or package is None or not getattr(user, "is_authenticated", False):
        return
    record_scorm_result(
        user,
        getattr(package, "pk", package),
        completion_status=kwargs.get("completion_status"),
        success_status=kwargs.get("success_status"),
        score_scaled=kwargs.get("score_scaled"),
        score_raw=kwargs.get("score_raw"),
        total_time_seconds=kwargs.get("total_time_seconds"),
        attempt_id=getattr(attempt, "pk", None),
    )


def connect():
    post_save.connect(on_lesson_saved, sender=LessonPage, dispatch_uid="learning_lesson_packages")
    try:
        from scorm.signals import attempt_committed
    except ImportError:
        logger.info("scorm.signals is not available: SCORM results will not count towards progress")
        return
    attempt_committed.connect(on_scorm_attempt_committed, dispatch_uid="learning_scorm_attempt")
