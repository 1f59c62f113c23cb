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


def on_membership_saved(sender, instance=None, raw=False, update_fields=None, **kwargs):
    """Receiver for Membership post_save: a worker who joins gets the "everybody" and unit assignments of the
    subtree, once the hire is committed. Imports that bypass signals (bulk_create) are caught up by
    tasks.reconcile_assignments."""
    if raw or instance is None or (update_fields and "end_date" in update_fields and instance.end_date):
        return  # a period ending is nobody joining
    from django.db import transaction

    from . import assignments

    def follow():
        try:
            assignments.on_membership_saved(instance)
        except Exception:
            # Never fail the hire: the daily reconciliation catches up.
            logger.exception("Could not give membership %s its assignments", instance.pk)

    transaction.on_commit(follow)


def connect():
    from django.db.models.signals import post_save

    from learning import services as learning_services
    from learning.signals import completion_recorded
    from organisations.models import Membership

    from . import prerequisites

    completion_recorded.connect(on_completion_recorded, dispatch_uid="programmes_on_completion")
    post_save.connect(on_membership_saved, sender=Membership, dispatch_uid="programmes_on_membership")
    if prerequisites.check not in learning_services.enrolment_checks:
        learning_services.enrolment_checks.append(prerequisites.check)
