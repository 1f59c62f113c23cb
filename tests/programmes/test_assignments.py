"""Assignments to 1,000 workers with recurrence: the on-time, late and expiring lists as the clock moves on."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from learning.importer import import_completions
from learning.models import Completion
from organisations.models import OrganisationRole
from programmes import assignments, status
from programmes.models import Assignee, Assignment, ProgrammeEnrolment

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day):
    """Noon in Vietnam on `day`, for time_machine."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=HANOI)


def ids(rows):
    return {row.user_id for row in rows}


def counts(queryset, today):
    figures = assignments.summary(queryset, today)
    return {name: figures[name] for name in status.STATUSES if figures[name]}


def import_classroom(officer, course, users, day, django_capture_on_commit_callbacks):
    """HR imports classroom completions (learning.importer), as a CSV of e-mails."""
    lines = ["learner,course,completed_on"] + [f"{u.email},{course.pk},{day.isoformat()}" for u in users]
    upload = io.BytesIO("\n".join(lines).encode())
    with django_capture_on_commit_callbacks(execute=True):
        result = import_completions(upload, "classroom.csv", by=officer)
    assert result.ok, result.errors[:3]


def test_a_thousand_workers_with_recurrence(
    tree, courses, bulk_workers, hr_of, complete, django_capture_on_commit_callbacks
):
    course = courses[0]
    course.certificate_on_completion = False  # certificates are tested elsewhere; signing 1,000 would be slow
    course.save_revision().publish()
    g1 = bulk_workers(tree["G1"], 600, "a")
    g2 = bulk_workers(tree["G2"], 400, "b")
    workers = g1 + g2
    officer = hr_of(tree["D1"], role=OrganisationRole.UNION_OFFICER)
    hr = hr_of(tree["G1"])

    with time_machine.travel(at(date(2026, 1, 5)), tick=False):
        assignment = assignments.assign(
            officer,
            tree["D1"],
            target=course,
            due_on=date(2026, 3, 31),
            audience=Assignment.EVERYONE,
            valid_months=12,
            renew_days=30,
        )
        assert assignment.learner_count == 1000
        rows = assignments.assignees_visible_to(officer, tree["D1"]).filter(assignment=assignment)
        assert counts(rows, date(2026, 1, 5)) == {status.PENDING: 1000}

    early, late_ones, never = workers[:300], workers[300:500], workers[500:]
    with time_machine.travel(at(date(2026, 2, 1)), tick=False):
        # Classroom training imported by HR satisfies the assignment like online learning.
        import_classroom(hr, course, early, date(2026, 2, 1), django_capture_on_commit_callbacks)
    assert Completion.objects.filter(source=Completion.IMPORTED).count() == 300

    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        today = date(2026, 4, 1)
        assert counts(rows, today) == {status.ON_TIME: 300, status.LATE: 700}
        assert ids(assignments.person_rows(rows, today, status.LATE)) == {u.pk for u in late_ones + never}
        # The late list of the province: the same people, in one query.
        province_late = assignments.late_list(tree["P"], today)
        assert {row["user_id"] for row in province_late} == {u.pk for u in late_ones + never}

    with time_machine.travel(at(date(2026, 4, 15)), tick=False):
        for worker in late_ones:
            complete(worker, course, on=date(2026, 4, 15))
        today = date(2026, 4, 15)
        assert counts(rows, today) == {status.ON_TIME: 300, status.COMPLETED_LATE: 200, status.LATE: 500}

    # Next January: the February completions (valid until 1 February 2027) enter their renewal window.
    with time_machine.travel(at(date(2027, 1, 10)), tick=False):
        today = date(2027, 1, 10)
        assert counts(rows, today) == {status.EXPIRING: 300, status.COMPLETED_LATE: 200, status.LATE: 500}
        assert ids(assignments.person_rows(rows, today, status.EXPIRING)) == {u.pk for u in early}
        renewed = early[:100]
        for worker in renewed:
            complete(worker, course, on=today)
        assert counts(rows, today) == {
            status.ON_TIME: 100,
            status.EXPIRING: 200,
            status.COMPLETED_LATE: 200,
            status.LATE: 500,
        }
        row = Assignee.objects.get(assignment=assignment, user=renewed[0])
        assert (row.cycle, row.due_on, row.completed_on, row.expires_on) == (
            2,
            date(2027, 2, 1),
            today,
            date(2028, 1, 10),
        )

    # After 1 February 2027 the 200 not renewed are late again; the April ones start their window in March.
    with time_machine.travel(at(date(2027, 2, 5)), tick=False):
        today = date(2027, 2, 5)
        assert counts(rows, today) == {status.ON_TIME: 100, status.COMPLETED_LATE: 200, status.LATE: 700}
        assert ids(assignments.person_rows(rows, today, status.LATE)) == {u.pk for u in early[100:] + never}
    with time_machine.travel(at(date(2027, 3, 20)), tick=False):
        today = date(2027, 3, 20)
        assert counts(rows, today) == {status.ON_TIME: 100, status.EXPIRING: 200, status.LATE: 700}
        # Per workplace: G1 holds the first 600 workers (200 not renewed, 100 never done), G2 the other 400 (never done).
        per_org = {row["organisation_id"]: row for row in assignments.per_organisation(rows, today)}
        assert per_org[tree["G1"].pk]["late"] == 300 and per_org[tree["G2"].pk]["late"] == 400
        assert per_org[tree["G1"].pk]["total"] == 600 and per_org[tree["G2"].pk]["total"] == 400
        # HR of G1 sees only G1's 600.
        assert assignments.summary(assignments.assignees_visible_to(hr, tree["G1"]), today)["total"] == 600


