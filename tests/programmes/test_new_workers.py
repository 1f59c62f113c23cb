"""Workers who join after an "everybody" or unit assignment get it; leavers are not reminded; imports catch up."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notice
from organisations.models import OrganisationRole
from organisations.services import add_member, end_membership
from programmes import assignments, reminders, tasks
from programmes.models import Assignee, Assignment, ProgrammeEnrolment
from tests.factories import UserFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ASSIGNED = date(2026, 3, 2)


def at(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=HANOI)


@pytest.fixture
def hire(django_capture_on_commit_callbacks):
    """Hire a new worker through organisations.services.add_member; the receivers run as after the commit."""

    def make(organisation, start):
        worker = UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            add_member(worker, organisation, start_date=start)
        return worker

    return make


@pytest.fixture
def assign(tree, make_worker, hr_of):
    """An assignment made on ASSIGNED by D1's union officer, with one worker already at G1 and G2."""
    make_worker(tree["G1"])
    make_worker(tree["G2"])

    def make(target, audience=Assignment.EVERYONE, **kwargs):
        with time_machine.travel(at(ASSIGNED), tick=False):
            return assignments.assign(
                hr_of(tree["D1"], role=OrganisationRole.UNION_OFFICER),
                tree["D1"],
                target=target,
                due_on=date(2026, 4, 30),
                audience=audience,
                **kwargs,
            )

    return make


def row(assignment, worker):
    return Assignee.objects.filter(assignment=assignment, user=worker).first()


def test_a_new_hire_gets_everybody_assignments_due_by_the_rule(tree, courses, assign, hire):
    by_rule = assign(courses[0], new_worker_days=14)
    plain = assign(courses[1])
    with time_machine.travel(at(date(2026, 4, 20)), tick=False):
        early = hire(tree["G2"], date(2026, 4, 20))
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        late_joiner = hire(tree["G1"], date(2026, 5, 25))  # imported a week after the day they started

    # With the rule: N days after joining (or after being added, when HR records the hire late).
    assert row(by_rule, early).due_on == date(2026, 5, 4)
    assert row(by_rule, late_joiner).due_on == date(2026, 6, 15)
    # Without it: the assignment's date, but never less than 30 days to do it.
    assert row(plain, early).due_on == date(2026, 5, 20)
    assert row(plain, late_joiner).due_on == date(2026, 7, 1)
    assert row(plain, early).organisation == tree["G2"] and row(plain, early).cycle == 1
    assert Assignment.objects.get(pk=plain.pk).learner_count == 4
    # Hiring again (the receiver runs on every save) adds nothing.
    with time_machine.travel(at(date(2026, 6, 2)), tick=False):
        assert assignments.on_membership_saved(early.memberships.get()) == 0
    assert Assignee.objects.filter(assignment=plain).count() == 4


def test_only_the_subtree_and_unit_follow(tree, courses, assign, hire):
    everybody = assign(courses[0])
    unit = assign(courses[1], audience=Assignment.UNIT, unit=tree["G1"])
    chosen = assign(courses[2], audience=Assignment.WORKERS, logins=[tree["G1"].memberships.get().employee_number])
    assert unit.unit == tree["G1"] and everybody.unit is None
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        at_g1, at_g2, elsewhere = hire(tree["G1"], None), hire(tree["G2"], None), hire(tree["G3"], None)

    assert set(Assignee.objects.filter(assignment=everybody).values_list("user", flat=True)) >= {at_g1.pk, at_g2.pk}
    assert row(unit, at_g1) and not row(unit, at_g2)
    assert chosen.learner_count == 1 and not row(chosen, at_g1)
    # Another organisation's new hire (G3 is under D2, not D1) gets nothing.
    assert not Assignee.objects.filter(user=elsewhere).exists()


def test_a_new_hire_joins_the_programme_and_earlier_completions_count(tree, programme, courses, assign, hire, complete):
    assignment = assign(programme)
    worker = UserFactory()
    for course in courses:
        complete(worker, course, on=date(2026, 3, 10))
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        add_member(worker, tree["G1"], start_date=date(2026, 4, 1))
        assert assignments.reconcile() == 1
    assert ProgrammeEnrolment.objects.filter(user=worker, programme=programme).exists()
    assert row(assignment, worker).completed_on == date(2026, 3, 10)


