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


def _tree(enterprises, districts):
    from organisations.models import Organisation
    from organisations.services import create_organisation

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
    return province, units


def _insert_select(cursor, model, count, expressions, source="generate_series(1, %s) AS g", params=()):
    """INSERT INTO model's table SELECT ... FROM generate_series: `expressions` give SQL per column (g is the row
    number); every other column gets the model field's default (NULL when it has none), so a new column with a
    default does not break the benchmark."""
    from django.db import connection

    columns, values, defaults = [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        if model_field.column in expressions:
            values.append(expressions[model_field.column])
        else:
            values.append("%s")
            value = model_field.get_default() if model_field.has_default() or not model_field.null else None
            defaults.append(model_field.get_db_prep_save(value, connection))
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
    cursor.execute(sql, [*defaults, *params, *([count] if "%s" in source else [])])


def generate_postgresql(workers, completions, enterprises, districts=10):
    """The same data as generate(), written by INSERT ... SELECT generate_series in the database (minutes, not hours).

    Every worker has one current membership in an enterprise (round robin); completions belong to random workers,
    each with its enrolment, spread over 2024 and 2025 and over the six learning areas (seeded, repeatable).
    """
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from learning.models import Completion, Enrolment
    from organisations.models import Membership

    province, units = _tree(enterprises, districts)
    unit_ids = [unit.pk for unit in units]
    User = get_user_model()
    chunk = 1_000_000
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT setseed(0.1268)")
        with transaction.atomic():
            _insert_select(
                cursor,
                User,
                workers,
                {"email": "'w' || g || '@bench.vn'", "full_name": "'Công nhân ' || g", "password": "'!'"},
            )
        cursor.execute("SELECT min(id), max(id), count(*) FROM accounts_user WHERE email LIKE 'w%%@bench.vn'")
        first, last, made = cursor.fetchone()
        assert made == workers and last - first + 1 == workers, "bench users must have consecutive ids"
        units_array = f"ARRAY[{','.join(map(str, unit_ids))}]::bigint[]"
        with transaction.atomic():
            _insert_select(
                cursor,
                Membership,
                workers,
                {
                    "user_id": f"{first} + g - 1",
                    "organisation_id": f"({units_array})[1 + (g - 1) %% {len(unit_ids)}]",
                    "start_date": "DATE '2024-01-01'",
                },
            )
        cursor.execute("SELECT COALESCE(max(id), 0) FROM learning_enrolment")
        (enrolment_floor,) = cursor.fetchone()
        areas = "ARRAY['politics_law','vocational','life_skills','digital','foreign_language','general']"
        for start in range(0, completions, chunk):
            size = min(chunk, completions - start)
            with transaction.atomic():
                # Random owners: the owner of enrolment g is kept in a temporary table so its completion matches.
                cursor.execute("DROP TABLE IF EXISTS bench_owner")
                cursor.execute(
                    f"CREATE TEMP TABLE bench_owner AS SELECT g, {first} + floor(random() * {workers})::bigint AS uid "
                    "FROM generate_series(1, %s) AS g",
                    [size],
                )
                _insert_select(
                    cursor,
                    Enrolment,
                    size,
                    {"user_id": "o.uid", "course_title": "'Bench'", "status": f"'{Enrolment.COMPLETED}'"},
                    source="bench_owner o ORDER BY o.g",
                )
                _insert_select(
                    cursor,
                    Completion,
                    size,
                    {
                        "enrolment_id": "e.id",
                        "user_id": "e.user_id",
                        "course_title": "'Bench'",
                        "learning_area_code": f"({areas})[1 + floor(random() * 6)::int]",
                        "completed_on": "DATE '2024-01-01' + floor(random() * 730)::int",
                        "completed_at": "TIMESTAMPTZ '2024-01-01 08:00+07' + floor(random() * 730)::int * INTERVAL '1 day'",
                        "hours": "4.0",
                        "source": "'imported'",
                    },
                    source=f"learning_enrolment e WHERE e.id > {enrolment_floor}",
                )
                cursor.execute("SELECT max(id) FROM learning_enrolment")
                (enrolment_floor,) = cursor.fetchone()
    return province, units


def generate(workers, completions, enterprises, districts=10):
    """Bulk-load the tree, users, memberships, enrolments and completions (direct bulk_create, no signals)."""
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from learning.models import Completion, Enrolment
    from organisations.models import Membership

    rng = random.Random(1268)
    province, units = _tree(enterprises, districts)
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
    parser.add_argument("--no-evaluation", action="store_true", help="time the indicators only")
    parser.add_argument("--reuse", action="store_true", help="measure the data an earlier run left in DATABASE_URL")
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
    from organisations.models import Organisation

    province = Organisation.objects.filter(name="LĐLĐ tỉnh Bench").first() if args.reuse else None
    if province is not None:
        units = list(
            Organisation.objects.filter(path__startswith=province.path, kind=Organisation.GRASSROOTS).order_by("path")
        )
    else:
        make = generate_postgresql if connection.vendor == "postgresql" else generate
        province, units = make(args.workers, args.completions, args.enterprises)
    made = "reused" if args.reuse else f"generated in {time.perf_counter() - started:.1f} s"
    print(f"{connection.vendor}: {args.workers:,} workers, {args.completions:,} completions, {len(units)} enterprises "
          f"{made}")  # fmt: skip
    if not args.reuse:
        from recognition import activity

        # The generators write around the signals that keep the read model current: rebuild it whole, timed.
        started = time.perf_counter()
        rows = activity.refresh()
        print(f"learning activity read model rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s")
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
    if args.no_evaluation:
        return
    elapsed, result = timed(lambda: evaluate(2025, province), repeat=1)
    print(f"yearly evaluation (first) {elapsed:8.3f} s  x{elapsed / baseline:8.1f}  persons={result.persons:,}")
    elapsed, result = timed(lambda: evaluate(2025, province), repeat=1)
    print(f"yearly evaluation (re-run){elapsed:8.3f} s  x{elapsed / baseline:8.1f}  {dict(result.titles)}")


if __name__ == "__main__":
    main()
