"""docs/capacity.md's arithmetic, from a load run's var/load/summary.json (bench/load/run.py): every figure traced.

`.venv/bin/python bench/load/capacity.py [summary.json]`. The model: a learner in a SCORM lesson commits once a
minute (the player's interval) and opens LEARNER_PAGES_PER_MINUTE other pages (lesson, course, search); a
learner logs in once per LOGIN_EVERY_MINUTES. CPU per kind of request = its mean time in the app server (access
log) x the share of that time the app servers spent on CPU in the run (their /proc counters).
"""

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LEARNER_PAGES_PER_MINUTE = 0.5
LOGIN_EVERY_MINUTES = 60
PBKDF2_MS = 497  # one password check, CPU ms on this machine (measured: docs/capacity.md)
TARGET = 400_000
HEADROOM = 0.6  # run cores at 60 % at the peak: queues stay short, a lost node's load fits on the others


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "load" / "summary.json"
    run = json.loads(path.read_text())
    kinds = run["server_time_by_kind"]
    app_cpu_ms = 1000 * (run["cpu_seconds"].get("web0", 0) + run["cpu_seconds"].get("web1", 0))
    # Log-ins first, at their known cost (one password check each; the form GET is a page): the rest of the CPU
    # is spread over the other requests by their time in the app server.
    logins = kinds.get("log in", {"requests": 0, "mean_ms": 0})["requests"] // 2
    rest = {kind: k for kind, k in kinds.items() if kind != "log in"}
    busy_ms = sum(k["requests"] * k["mean_ms"] for k in rest.values())
    share = min(1.0, (app_cpu_ms - logins * PBKDF2_MS) / busy_ms)
    cpu = {kind: k["mean_ms"] * share for kind, k in rest.items()}
    requests = sum(k["requests"] for k in kinds.values())
    print(f"run: {run['users']} users, {run['seconds']} s, {requests} requests in the app servers' logs")
    print(
        f"app servers: {app_cpu_ms / 1000:.1f} CPU s over {busy_ms / 1000:.1f} s of request time: CPU share {share:.2f}"
    )
    for kind, value in sorted(cpu.items(), key=lambda item: -item[1]):
        print(
            f"  {kind:<32} {kinds[kind]['requests']:>6} requests  {kinds[kind]['mean_ms']:>7.1f} ms  ~{value:6.1f} CPU ms"
        )
    commit = cpu.get("SCORM commit", 0)
    page = cpu.get("pages (home, courses, lessons)", 0)
    login = PBKDF2_MS + 2 * page  # the password check, the form and the page after
    per_minute = commit + LEARNER_PAGES_PER_MINUTE * page + login / LOGIN_EVERY_MINUTES
    learners_per_core = 60_000 / per_minute
    print(
        f"learner minute: 1 commit {commit:.0f} + {LEARNER_PAGES_PER_MINUTE} page x {page:.0f} + log-in {login:.0f}/"
        f"{LOGIN_EVERY_MINUTES} = {per_minute:.0f} CPU ms"
    )
    print(
        f"one app core (100 % busy): {learners_per_core:.0f} concurrent learners; at {HEADROOM:.0%}: "
        f"{learners_per_core * HEADROOM:.0f}"
    )
    cores = math.ceil(TARGET / (learners_per_core * HEADROOM))
    print(
        f"{TARGET:,} concurrent learners: {cores} app cores at {HEADROOM:.0%} "
        f"({math.ceil(cores / 16)} servers of 16 cores)"
    )
    postgres_ms = 1000 * run["cpu_seconds"].get("postgres", 0) / max(requests, 1)
    commits_per_second = TARGET / 60
    pages_per_second = TARGET * LEARNER_PAGES_PER_MINUTE / 60
    db_cores = (commits_per_second + pages_per_second) * postgres_ms / 1000
    print(
        f"database: {postgres_ms:.1f} CPU ms per request (PostgreSQL processes / requests); "
        f"{commits_per_second:,.0f} commits/s + {pages_per_second:,.0f} pages/s -> {db_cores:.0f} cores, "
        f"{math.ceil(db_cores / HEADROOM)} at {HEADROOM:.0%}"
    )
    redis_ms = 1000 * run["cpu_seconds"].get("redis", 0) / max(requests, 1)
    print(
        f"Redis: {redis_ms:.2f} CPU ms per request -> {(commits_per_second + pages_per_second) * redis_ms / 1000:.1f} cores"
    )


if __name__ == "__main__":
    main()
