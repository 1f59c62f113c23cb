"""Reactions to the learning record: a completion gets its certificate."""

import logging

from cms.tasks_backend import tasks_run_in_process

from . import services

logger = logging.getLogger(__name__)


def on_completion_recorded(sender, completion=None, **kwargs):
    """Receiver for learning.signals.completion_recorded (sent after the completion's transaction commits)."""
    if completion is None:
        return
    if not tasks_run_in_process():
        # With a task worker, signing and rendering leave the learner's request (the last SCORM commit). In process
        # the certificate is signed here (milliseconds), so the completion notice can link to it at once; its PDF
        # and preview are rendered by the background task issuance queues.
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
