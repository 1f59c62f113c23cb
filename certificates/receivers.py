"""Reactions to the learning record: a completion gets its certificate."""

import logging

from django.conf import settings

from . import services

logger = logging.getLogger(__name__)


def on_completion_recorded(sender, completion=None, **kwargs):
    """Receiver for learning.signals.completion_recorded (sent after the completion's transaction commits)."""
    if completion is None:
        return
    if "immediate" not in settings.TASKS["default"]["BACKEND"].lower():
        # With a task worker, signing and rendering leave the learner's request (the last SCORM commit).
        from .tasks import issue_completion_certificate

        issue_completion_certificate.enqueue(completion.pk)
        return
    try:
        services.issue_on_completion(completion)
    except Exception:
        # The completion stands; `issue_certificates` re-issues whatever is missing. Never fail the learner's request.
        logger.exception("Could not issue the certificate of completion %s", completion.pk)


def connect():
    from learning.signals import completion_recorded

    completion_recorded.connect(on_completion_recorded, dispatch_uid="certificates_issue_on_completion")
