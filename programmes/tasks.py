"""Background work: the daily reminders of assigned learning and the catch-up of workers who joined later.

Both are django-tasks, run daily by cms's scheduler (PERIODIC_TASKS) or the management commands; each is safe to
run twice: reminders are recorded once per (worker, event), and a worker already assigned is never added again.
"""

from django_tasks import task


@task()
def send_assignment_reminders():
    """Send today's due, due-soon and renewal reminders (a daily run; repeating it sends nothing twice)."""
    from . import reminders

    return reminders.send_reminders()


@task()
def reconcile_assignments():
    """Give "everybody" and unit assignments to the workers who joined since (imports that bypass signals)."""
    from . import assignments

    return assignments.reconcile()
