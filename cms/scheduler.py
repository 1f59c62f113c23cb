"""Periodic jobs: enqueue django-tasks at their times (`manage.py run_scheduler`, docs/deploy.md "Workers").

PERIODIC_TASKS lists (task path, schedule) pairs; a schedule is {"every": seconds} (slots aligned on the epoch)
or {"daily": "HH:MM"} (the site's TIME_ZONE). Each job's current slot is enqueued once however many schedulers
run: a ScheduledRun row per (job, slot) under a unique constraint is claimed in the same transaction as the
enqueue (with the database task backend, both commit or neither). A scheduler that was down catches up the
latest slot it missed, not every one. A job that cannot be enqueued is logged and retried on the next tick;
the others go on.
"""

import datetime
import logging
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_PERIODIC_TASKS = [
    ("cms.tasks.publish_scheduled", {"every": 60}),
    ("programmes.tasks.send_assignment_reminders", {"daily": "06:00"}),
    ("programmes.tasks.reconcile_assignments", {"daily": "02:30"}),
]
KEEP_DAYS = 30
DAILY = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def periodic_tasks():
    """The validated (path, schedule) pairs of PERIODIC_TASKS; ImproperlyConfigured names a bad entry."""
    jobs = getattr(settings, "PERIODIC_TASKS", DEFAULT_PERIODIC_TASKS)
    for entry in jobs:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[1], dict)):
            raise ImproperlyConfigured(f"PERIODIC_TASKS: {entry!r} is not a (task path, schedule) pair")
        path, schedule = entry
        every, daily = schedule.get("every"), schedule.get("daily")
        if set(schedule) == {"every"} and isinstance(every, int) and every > 0:
            continue
        if set(schedule) == {"daily"} and isinstance(daily, str) and DAILY.match(daily):
            continue
        raise ImproperlyConfigured(
            f'PERIODIC_TASKS: {path}: the schedule must be {{"every": seconds}} or {{"daily": "HH:MM"}}, '
            f"not {schedule!r}"
        )
    return list(jobs)


def current_slot(schedule, now):
    """The start of the slot `now` falls in: the latest time the job was due."""
    if "every" in schedule:
        seconds = schedule["every"]
        return datetime.datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=datetime.UTC)
    hour, minute = (int(part) for part in schedule["daily"].split(":"))
    local = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    due = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return due if due <= local else due - datetime.timedelta(days=1)


def run_due(now=None):
    """Enqueue every job whose current slot nobody has enqueued yet; returns the paths enqueued."""
    from .models import ScheduledRun

    now = now or timezone.now()
    enqueued = []
    for path, schedule in periodic_tasks():
        slot = current_slot(schedule, now)
        try:
            task = import_string(path)
            with transaction.atomic():
                ScheduledRun.objects.create(job=path, slot=slot)
                result = task.enqueue()
        except IntegrityError:
            continue  # another scheduler has this slot (or this one, on an earlier tick)
        except Exception:
            # Not claimed (rolled back): the next tick tries again. The other jobs go on.
            logger.exception("Scheduler: could not enqueue %s for %s", path, slot.isoformat())
            continue
        logger.info("Scheduler: enqueued %s for %s (task %s)", path, slot.isoformat(), result.id)
        enqueued.append(path)
    return enqueued


def prune(now=None):
    """Forget the slots older than KEEP_DAYS (the newest slot of each job is far younger)."""
    from .models import ScheduledRun

    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    return ScheduledRun.objects.filter(slot__lt=cutoff).delete()[0]
