"""Reactions: a course completion may complete programmes and satisfy assignments; enrolment asks for prerequisites."""

import logging

logger = logging.getLogger(__name__)


def on_completion_recorded(sender, completion=None, **kwargs):
    """Receiver for learning.signals.completion_recorded (sent after the completion's transaction commits).

    Online, SCORM and imported classroom completions all arrive here, so each one counts the same.
    """
    if completion is None:
        return
    from . import assignments, services

    try:
        services.on_course_completed(completion)
    except Exception:
        # Never fail the learner's request: `issue_programme_certificates` catches up.
        logger.exception("Could not record programme completions for completion %s", completion.pk)
    try:
        assignments.on_completion(completion)
    except Exception:
        logger.exception("Could not update the assignments of completion %s", completion.pk)


def connect():
    from learning import services as learning_services
    from learning.signals import completion_recorded

    from . import prerequisites

    completion_recorded.connect(on_completion_recorded, dispatch_uid="programmes_on_completion")
    if prerequisites.check not in learning_services.enrolment_checks:
        learning_services.enrolment_checks.append(prerequisites.check)