def test_a_completion_before_the_assignment_counts(tree, courses, make_worker, hr_of, complete):
    worker, other = make_worker(tree["G1"]), make_worker(tree["G1"])
    complete(worker, courses[0], on=date(2025, 6, 1))
    assignment = assignments.assign(
        hr_of(tree["G1"]), tree["G1"], target=courses[0], due_on=date.today(), audience=Assignment.EVERYONE
    )
    rows = {row.user_id: row for row in Assignee.objects.filter(assignment=assignment)}
    assert rows[worker.pk].completed_on == date(2025, 6, 1)
    assert rows[other.pk].completed_on is None


def test_an_expired_completion_does_not_count_for_recurring_training(tree, courses, make_worker, hr_of, complete):
    worker = make_worker(tree["G1"])
    complete(worker, courses[0], on=date(2020, 1, 1))
    assignment = assignments.assign(
        hr_of(tree["G1"]),
        tree["G1"],
        target=courses[0],
        due_on=date.today(),
        audience=Assignment.EVERYONE,
        valid_months=12,
    )
    assert Assignee.objects.get(assignment=assignment).completed_on is None


def test_a_programme_assignment_is_done_when_every_course_is(tree, programme, courses, make_worker, hr_of, complete):
    worker = make_worker(tree["G1"])
    assignment = assignments.assign(
        hr_of(tree["G1"]), tree["G1"], target=programme, due_on=date.today(), audience=Assignment.EVERYONE
    )
    assert ProgrammeEnrolment.objects.filter(user=worker, programme=programme).exists()
    for course in courses[:2]:
        complete(worker, course)
    assert Assignee.objects.get(assignment=assignment).completed_on is None
    complete(worker, courses[2])
    assert Assignee.objects.get(assignment=assignment).completed_on == date.today()


