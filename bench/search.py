"""Catalogue search benchmark: p50/p95 query latency of the database backend, with and without facets.

It also times the same faceted queries read literally (`literal=True`: no telex/VNI decoding, abbreviations or
synonyms) to print the added cost of query understanding in the same run, and a second set of queries typed in
telex, VNI and abbreviations (UNDERSTANDING_QUERIES) to show what they cost when they are expanded.

Run alone: `.venv/bin/python bench/search.py [--sizes 10000 100000] [--db sqlite postgres] [--quick] [--drop]`.
For each database and catalogue size it imports generated Vietnamese courses (bench/catalogue_data.py) with
`import_catalogue --publish` (which fills both indexes, per batch), rebuilds ours (timed), then times the same worker-style queries (no diacritics) on
our search and on Wagtail's built-in search (`CoursePage.objects.live().search(q)`, its database backend) over the
same pages: the baseline of the same run, printed as a ratio. Each configuration runs in a child process with its
own database (SQLite file under var/bench; PostgreSQL database `<--pg-prefix><size>`, dropped with --drop).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "luat lao dong",
    "an toan lao dong",
    "han dien",
    "ky nang so",
    "tieng anh giao tiep",
    "bao hiem xa hoi",
    "excel",
    "dien cong nghiep",
    "so cap cuu",
    "tin hoc van phong",
    "cong doan",
    "le tan khach san",
    "tieng han",
    "quan ly tai chinh",
    "phong chay chua chay",
    "an toan lao dogn",
    "ky nang",
    "hop dong",
    "bao duong xe may",
    "tri tue nhan tao",
]
UNDERSTANDING_QUERIES = [
    "hanf ddieenj",
    "ha2n die65n",
    "tieengs nhaatj",
    "sow caaps cuwus",
    "ATVSLĐ",
    "bhxh",
    "PCCC",
    "cdcs",
    "so cuu",
    "lua dao qua mang",
]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def worker(size, repeat, wagtail_update_index=False):
    """Runs in the child process: DATABASE_URL is set, the database is empty or already loaded with `size` courses."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.catalogue_data import write_csv
    from courses.models import CoursePage
    from search.backends.base import SearchQuery
    from search.models import CatalogueEntry
    from search.services import search

    call_command("migrate", verbosity=0, interactive=False)
    timings = {}
    if CoursePage.objects.live().count() < size:
        csv_path = Path(tempfile.mkdtemp(prefix="bench-search-")) / "catalogue.csv"
        write_csv(str(csv_path), size, seed=1)
        started, cpu = time.perf_counter(), time.process_time()
        call_command("import_catalogue", str(csv_path), publish=True, verbosity=0)
        timings["import_s"] = time.perf_counter() - started
        timings["import_cpu_s"] = time.process_time() - cpu
        started = time.perf_counter()
        call_command("search_index", "rebuild", verbosity=0)
        timings["rebuild_s"] = time.perf_counter() - started
        if wagtail_update_index:  # the import indexed the pages already; this times a full rebuild of Wagtail's
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            timings["wagtail_update_index_s"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # As on a running site, where autovacuum has seen the import: planner statistics for every table (ours and
        # Wagtail's), dead rows reclaimed. (Autovacuum is off on some development servers; the rebuild analyzes
        # the search tables itself, this covers --keep runs and Wagtail's index too.)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        timings["vacuum_analyze_s"] = time.perf_counter() - started
    courses = CoursePage.objects.live().count()
    entries = CatalogueEntry.objects.count()
    load_before = os.getloadavg()

    def ours(q, facets, literal=False):
        return lambda: search(SearchQuery(text=q, per_page=20, facets=facets, literal=literal))

    def wagtail(q):
        return lambda: list(CoursePage.objects.live().search(q)[:20])

    results = {
        "with_facets": [],
        "without_facets": [],
        "literal": [],
        "literal_without_facets": [],
        "understanding_set": [],
        "wagtail": [],
    }
    hits = {"ours": 0, "wagtail": 0}
    for q in QUERIES:
        ours(q, True)()  # warm caches once per query, as a running site would be
        ours(q, True, literal=True)()
        # Interleaved per query, so both sides of the understanding ratio see the same machine load.
        for _run in range(repeat):
            results["with_facets"] += timed(ours(q, True), 1)
            results["literal"] += timed(ours(q, True, literal=True), 1)
        for _run in range(repeat):
            results["without_facets"] += timed(ours(q, False), 1)
            results["literal_without_facets"] += timed(ours(q, False, literal=True), 1)
        results["wagtail"] += timed(wagtail(q), repeat)
        hits["ours"] += bool(search(SearchQuery(text=q, per_page=3, facets=False)).hits)
        hits["wagtail"] += bool(list(CoursePage.objects.live().search(q)[:3]))
    for q in UNDERSTANDING_QUERIES:
        ours(q, True)()
        results["understanding_set"] += timed(ours(q, True), repeat)
    summary = {
        name: {"p50": percentile(samples, 50), "p95": percentile(samples, 95)} for name, samples in results.items()
    }
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "size": size,
                "courses": courses,
                "entries": entries,
                "latency_ms": summary,
                "queries_with_hits": hits,
                "queries": len(QUERIES),
                # 1, 5 and 15-minute load averages of the machine when the timing started and ended
                "load": [list(load_before), list(os.getloadavg())],
                "cpus": os.cpu_count(),
                **timings,
            }
        )
    )


