"""Background work: the daily reminders of assigned learning."""

from django_tasks import task


@task()
def send_assignment_reminders():
    """Send today's due, due-soon and renewal reminders (a daily run; repeating it sends nothing twice)."""
    from . import reminders

    return reminders.send_reminders()
