"""Organisations benchmark: a province with 2,000 enterprises and 500,000 workers; times of the HR list page,
the union subtree list and a 100,000-row streamed export, with the export's peak memory.

Run alone: `.venv/bin/python bench/orgs.py [--enterprises N] [--workers N] [--export-rows N] [--quick] [--reuse]`.
`--reuse` measures again on the data a previous run of the same size left in the database (build once, compare
code changes on identical data). The union list's "page 100" is reached by following the list's own "next" links.
Uses a throw-away SQLite database unless DATABASE_URL is set (use PostgreSQL for the real figures).
Baseline measured in the same run: GET /healthz (one trivial request through the same stack); figures are also
given as ratios to it. The export's peak Python memory is measured with tracemalloc while the response is read.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="bench-orgs-")) / "db.sqlite3")


def timed(fn, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def hundredth_page(client, url):
    """The URL of the list's 100th page: `?page=100` with numbered pages, else by following 99 "next" links."""
    import re
    from html import unescape

    for _ in range(99):
        found = re.search(r'href="([^"]*)" rel="next"', client.get(url).content.decode())
        if not found:
            return url
        target = unescape(found.group(1))
        url = url.split("?")[0] + target if target.startswith("?") else target
        if "page=2" in target and "page=20" not in target:
            return url.replace("page=2", "page=100")
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=500_000)
    parser.add_argument("--export-rows", type=int, default=100_000, help="workers of the exported district")
    parser.add_argument("--quick", action="store_true", help="200 enterprises, 20,000 workers, 5,000-row export")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the data a previous run of the same size left in this database"
    )
    args = parser.parse_args()
    if args.quick:
        args.enterprises, args.workers, args.export_rows = 200, 20_000, 5_000

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from organisations.models import Organisation

    label = f"LĐLĐ tỉnh Bench {args.enterprises}x{args.workers}x{args.export_rows}"
    province = Organisation.objects.filter(name=label).first() if args.reuse else None
    if province is not None:
        print(f"Reusing {label}", flush=True)
        big = Organisation.objects.get(path__startswith=province.path, name="LĐLĐ huyện Lớn")
        big_units = list(Organisation.objects.filter(path__startswith=big.path, kind=Organisation.GRASSROOTS))
    else:
        province, big, big_units = build(args, label)
    stamp = time.time_ns()
    run(args, province, big, big_units, stamp)


