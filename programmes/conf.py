"""Every PROGRAMMES_* setting with its default, in one place."""

from django.conf import settings


def remind_days_before():
    """How many days before a due date the first reminder goes out."""
    return int(getattr(settings, "PROGRAMMES_REMIND_DAYS_BEFORE", 7))


def due_grace_days():
    """A due-date reminder still goes out this many days late (a day the daily run missed)."""
    return int(getattr(settings, "PROGRAMMES_DUE_GRACE_DAYS", 3))


def page_size():
    return int(getattr(settings, "PROGRAMMES_PAGE_SIZE", 50))


def notify_batch():
    """Workers per notify_many call."""
    return int(getattr(settings, "PROGRAMMES_NOTIFY_BATCH", 1000))
