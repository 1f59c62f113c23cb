"""An assigned worker's status on a day, as database conditions over the row's dates (never a Python loop).

Exactly one holds for each row:
- late: not completed and the due date has passed, or the completion expired (recurring) and was not renewed;
- expiring: completed, and today is in the renewal window (from `renew_from` to `expires_on`);
- on_time / completed_late: completed (and not in the renewal window), by the due date or after it;
- pending: not completed, due today or later.
"""

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

LATE = "late"
EXPIRING = "expiring"
ON_TIME = "on_time"
COMPLETED_LATE = "completed_late"
PENDING = "pending"
STATUSES = (LATE, EXPIRING, PENDING, ON_TIME, COMPLETED_LATE)
LABELS = {
    LATE: _("Late"),
    EXPIRING: _("Expiring soon"),
    PENDING: _("Not yet due"),
    ON_TIME: _("Done on time"),
    COMPLETED_LATE: _("Done late"),
}


def late(today):
    return Q(completed_on__isnull=True, due_on__lt=today) | Q(expires_on__lt=today)


def expiring(today):
    return Q(renew_from__lte=today, expires_on__gte=today)


def _done(today):
    return Q(completed_on__isnull=False) & (Q(expires_on__isnull=True) | Q(renew_from__gt=today))


def on_time(today):
    return _done(today) & Q(completed_on__lte=F("due_on"))


def completed_late(today):
    return _done(today) & Q(completed_on__gt=F("due_on"))


def pending(today):
    return Q(completed_on__isnull=True, due_on__gte=today)


CONDITIONS = {LATE: late, EXPIRING: expiring, ON_TIME: on_time, COMPLETED_LATE: completed_late, PENDING: pending}


def condition(status, today):
    """The Q for one status on `today`; raises KeyError for an unknown status."""
    return CONDITIONS[status](today)


def annotation(today):
    """A CASE expression giving each row its status on `today`."""
    return Case(
        *[When(CONDITIONS[name](today), then=Value(name)) for name in (LATE, EXPIRING, ON_TIME, COMPLETED_LATE)],
        default=Value(PENDING),
        output_field=CharField(),
    )