def test_a_worker_who_left_is_not_reminded(tree, courses, assign, hire):
    assignment = assign(courses[0])
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        staying, leaving = hire(tree["G1"], None), hire(tree["G2"], None)
        end_membership(leaving.memberships.get(), end_date=date(2026, 4, 10))
    assert row(assignment, leaving)  # the row stays: the lists still show what was asked of them
    with time_machine.travel(at(date(2026, 4, 28)), tick=False):
        reminders.send_reminders()
    notified = set(Notice.objects.filter(event_key__startswith="programmes:").values_list("user_id", flat=True))
    assert staying.pk in notified  # due 1 May (30 days after joining), within the 7 days before it
    assert leaving.pk not in notified


def test_a_bulk_import_of_a_thousand_is_reconciled_in_one_statement(tree, courses, assign, bulk_workers):
    assignment = assign(courses[0], new_worker_days=30)
    other = assign(courses[1], audience=Assignment.UNIT, unit=tree["G2"])
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        imported = bulk_workers(tree["G1"], 1000, "n")  # bulk_create: no signal fires
        assert not Assignee.objects.filter(user__in=imported).exists()
        with CaptureQueriesContext(connection) as queries:
            added = assignments.follow_new_workers(assignment)
        inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        assert added == 1000
        assert len([sql for sql in inserts if Assignee._meta.db_table in sql.split("SELECT")[0]]) == 1
        # The task does the same for every following assignment, and twice is the same as once.
        assert tasks.reconcile_assignments.enqueue().return_value == 0
        assert assignments.reconcile() == 0
    rows = Assignee.objects.filter(assignment=assignment, user__in=imported)
    assert rows.count() == 1000 and set(rows.values_list("due_on", flat=True)) == {date(2026, 5, 1)}
    assert Assignment.objects.get(pk=assignment.pk).learner_count == 1002
    assert not Assignee.objects.filter(assignment=other, user__in=imported).exists()


def test_the_reminder_task_runs_twice_without_sending_twice(tree, courses, assign, hire):
    assign(courses[0])
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        hire(tree["G1"], None)
    with time_machine.travel(at(date(2026, 4, 25)), tick=False):
        first = tasks.send_assignment_reminders.enqueue().return_value
        again = tasks.send_assignment_reminders.enqueue().return_value
    assert first["due-soon"] == 3 and again["due-soon"] == 0


def test_a_bad_rule_is_refused_and_writes_nothing(tree, courses, assign):
    with pytest.raises(ValidationError) as error:
        assign(courses[0], new_worker_days=0)
    assert "new_worker_days" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_hr_sets_the_rule_in_the_assignment_form(tree, courses, make_worker, hr_of, client):
    make_worker(tree["G1"])
    client.force_login(hr_of(tree["G1"]))
    url = f"/hr/{tree['G1'].pk}/assignments/new/"
    form = {"target": courses[0].pk, "due_on": date.today().isoformat(), "audience": "everyone", "renew_days": "30"}
    refused = client.post(url, {**form, "new_worker_days": "0"})
    assert refused.status_code == 200 and not Assignment.objects.exists()
    assert client.post(url, {**form, "new_worker_days": "21"}).status_code == 302
    created = Assignment.objects.get()
    assert (created.new_worker_days, created.unit, created.follows_new_workers) == (21, None, True)


def test_the_daily_command_catches_up_then_reminds(tree, courses, assign, bulk_workers):
    from django.core.management import call_command

    assign(courses[0], new_worker_days=5)
    with time_machine.travel(at(date(2026, 4, 25)), tick=False):
        imported = bulk_workers(tree["G1"], 3, "c")
        call_command("assignment_reminders", "--now")
        call_command("assignment_reminders")  # queued (run at once by the tests' backend): nothing twice
    reminded = Notice.objects.filter(user__in=imported, event_key__startswith="programmes:due-soon:")
    assert reminded.count() == 3  # added, due in 5 days, so reminded that morning, once
    assert Assignee.objects.filter(user__in=imported).count() == 3