def postgres_url(base, size, prefix):
    import psycopg

    name = f"{prefix}{size}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop(db, url, server):
    if db == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server URL, no database")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--quick", action="store_true", help="1,000 courses, SQLite only, 2 runs per query")
    parser.add_argument("--keep", action="store_true", help="reuse the databases of an earlier run (faster)")
    parser.add_argument("--pg-prefix", default="h_search_bench_", help="PostgreSQL database name prefix (+ size)")
    parser.add_argument("--drop", action="store_true", help="drop the databases / SQLite files after each run")
    parser.add_argument("--wagtail-update-index", action="store_true", help="also time Wagtail's update_index")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.repeat, args.wagtail_update_index)
        return
    if args.quick:
        args.sizes, args.db, args.repeat = [1000], ["sqlite"], 2
    cache = ROOT / "var" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    rows = []
    for db in args.db:
        for size in args.sizes:
            if db == "sqlite":
                path = cache / f"search-{size}.sqlite3"
                if not args.keep and path.exists():
                    path.unlink()
                url = f"sqlite:///{path}"
            else:
                try:
                    url = postgres_url(args.postgres, size, args.pg_prefix)
                except Exception as exc:  # noqa: BLE001 - report and carry on with SQLite
                    print(f"PostgreSQL unavailable ({exc.__class__.__name__}); skipped", file=sys.stderr)
                    continue
                if not args.keep:
                    import psycopg

                    with psycopg.connect(url, autocommit=True) as conn:
                        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            print(f"== {db}, {size} courses: importing and timing…", flush=True)
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
            command = [sys.executable, __file__, "--worker", str(size), "--repeat", str(args.repeat)]
            if args.wagtail_update_index:
                command.append("--wagtail-update-index")
            out = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            line = next((x for x in reversed(out.stdout.splitlines()) if x.startswith("{")), None)
            if out.returncode or not line:
                print(out.stdout[-2000:], out.stderr[-4000:], file=sys.stderr)
                raise SystemExit(f"the {db} run with {size} courses failed")
            row = json.loads(line)
            rows.append(row)
            if "import_s" in row:
                print(
                    f"   import: {row['import_s']:.1f}s ({row['import_s'] / size * 1000:.2f} ms/row wall,"
                    f" {row['import_cpu_s'] / size * 1000:.2f} ms/row CPU of the importing process)"
                )
            for key in ("rebuild_s", "wagtail_update_index_s", "vacuum_analyze_s"):
                if key in row:
                    print(f"   {key.removesuffix('_s')}: {row[key]:.1f}s")
            if args.drop:
                drop(db, url, args.postgres)
    print()
    print(
        f"{'database':<10} {'courses':>8} {'query':<22} {'p50 ms':>8} {'p95 ms':>8} {'p50/wagtail':>12} {'p95/wagtail':>12}"
    )
    results_order = (
        "with_facets",
        "literal",
        "without_facets",
        "literal_without_facets",
        "understanding_set",
        "wagtail",
    )
    for row in rows:
        lat = row["latency_ms"]
        base = lat["wagtail"]
        for name in results_order:
            ratio50 = lat[name]["p50"] / base["p50"] if base["p50"] else float("nan")
            ratio95 = lat[name]["p95"] / base["p95"] if base["p95"] else float("nan")
            print(
                f"{row['vendor']:<10} {row['courses']:>8} {name:<22} {lat[name]['p50']:>8.1f} {lat[name]['p95']:>8.1f}"
                f" {ratio50:>12.2f} {ratio95:>12.2f}"
            )
        understanding = lat["with_facets"]["p50"] / lat["literal"]["p50"] if lat["literal"]["p50"] else float("nan")
        print(
            f"{'':<10} {'':>8} query understanding: p50 {lat['with_facets']['p50']:.1f} ms with,"
            f" {lat['literal']['p50']:.1f} ms without (literal): {understanding:.2f}x"
        )
        plain = lat["without_facets"]["p50"] / lat["literal_without_facets"]["p50"]
        print(
            f"{'':<10} {'':>8} the same without facets: p50 {lat['without_facets']['p50']:.1f} ms with,"
            f" {lat['literal_without_facets']['p50']:.1f} ms without: {plain:.2f}x"
        )
        (start1, start5, start15), (end1, _end5, _end15) = row["load"]
        print(
            f"{'':<10} {'':>8} load average while timing ({row['cpus']} CPUs): 1 min {start1:.1f} -> {end1:.1f},"
            f" 5 min {start5:.1f}, 15 min {start15:.1f} at the start"
        )
        print(
            f"{'':<10} {'':>8} queries with hits: ours {row['queries_with_hits']['ours']}/{row['queries']},"
            f" wagtail {row['queries_with_hits']['wagtail']}/{row['queries']}"
        )
    print(f"(median of {len(QUERIES)} queries x {args.repeat} runs each; ratio < 1 means faster than Wagtail)")
    print("(with_facets and literal: the same faceted queries, with and without query understanding; the same")
    print(" pair without facets: without_facets and literal_without_facets;")
    print(f" understanding_set: {len(UNDERSTANDING_QUERIES)} telex, VNI and abbreviation queries, faceted)")


if __name__ == "__main__":
    main()
