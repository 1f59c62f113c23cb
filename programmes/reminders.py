"""Reminders of assigned learning: before the due date, on it, and when recurring training enters its renewal window.

One run a day (tasks.send_assignment_reminders) finds each event's workers with one query per kind, groups them
by (assignment, date) and hands each group to notifications.notify_many, which records one notice per
(worker, event key) and never sends the same event twice, however often the run is repeated.
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisations.models import Membership

from . import conf
from .models import Assignee, Assignment

DUE_SOON, DUE, EXPIRING = "due-soon", "due", "expiring"


def _events(today):
    """{kind: (rows queryset, date field)} of the workers to remind today."""
    soon = today + datetime.timedelta(days=conf.remind_days_before())
    grace = today - datetime.timedelta(days=conf.due_grace_days())
    # Only workers still in the assigning organisation's subtree: someone who left is not asked to train for it.
    still_there = Exists(
        Membership.objects.current(today).filter(
            user_id=OuterRef("user_id"), organisation__path__startswith=OuterRef("assignment__organisation__path")
        )
    )
    rows = Assignee.objects.filter(still_there)
    not_done = rows.filter(completed_on__isnull=True)
    return {
        DUE_SOON: (not_done.filter(due_on__gt=today, due_on__lte=soon), "due_on"),
        DUE: (not_done.filter(due_on__lte=today, due_on__gt=grace), "due_on"),
        EXPIRING: (rows.filter(renew_from__lte=today, expires_on__gte=today), "expires_on"),
    }


def _message(kind, assignment, day):
    values = {"title": assignment.title, "date": formats.date_format(day, "SHORT_DATE_FORMAT")}
    if kind == DUE_SOON:
        return (
            _("Due soon: %(title)s") % values,
            _("Your assigned training “%(title)s” is due on %(date)s.") % values,
        )
    if kind == DUE:
        return (
            _("Due today: %(title)s") % values,
            _("Your assigned training “%(title)s” was due on %(date)s and is not completed yet.") % values,
        )
    return (
        _("Renew your training: %(title)s") % values,
        _("Your training “%(title)s” is valid until %(date)s: take it again before then.") % values,
    )


def event_key(kind, assignment_id, day):
    return f"programmes:{kind}:{assignment_id}:{day.isoformat()}"


def send_reminders(today=None):
    """Send today's reminders; returns {kind: new notices}. Safe to run again: nothing is sent twice."""
    from notifications.services import notify_many

    today = today or timezone.localdate()
    User = get_user_model()
    sent = {}
    for kind, (rows, field) in _events(today).items():
        groups = defaultdict(list)
        for assignment_id, day, user_id in rows.values_list("assignment_id", field, "user_id").order_by(
            "assignment_id", field, "user_id"
        ):
            groups[(assignment_id, day)].append(user_id)
        assignments = Assignment.objects.in_bulk({assignment_id for assignment_id, _day in groups})
        count = 0
        for (assignment_id, day), user_ids in groups.items():
            assignment = assignments[assignment_id]
            subject, body = _message(kind, assignment, day)
            url = reverse("learning:my_learning")
            size = conf.notify_batch()
            for start in range(0, len(user_ids), size):
                users = User.objects.filter(pk__in=user_ids[start : start + size])
                summary = notify_many(
                    users,
                    event_key=event_key(kind, assignment_id, day),
                    subject=subject[:255],
                    body=body,
                    url=url,
                    mandatory=assignment.mandatory,
                )
                count += summary.notified
        sent[kind] = count
    return sent