def test_assign_to_chosen_workers_a_unit_or_a_list(tree, courses, make_worker, hr_of):
    officer = hr_of(tree["D1"], role=OrganisationRole.UNION_OFFICER)
    a = make_worker(tree["G1"], phone="0912000001")
    b = make_worker(tree["G2"])
    make_worker(tree["G2"])
    chosen = assignments.assign(
        officer,
        tree["D1"],
        target=courses[0],
        due_on=date.today(),
        audience=Assignment.WORKERS,
        logins=["0912 000 001", b.email.upper(), f"NV{b.pk:05d}"],
    )
    assert set(Assignee.objects.filter(assignment=chosen).values_list("user_id", flat=True)) == {a.pk, b.pk}
    unit = assignments.assign(
        officer, tree["D1"], target=courses[0], due_on=date.today(), audience=Assignment.UNIT, unit=tree["G2"]
    )
    assert unit.learner_count == 2 and unit.audience_label == tree["G2"].name
    listed = io.BytesIO(f"learner\n{a.email}\n{b.email}\n".encode())
    logins = assignments.read_logins(listed, "list.csv")
    imported = assignments.assign(
        officer, tree["D1"], target=courses[0], due_on=date.today(), audience=Assignment.LIST, logins=logins
    )
    assert imported.learner_count == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_on": date(2020, 1, 1)}, "due_on"),
        ({"valid_months": 0}, "valid_months"),
        ({"valid_months": 1, "renew_days": 60}, "renew_days"),
        ({"renew_days": -1}, "renew_days"),
        ({"audience": "nobody"}, "audience"),
        ({"audience": Assignment.WORKERS, "logins": []}, "logins"),
        ({"audience": Assignment.WORKERS, "logins": ["nobody@example.vn"]}, "logins"),
        ({"audience": Assignment.UNIT, "unit": None}, "unit"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(tree, courses, make_worker, hr_of, changes, field):
    make_worker(tree["G1"])
    arguments = {"target": courses[0], "due_on": date.today(), "audience": Assignment.EVERYONE, **changes}
    with pytest.raises(ValidationError) as error:
        assignments.assign(hr_of(tree["G1"]), tree["G1"], **arguments)
    assert field in error.value.message_dict
    assert not Assignment.objects.exists() and not Assignee.objects.exists()


def test_nobody_to_assign_writes_nothing(tree, courses, hr_of):
    with pytest.raises(ValidationError):
        assignments.assign(hr_of(tree["G3"]), tree["G3"], target=courses[0], due_on=date.today(), audience="everyone")
    assert not Assignment.objects.exists()


def test_an_unpublished_course_cannot_be_assigned(tree, courses, make_worker, hr_of):
    make_worker(tree["G1"])
    courses[0].unpublish()
    with pytest.raises(ValidationError):
        assignments.assign(hr_of(tree["G1"]), tree["G1"], target=courses[0], due_on=date.today(), audience="everyone")


def test_resolve_target_by_id_or_address(courses, programme):
    assert assignments.resolve_target(str(courses[0].pk)) == courses[0]
    assert assignments.resolve_target(courses[1].url) == courses[1]
    assert assignments.resolve_target("https://hoctap.example.vn" + programme.url) == programme
    for bad in ("", "abc", "²", "99999999999999999999", "/khong-co/", "https://"):
        assert assignments.resolve_target(bad) is None


def test_read_logins_refuses_bad_files():
    with pytest.raises(ValidationError):
        assignments.read_logins(io.BytesIO(b"x"), "list.pdf")
    with pytest.raises(ValidationError):
        assignments.read_logins(io.BytesIO(b"\xff\xfe\x00"), "list.csv")
    with pytest.raises(ValidationError):
        assignments.read_logins(io.BytesIO(b"not a workbook"), "list.xlsx")
    with pytest.raises(ValidationError):
        assignments.read_logins(io.BytesIO(b"learner\n"), "list.csv")
    with pytest.raises(ValidationError):
        assignments.read_logins(io.BytesIO(b"learner\nan\x00@example.vn\n"), "list.csv")


def test_assigning_needs_the_enrol_capability(tree, courses, make_worker):
    from tests.factories import UserFactory

    make_worker(tree["G1"])
    with pytest.raises(PermissionDenied):
        assignments.assign(UserFactory(), tree["G1"], target=courses[0], due_on=date.today(), audience="everyone")
