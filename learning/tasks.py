"""Background work of the learning record (django-tasks)."""

from django.db import transaction
from django_tasks import task


@task()
def record_scorm_progress(user_id, package_id, attempt_id):
    """A learner's SCORM result becomes lesson progress (and a course completion) in a task worker.

    Reads the package's state when it runs, not when it was queued: tasks that run late, twice or out of order
    record the same thing. The learner's attempts of the package are locked first, as a commit locks its attempt,
    so a commit and this task, or two such tasks, apply one at a time.
    """
    from scorm.models import Attempt, Package
    from scorm.services import package_summary

    from .services import record_scorm_result

    with transaction.atomic():
        package = Package.objects.filter(pk=package_id).first()
        if package is None:
            return 0
        list(
            Attempt.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, sco__package=package)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        summary = package_summary(user_id, package)
        results = record_scorm_result(
            user_id,
            package_id,
            completion_status=summary["completion_status"],
            success_status=summary["success_status"],
            score_scaled=summary["score_scaled"],
            total_time_seconds=summary["total_seconds"],
            attempt_id=attempt_id,
        )
    return len(results)