def build(args, label):
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import connection

    from accounts.models import User
    from learning.models import Completion, Enrolment
    from organisations.models import Membership, Organisation
    from organisations.services import create_organisation

    stamp = time.time_ns()
    print(f"Building {args.enterprises:,} enterprises and {args.workers:,} workers...", flush=True)
    started = time.perf_counter()
    province = create_organisation(name=label, kind=Organisation.PROVINCIAL)
    # The exported district holds export_rows workers; the others share the rest.
    big = create_organisation(province, name="LĐLĐ huyện Lớn", kind=Organisation.DISTRICT)
    districts = [big] + [
        create_organisation(province, name=f"LĐLĐ huyện {i}", kind=Organisation.DISTRICT) for i in range(9)
    ]
    big_share = max(1, args.enterprises * args.export_rows // args.workers)
    enterprises = []
    for i in range(args.enterprises):
        parent = big if i < big_share else districts[1 + i % 9]
        parent.refresh_from_db()
        enterprises.append(
            parent.add_child(
                instance=Organisation(
                    name=f"CĐCS Công ty {i:05d}",
                    kind=Organisation.GRASSROOTS,
                    unit_type=Organisation.ENTERPRISE,
                    unit_name=f"Công ty {i:05d}",
                    tax_code=f"{i:010d}",
                    province="Bench",
                )
            )
        )
    big_units = enterprises[:big_share]
    other_units = enterprises[big_share:] or big_units
    this_year = date.today().replace(month=1, day=1)
    areas = ["politics_law", "vocational", "life_skills", "digital"]
    batch = 20_000
    for start in range(0, args.workers, batch):
        n = min(batch, args.workers - start)
        users = User.objects.bulk_create(
            [
                User(
                    full_name=f"Công nhân {start + i}",
                    phone=f"03{(stamp % 100):02d}{start + i:06d}",
                    password=UNUSABLE_PASSWORD_PREFIX,
                )
                for i in range(n)
            ],
            batch_size=5000,
        )
        memberships = []
        for i, user in enumerate(users):
            k = start + i
            unit = big_units[k % len(big_units)] if k < args.export_rows else other_units[k % len(other_units)]
            memberships.append(
                Membership(user=user, organisation=unit, start_date=date(2020, 1, 1), employee_number=f"NV{k}")
            )
        Membership.objects.bulk_create(memberships, batch_size=5000)
        # One completion for every fourth worker, this year, in one of the four indicator areas.
        learners = users[::4]
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(user=u, course_title="Khóa học", status=Enrolment.COMPLETED) for u in learners],
            batch_size=5000,
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    enrolment=e,
                    user_id=e.user_id,
                    course_title="Khóa học",
                    learning_area_code=areas[j % 4],
                    completed_on=this_year,
                    hours=Decimal("4"),
                    source=Completion.ONLINE,
                )
                for j, e in enumerate(enrolments)
            ],
            batch_size=5000,
        )
        print(f"  {start + n:,} workers", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load; plans depend on it
    print(f"Built in {time.perf_counter() - started:.0f} s", flush=True)
    return province, big, big_units


def run(args, province, big, big_units, stamp):
    from django.test import Client

    from accounts.models import User
    from organisations.models import Membership, OrganisationRole
    from organisations.services import grant_role

    hr = User.objects.create_user(email=f"hr-{stamp}@bench.vn", password=None, full_name="HR")
    union = User.objects.create_user(email=f"union-{stamp}@bench.vn", password=None, full_name="Union")
    grant_role(hr, big_units[0], OrganisationRole.HR_OFFICER)
    grant_role(union, province, OrganisationRole.UNION_OFFICER)
    hr_client, union_client, anonymous = Client(), Client(), Client()
    hr_client.force_login(hr)
    union_client.force_login(union)

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    baseline, _ = timed(lambda: get(anonymous, "/healthz"))
    enterprise_size = Membership.objects.filter(organisation=big_units[0]).count()
    hr_list, _ = timed(lambda: get(hr_client, f"/hr/{big_units[0].pk}/workers/"))
    hr_last, _ = timed(lambda: get(hr_client, f"/hr/{big_units[0].pk}/workers/?page=last"))
    union_units, _ = timed(lambda: get(union_client, f"/hr/{province.pk}/"))
    page_100 = hundredth_page(union_client, f"/hr/{province.pk}/workers/")
    union_workers, _ = timed(lambda: get(union_client, page_100))

    def export():
        response = get(union_client, f"/hr/{big.pk}/workers/export.csv")
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        return rows

    # Timed without tracemalloc (it slows every allocation down several times), then run again for the peak.
    export_time, rows = timed(export, repeat=2)
    tracemalloc.start()
    traced_time, _rows = timed(export, repeat=1)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print()
    print(
        f"database: {os.environ['DATABASE_URL'].split(':')[0]}; {args.enterprises:,} enterprises, {args.workers:,} workers"
    )
    print(f"baseline GET /healthz                         {baseline * 1000:8.1f} ms")
    print(
        f"HR list page ({enterprise_size:,} workers, page 1)       {hr_list * 1000:8.1f} ms  ({hr_list / baseline:6.1f}x)"
    )
    print(f"HR list page (last page)                      {hr_last * 1000:8.1f} ms  ({hr_last / baseline:6.1f}x)")
    print(
        f"union subtree list (units of the province)    {union_units * 1000:8.1f} ms  ({union_units / baseline:6.1f}x)"
    )
    print(
        f"union worker list (page 100 of the province)  {union_workers * 1000:8.1f} ms  ({union_workers / baseline:6.1f}x)"
    )
    print(
        f"export CSV, {rows:,} rows                   {export_time:8.2f} s   (best of 2; {rows / export_time:,.0f} rows/s)"
    )
    print(f"export CSV under tracemalloc                   {traced_time:8.2f} s")
    print(
        f"export peak Python memory                     {peak / 1024 / 1024:8.1f} MiB (streamed; 1 row ~ 150 bytes of CSV)"
    )


if __name__ == "__main__":
    main()
