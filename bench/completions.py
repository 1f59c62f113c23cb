"""Learning-record benchmark: recording completions through the service, and rendering "My learning".

Run alone: `.venv/bin/python bench/completions.py [--count N] [--quick]`. Uses a throw-away SQLite database (or
DATABASE_URL). Baselines measured in the same run: a bare bulk insert of the same completion rows (what the
service's lock, checks, log entry and enrolment update cost on top), and "My learning" for a learner with 5
completions (the page for 500 must cost the same number of queries).
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
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-learning-")) / "db.sqlite3")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="completions to record (default 100,000)")
    parser.add_argument("--page-size", type=int, default=500, help="completions of the learner whose page is rendered")
    parser.add_argument("--quick", action="store_true", help="2,000 completions")
    args = parser.parse_args()
    count = 2_000 if args.quick else args.count

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from decimal import Decimal

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from courses.services import get_catalogue, setup_provider
    from learning import services
    from learning.models import Completion, Enrolment
    from learning.signals import completion_recorded
    from tests.factories import CoursePageFactory, ProviderFactory

    completion_recorded.receivers.clear()  # certificates would issue here: measure the learning record alone
    stamp = time.time_ns()
    get_catalogue()
    provider = ProviderFactory(name="Trường Cao đẳng Bench", slug=f"bench-{stamp}")
    setup_provider(provider)
    course = CoursePageFactory(parent=provider.section, provider=provider, title="An toàn lao động")
    course = type(course).objects.select_related("learning_area", "provider").get(pk=course.pk)

    print(f"Preparing {count:,} learners and enrolments...", flush=True)
    users = User.objects.bulk_create(
        [User(full_name=f"Nguyễn Văn {i}", email=f"b{i}-{stamp}@example.vn") for i in range(count)], batch_size=5000
    )

    def enrol_all(status):
        return Enrolment.objects.bulk_create(
            [Enrolment(user=u, course=course, course_title=course.title, status=status) for u in users],
            batch_size=5000,
        )

    # Baseline: the same rows, bulk-inserted without the service.
    baseline_enrolments = enrol_all(Enrolment.COMPLETED)
    started = time.perf_counter()
    Completion.objects.bulk_create(
        [
            Completion(
                enrolment=e,
                user_id=e.user_id,
                course=course,
                course_title=course.title,
                hours=Decimal("4"),
                completed_on=timezone.localdate(),
                source=Completion.ONLINE,
                learning_area_code="vocational",
            )
            for e in baseline_enrolments
        ],
        batch_size=5000,
    )
    baseline = time.perf_counter() - started

    enrolments = enrol_all(Enrolment.ACTIVE)
    print(f"Recording {count:,} completions through learning.services.record_completion...", flush=True)
    started = time.perf_counter()
    for enrolment in enrolments:
        services.record_completion(enrolment, source=Completion.ONLINE, course=course)
    service_time = time.perf_counter() - started
    per_completion_queries = _queries_per_call(course, services, Completion, Enrolment, users[:20])

    print()
    print(
        f"record {count:,} completions via service: {service_time:8.2f} s  ({count / service_time:,.0f}/s, "
        f"{service_time * 1000 / count:.2f} ms each, {per_completion_queries} queries each)"
    )
    print(f"baseline bulk insert of {count:,} rows:   {baseline:8.2f} s  ({count / baseline:,.0f}/s)")
    print(f"ratio service / bulk insert: {service_time / baseline:.1f}x")

    # "My learning" for a learner with many completions vs one with few.
    def learner_with(n):
        user = User.objects.create_user(
            email=f"learner{n}-{stamp}@example.vn", password=None, full_name=f"Học viên {n}"
        )
        rows = Enrolment.objects.bulk_create(
            [
                Enrolment(user=user, course=course, course_title=course.title, status=Enrolment.COMPLETED)
                for _ in range(n)
            ]
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    enrolment=e,
                    user=user,
                    course=course,
                    course_title=f"{course.title} {i}",
                    hours=Decimal("4"),
                    completed_on=timezone.localdate(),
                    source=Completion.ONLINE,
                    learning_area_code="vocational",
                    learning_area_name="Kỹ năng nghề",
                )
                for i, e in enumerate(rows)
            ]
        )
        return user

    def render(user, repeat=20):
        client = Client()
        client.force_login(user)
        client.get("/my-learning/")  # warm caches (site root paths, templates)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for _ in range(repeat):
                response = client.get("/my-learning/")
                assert response.status_code == 200
            elapsed = (time.perf_counter() - started) / repeat
        return elapsed, len(queries) // repeat

    few_time, few_queries = render(learner_with(5))
    many_time, many_queries = render(learner_with(args.page_size))
    print()
    print(f"render My learning, {args.page_size} completions: {many_time * 1000:7.1f} ms, {many_queries} queries")
    print(f"render My learning, 5 completions (baseline): {few_time * 1000:7.1f} ms, {few_queries} queries")
    print(f"ratio: {many_time / few_time:.2f}x time, {many_queries - few_queries:+d} queries")


def _queries_per_call(course, services, Completion, Enrolment, users):
    """Average number of queries of one record_completion call, measured on fresh enrolments."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = [Enrolment.objects.create(user=u, course=course, course_title=course.title) for u in users]
    with CaptureQueriesContext(connection) as captured:
        for enrolment in fresh:
            services.record_completion(enrolment, source=Completion.ONLINE, course=course)
    return round(len(captured) / len(fresh), 1)


if __name__ == "__main__":
    main()
