"""Recognition benchmark: QĐ 1268 indicators of a province, a district and one enterprise, and the yearly
evaluation, on a generated province (default 500,000 workers and 5,000,000 completions).

Run alone: `.venv/bin/python bench/indicators.py [--workers N] [--completions N] [--enterprises N] [--quick]`.
Uses a throw-away SQLite database unless DATABASE_URL is set (use PostgreSQL, your own database, for the real
figures). Baseline measured in the same run: COUNT(*) of the memberships (one scan); figures are also ratios to it.
Target: province indicators under 2 s on PostgreSQL.
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
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-rec-")) / "db.sqlite3")


def timed(fn, repeat=2):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def generate(workers, completions, enterprises, districts=10):
    """Bulk-load the tree, users, memberships, enrolments and completions (direct bulk_create, no signals)."""
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from learning.models import Completion, Enrolment
    from organisations.models import Membership, Organisation
    from organisations.services import create_organisation

    rng = random.Random(1268)
    province = create_organisation(name="LĐLĐ tỉnh Bench", kind=Organisation.PROVINCIAL)
    units = []
    for d in range(districts):
        district = create_organisation(province, name=f"LĐLĐ huyện {d:02d}", kind=Organisation.DISTRICT)
        for e in range(enterprises // districts):
            units.append(
                create_organisation(
                    district, name=f"CĐCS DN {d:02d}-{e:04d}", kind=Organisation.GRASSROOTS, unit_type="enterprise"
                )
            )
    User = get_user_model()
    batch = 20_000
    for start in range(0, workers, batch):
        User.objects.bulk_create(
            [
                User(email=f"w{i}@bench.vn", full_name=f"Công nhân {i}", password="!")  # noqa: S106 (unusable password)
                for i in range(start, min(start + batch, workers))
            ]
        )
    user_ids = list(User.objects.filter(email__endswith="@bench.vn").order_by("pk").values_list("pk", flat=True))
    since = datetime.date(2024, 1, 1)
    for start in range(0, len(user_ids), batch):
        Membership.objects.bulk_create(
            [
                Membership(user_id=uid, organisation=units[i % len(units)], start_date=since)
                for i, uid in enumerate(user_ids[start : start + batch], start)
            ]
        )
    areas = ["politics_law", "vocational", "life_skills", "digital", "foreign_language", "general"]
    for start in range(0, completions, batch):
        size = min(batch, completions - start)
        owners = [user_ids[rng.randrange(len(user_ids))] for _ in range(size)]
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(user_id=uid, course_title="Bench", status=Enrolment.COMPLETED) for uid in owners]
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    enrolment=e,
                    user_id=e.user_id,
                    course_title="Bench",
                    learning_area_code=rng.choice(areas),
                    completed_on=since + datetime.timedelta(days=rng.randrange(730)),
                    hours=Decimal("4.0"),
                    source="imported",
                )  # fmt: skip
                for e in enrolments
            ]
        )
    return province, units


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=500_000)
    parser.add_argument("--completions", type=int, default=5_000_000)
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true", help="5,000 workers, 50,000 completions, 100 enterprises")
    args = parser.parse_args()
    if args.quick:
        args.workers, args.completions, args.enterprises = 5_000, 50_000, 100

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from organisations.models import Membership
    from recognition import indicators
    from recognition.evaluation import evaluate

    started = time.perf_counter()
    province, units = generate(args.workers, args.completions, args.enterprises)
    print(f"{connection.vendor}: {args.workers:,} workers, {args.completions:,} completions, {len(units)} enterprises "
          f"generated in {time.perf_counter() - started:.1f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    baseline, _ = timed(lambda: Membership.objects.count())
    print(f"baseline COUNT(*) memberships: {baseline:.3f} s")
    start, end = indicators.period_bounds(2025)
    district = province.get_children().first()
    for label, org in (("province", province), ("district", district), ("enterprise", units[0])):
        elapsed, figures = timed(lambda org=org: indicators.indicators_for(org, start, end))
        print(f"indicators {label:<10} {elapsed:8.3f} s  x{elapsed / baseline:8.1f}  workers={figures.workers:,}")
    elapsed, _ = timed(lambda: indicators.breakdown(province, start, end), repeat=1)
    print(f"breakdown by district     {elapsed:8.3f} s  x{elapsed / baseline:8.1f}")
    elapsed, result = timed(lambda: evaluate(2025, province), repeat=1)
    print(f"yearly evaluation (first) {elapsed:8.3f} s  x{elapsed / baseline:8.1f}  persons={result.persons:,}")
    elapsed, result = timed(lambda: evaluate(2025, province), repeat=1)
    print(f"yearly evaluation (re-run){elapsed:8.3f} s  x{elapsed / baseline:8.1f}  {dict(result.titles)}")


if __name__ == "__main__":
    main()
