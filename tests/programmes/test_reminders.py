"""Reminders before the due date, on it, and for expiring training: each event once per worker, in batches."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from notifications.models import Notice
from notifications.services import set_optional_messages
from programmes import assignments, reminders
from programmes.models import Assignment

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=HANOI)


@pytest.fixture
def setting(tree, courses, make_worker, hr_of, complete):
    workers = [make_worker(tree["G1"]) for _n in range(3)]
    with time_machine.travel(at(date(2026, 3, 1)), tick=False):
        assignment = assignments.assign(
            hr_of(tree["G1"]),
            tree["G1"],
            target=courses[0],
            due_on=date(2026, 3, 31),
            audience=Assignment.EVERYONE,
            valid_months=12,
            renew_days=30,
        )
        complete(workers[0], courses[0], on=date(2026, 3, 1))
    return assignment, workers


def keys(user):
    return sorted(Notice.objects.filter(user=user).values_list("event_key", flat=True))


def test_each_event_reaches_each_worker_once(setting):
    assignment, (done, first, second) = setting
    with time_machine.travel(at(date(2026, 3, 10)), tick=False):
        assert reminders.send_reminders() == {"due-soon": 0, "due": 0, "expiring": 0}
    with time_machine.travel(at(date(2026, 3, 26)), tick=False):
        assert reminders.send_reminders()["due-soon"] == 2
        assert reminders.send_reminders()["due-soon"] == 0  # the same day again: nothing twice
    with time_machine.travel(at(date(2026, 3, 27)), tick=False):
        assert reminders.send_reminders()["due-soon"] == 0  # the next day: still the same event
    soon = f"programmes:due-soon:{assignment.pk}:2026-03-31"
    assert keys(first) == [soon] and keys(done) == []
    notice = Notice.objects.get(user=first, event_key=soon)
    assert assignment.title in notice.subject and "31/03/2026" in notice.body and notice.url == "/my-learning/"
    assert notice.channels == ["email"]
    assert {m.to[0] for m in mail.outbox} == {first.email, second.email}

    with time_machine.travel(at(date(2026, 3, 31)), tick=False):
        assert reminders.send_reminders()["due"] == 2
    with time_machine.travel(at(date(2026, 4, 2)), tick=False):
        assert reminders.send_reminders()["due"] == 0
    assert keys(second) == sorted([f"programmes:due:{assignment.pk}:2026-03-31", soon])

    # The completion of 1 March 2026 holds until 1 March 2027; renewal opens on 30 January 2027.
    with time_machine.travel(at(date(2027, 1, 29)), tick=False):
        assert reminders.send_reminders()["expiring"] == 0
    with time_machine.travel(at(date(2027, 1, 30)), tick=False):
        assert reminders.send_reminders()["expiring"] == 1
    with time_machine.travel(at(date(2027, 2, 20)), tick=False):
        assert reminders.send_reminders()["expiring"] == 0
    assert keys(done) == [f"programmes:expiring:{assignment.pk}:2027-03-01"]


def test_the_daily_command_queues_the_run(setting):
    _assignment, (_done, first, _second) = setting
    with time_machine.travel(at(date(2026, 3, 26)), tick=False):
        call_command("assignment_reminders")
        call_command("assignment_reminders", "--now")
    assert Notice.objects.filter(user=first).count() == 1


def test_optional_training_respects_the_opt_out(tree, courses, make_worker, hr_of):
    worker, keen = make_worker(tree["G2"]), make_worker(tree["G2"])
    set_optional_messages(worker, False)
    with time_machine.travel(at(date(2026, 3, 1)), tick=False):
        assignments.assign(
            hr_of(tree["G2"]),
            tree["G2"],
            target=courses[1],
            due_on=date(2026, 3, 5),
            audience=Assignment.EVERYONE,
            mandatory=False,
        )
        reminders.send_reminders()
    # The notice is on the person's pages either way; only the e-mail follows the opt-out.
    assert Notice.objects.get(user=worker).channels == []
    assert Notice.objects.get(user=keen).channels == ["email"]
    assert not Notice.objects.get(user=keen).mandatory
