"""Certificates benchmark: issuance rate (row + signature) and PDF first-render vs cached times.

Run alone: `.venv/bin/python bench/certificates.py [--count N] [--quick]`. Uses a throw-away SQLite database
(or DATABASE_URL). The baseline in the same run is the bare signature (build + sign, no database), so the
ratio shows what the row and transaction add.
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
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-certs-")) / "db.sqlite3")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="completions to issue (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="500 completions")
    args = parser.parse_args()
    count = 500 if args.quick else args.count

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from certificates import keys

    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("bench")
    keys.get_keyring.cache_clear()
    call_command("migrate", verbosity=0, interactive=False)

    from datetime import UTC, datetime
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from certificates import credentials, services
    from certificates.models import Certificate
    from courses.services import get_catalogue, setup_provider
    from learning.models import Completion, Enrolment
    from learning.signals import completion_recorded
    from tests.factories import CoursePageFactory, ProviderFactory

    completion_recorded.receivers.clear()  # issue explicitly below, timed
    provider = ProviderFactory(name="Trường Cao đẳng Bench", slug=f"bench-{int(time.time())}")
    get_catalogue()
    setup_provider(provider)
    course = CoursePageFactory(parent=provider.section, provider=provider, title="An toàn lao động")

    print(f"Preparing {count} completions...", flush=True)
    users = User.objects.bulk_create(
        [User(full_name=f"Nguyễn Văn {i}", email=f"bench{i}-{time.time_ns()}@example.vn") for i in range(count)]
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(user=user, course=course, course_title=course.title, status=Enrolment.COMPLETED) for user in users]
    )
    completions = Completion.objects.bulk_create(
        [
            Completion(
                enrolment=e,
                user=e.user,
                course=course,
                course_title=course.title,
                completed_on=timezone.localdate(),
                hours=Decimal("8"),
                source=Completion.ONLINE,
            )
            for e in enrolments
        ]
    )
    for completion, user in zip(completions, users, strict=True):
        completion.user = user

    # Baseline: build + sign alone.
    sample = min(count, 500)
    data = credentials.CertificateData(
        serial="K7Q2M-XW9PD-HC4TN",
        holder_name="Nguyễn Thị Hương",
        course_title=course.title,
        course_url="https://example.vn/",
        issued_at=datetime.now(UTC),
        hours=8,
        status_list_index=1,
    )
    credentials.issue_credential(data)  # warm the context cache
    start = time.perf_counter()
    for _ in range(sample):
        credentials.issue_credential(data)
    sign_rate = sample / (time.perf_counter() - start)

    start = time.perf_counter()
    for completion in completions:
        services.issue_certificate(completion)
    elapsed = time.perf_counter() - start
    issue_rate = count / elapsed
    assert Certificate.objects.count() >= count

    certificate = Certificate.objects.order_by("pk").first()
    start = time.perf_counter()
    services.certificate_pdf(certificate)
    first_pdf = time.perf_counter() - start
    certificate.refresh_from_db()
    start = time.perf_counter()
    for _ in range(20):
        services.certificate_pdf(certificate)
    cached_pdf = (time.perf_counter() - start) / 20

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"signature only (baseline): {sign_rate:8.1f} credentials/s")
    print(f"issuance (row + signature): {issue_rate:8.1f} certificates/s for {count} completions ({elapsed:.1f} s)")
    print(f"  ratio issuance / baseline: {issue_rate / sign_rate:.2f}")
    print(f"PDF first render: {first_pdf * 1000:8.1f} ms")
    print(f"PDF cached:       {cached_pdf * 1000:8.2f} ms  (first/cached = {first_pdf / cached_pdf:.0f}x)")


if __name__ == "__main__":
    main()
