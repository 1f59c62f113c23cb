"""Assignments benchmark: a programme assigned to 100,000 workers of a province, then the province's late list.

Run alone: `.venv/bin/python bench/assignments.py [--workers N] [--enterprises N] [--done SHARE] [--quick]`.
Builds a province of `--enterprises` enterprises and `--workers` workers (bulk inserts), a 3-course programme,
and completions of every course for a share of the workers (`--done`, 0.4) before the due date. Then it times:
- assigning the programme to everybody in the province (programmes.assignments.assign: rows, programme
  enrolments, completions applied), once;
- the province's late list the day after the due date (assignments.late_list, every row fetched), best of 3,
  with its number of queries (one);
- beside it, in the same run, a plain COUNT over the same memberships (the province's current workers), best
  of 3; the ratio late list / COUNT is printed.
The province, its enterprises and workers come from bench/orgs.py's builder (one tree shape for both benchmarks);
this one adds the courses, the programme and the completions.
Uses a throw-away SQLite database unless DATABASE_URL is set (use PostgreSQL for the real figures).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-assign-")) / "db.sqlite3")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--done", type=float, default=0.4, help="share of workers who completed every course")
    parser.add_argument("--quick", action="store_true", help="10,000 workers in 40 enterprises")
    args = parser.parse_args()
    if args.quick:
        args.workers, args.enterprises = 10_000, 40

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    stamp = time.time_ns()
    province, programme = build(args, stamp)
    run(args, province, programme, stamp)


def build(args, stamp):
    from datetime import date
    from decimal import Decimal

    from django.db import connection

    from bench.orgs import build as build_organisations
    from courses.models import CoursePage, LearningArea, Level, Provider
    from courses.services import get_catalogue, setup_provider
    from learning.models import Completion, Enrolment
    from organisations.models import Membership
    from programmes.models import ProgrammeCourse, ProgrammePage

    started = time.perf_counter()
    tree = argparse.Namespace(enterprises=args.enterprises, workers=args.workers, export_rows=args.workers // 5)
    province, _district, _units = build_organisations(tree, f"LĐLĐ tỉnh Bench {stamp}")

    get_catalogue()
    provider = Provider.objects.create(name=f"Bench college {stamp}", slug=f"bench-{stamp}")
    section = setup_provider(provider)
    area, level = LearningArea.objects.get(code="vocational"), Level.objects.get(code="beginner")
    courses = []
    for n in range(3):
        course = CoursePage(
            title=f"An toàn lao động {n + 1}",
            slug=f"an-toan-{stamp}-{n}",
            summary="Bench",
            learning_area=area,
            level=level,
            provider=provider,
            certificate_on_completion=False,
        )
        section.add_child(instance=course)
        courses.append(course)
    programme = ProgrammePage(title="An toàn lao động toàn diện", slug=f"chuong-trinh-{stamp}", summary="Bench")
    section.add_child(instance=programme)
    for n, course in enumerate(courses):
        ProgrammeCourse.objects.create(programme=programme, course=course, sort_order=n)

    # A share of the workers, spread evenly over the enterprises, completed every course before the due date.
    members = Membership.objects.filter(organisation__path__startswith=province.path).order_by("pk")
    user_ids = list(members.values_list("user_id", flat=True))
    learners = [uid for i, uid in enumerate(user_ids) if int((i + 1) * args.done) > int(i * args.done)]
    batch = 20_000
    for start in range(0, len(learners), batch):
        chunk = learners[start : start + batch]
        for course in courses:
            enrolments = Enrolment.objects.bulk_create(
                [
                    Enrolment(user_id=uid, course=course, course_title=course.title, status=Enrolment.COMPLETED)
                    for uid in chunk
                ],
                batch_size=5000,
            )
            Completion.objects.bulk_create(
                [
                    Completion(
                        enrolment=e,
                        user_id=e.user_id,
                        course=course,
                        course_title=course.title,
                        learning_area_code="vocational",
                        completed_on=date(2026, 1, 15),
                        hours=Decimal("2"),
                        source=Completion.IMPORTED,
                    )
                    for e in enrolments
                ],
                batch_size=5000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Courses and {len(learners):,} learners' completions in {time.perf_counter() - started:.0f} s", flush=True)
    province.refresh_from_db()
    return province, ProgrammePage.objects.get(pk=programme.pk)


def run(args, province, programme, stamp):
    from datetime import date, timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.orgs import timed
    from organisations.models import Membership, OrganisationRole
    from organisations.services import grant_role
    from programmes import assignments, status
    from programmes.models import Assignment

    officer = User.objects.create_user(email=f"union-{stamp}@bench.vn", password=None, full_name="Union")
    grant_role(officer, province, OrganisationRole.UNION_OFFICER)
    due = date(2026, 6, 30)

    started = time.perf_counter()
    assignment = assignments.assign(
        officer, province, target=programme, due_on=due, audience=Assignment.EVERYONE, today=date(2026, 2, 1)
    )
    assign_seconds = time.perf_counter() - started

    day_after = due + timedelta(days=1)
    late_seconds, late_rows = timed(lambda: list(assignments.late_list(province, day_after)))
    with CaptureQueriesContext(connection) as queries:
        list(assignments.late_list(province, day_after))
    page_seconds, _page = timed(lambda: list(assignments.late_list(province, day_after)[:50]))
    late_count_seconds, _late_count = timed(lambda: assignments.late_list(province, day_after).count())
    count_seconds, members = timed(
        lambda: Membership.objects.filter(organisation__path__startswith=province.path).current(day_after).count()
    )
    figures = assignments.summary(assignments.assignees_visible_to(officer, province), day_after)
    expected_late = figures[status.LATE]
    assert len(late_rows) == expected_late, (len(late_rows), expected_late)

    print(f"database: {connection.vendor}")
    print(f"assigned the programme to {assignment.learner_count:,} workers in {assign_seconds:.2f} s")
    print(
        f"the day after the due date: {figures[status.ON_TIME]:,} on time, {expected_late:,} late "
        f"(of {figures['total']:,})"
    )
    print(f"late list of the province: {len(late_rows):,} rows in {late_seconds * 1000:.1f} ms, {len(queries)} query")
    print(f"  its first page (50 rows): {page_seconds * 1000:.1f} ms; its COUNT: {late_count_seconds * 1000:.1f} ms")
    print(f"plain COUNT over the same {members:,} memberships: {count_seconds * 1000:.1f} ms")
    print(f"ratio late list / COUNT: {late_seconds / count_seconds:.1f}")
    print(f"ratio late COUNT / COUNT: {late_count_seconds / count_seconds:.1f}")

    # 1,000 workers imported later with bulk_create (no signal): the daily catch-up adds them in one INSERT.
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    hires = User.objects.bulk_create(
        [
            User(full_name=f"Người mới {n}", email=f"moi-{stamp}-{n}@bench.vn", password=UNUSABLE_PASSWORD_PREFIX)
            for n in range(1000)
        ],
        batch_size=1000,
    )
    workplace = Membership.objects.filter(organisation__path__startswith=province.path).first().organisation
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=workplace, start_date=date(2026, 3, 1)) for u in hires], batch_size=1000
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        added = assignments.follow_new_workers(assignment, today=date(2026, 3, 2))
    follow_seconds = time.perf_counter() - started
    inserts = sum(1 for q in queries.captured_queries if q["sql"].startswith("INSERT"))
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    print(
        f"catch-up of {added:,} imported workers: {follow_seconds * 1000:.1f} ms, {len(queries)} queries "
        f"({inserts} INSERTs: the rows, the programme enrolments); ratio to COUNT: {follow_seconds / count_seconds:.1f}"
    )
    print(f"  its slowest query ({float(slowest['time']) * 1000:.0f} ms): {slowest['sql'][:100]}")


if __name__ == "__main__":
    main()
