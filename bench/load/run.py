"""Run the Locust scenarios against deploy/local/ and print what docs/capacity.md needs.

`make load` (LOAD_USERS, default 200; LOAD_TIME, default 5m; LOAD_CHAOS=1 kills each part once during the run).
Measures, besides Locust's own figures: the CPU seconds each part of the cluster used during the run (from
/proc, per process group), and, after the run, whether every SCORM commit the server acknowledged is stored
(attempt.sequence at least the acknowledged sequence). Ends with one line:
`load: N requests, E errors, p50 X ms, p95 Y ms, R req/s`. Exit status 1 when a write was lost, when a request
failed in a run without faults, or when one failed outside the fault windows of a run with them.
"""

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DIR = Path(os.environ.get("CLUSTER_DIR", "/tmp/hoctap-cluster"))  # noqa: S108 - deploy/local/cluster.sh's default
LOCUST = os.environ.get("LOCUST", str(ROOT / "var" / "load-venv" / "bin" / "locust"))
# deploy/local/cluster.sh's ports, moved by CLUSTER_PORT_OFFSET as it moves them.
OFFSET = int(os.environ.get("CLUSTER_PORT_OFFSET", 0))
HOST = os.environ.get("LOAD_HOST", f"http://127.0.0.1:{8080 + OFFSET}")
PRIMARY = f"postgresql://hoctap@127.0.0.1:{55432 + OFFSET}/hoctap"
TICKS = os.sysconf("SC_CLK_TCK")
PARTS = ["web0", "web1", "worker", "scheduler", "nginx", "redis", "pgbouncer", "s3"]
# Each fault: (seconds into the run, part, seconds it stays down). Spread over the run, one at a time.
FAULTS = [(0.15, "web0", 15), (0.35, "worker", 15), (0.45, "scheduler", 10), (0.55, "redis", 3), (0.75, "replica", 20)]


def seconds(text):
    text = text.strip()
    units = {"s": 1, "m": 60, "h": 3600}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def pids_of_group(pgid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.append(int(entry.name))
    return found


def cpu_of(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def postgres_pids():
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres" and str(DIR) in (entry / "cmdline").read_text():
                    pids.append(int(entry.name))
                    pids.extend(
                        int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == int(entry.name)
                    )
            except OSError:
                continue
    return sorted(set(pids))


def _ppid(entry):
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


def cpu_snapshot():
    """CPU seconds so far of each part's processes (a process that died takes its seconds with it)."""
    snapshot = {}
    for part in PARTS:
        pidfile = DIR / "run" / f"{part}.pid"
        if pidfile.exists():
            snapshot[part] = cpu_of(pids_of_group(int(pidfile.read_text())))
    snapshot["postgres"] = cpu_of(postgres_pids())
    return snapshot


def machine_cpu():
    """Busy CPU seconds of the whole machine so far (all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICKS


def chaos(total, started, log):
    for fraction, part, down in FAULTS:
        at = started + fraction * total
        time.sleep(max(0, at - time.monotonic()))
        log.append({"part": part, "down_at": round(time.monotonic() - started, 1), "wall_down": time.time()})
        subprocess.run([str(ROOT / "deploy/local/cluster.sh"), "kill", part], check=False)
        time.sleep(down)
        subprocess.run([str(ROOT / "deploy/local/cluster.sh"), "start", part], check=False, stdout=subprocess.DEVNULL)
        log[-1]["up_at"] = round(time.monotonic() - started, 1)
        log[-1]["wall_up"] = time.time()


def lost_writes(acks_path):
    """(acknowledged SCORM commits missing from the database, acknowledged commits), read on the primary.

    An attempt stores the number of commits it kept (`sequence`) and, per session, the last sequence number
    (`sessions[...]["seq"]`): both must reach what the server acknowledged. A commit that timed out at nginx
    may still have been stored; that is not a loss (the player re-sends it; the server answers "already stored").
    """
    import psycopg

    acknowledged = {}
    for line in acks_path.read_text().splitlines():
        ack = json.loads(line)
        count, last = acknowledged.get(ack["attempt"], (0, 0))
        acknowledged[ack["attempt"]] = (count + 1, max(last, ack["sequence"]))
    if not acknowledged:
        return 0, 0
    with psycopg.connect(PRIMARY) as db:
        rows = db.execute(
            "SELECT id, sequence, sessions FROM scorm_attempt WHERE id = ANY(%s)", [list(acknowledged)]
        ).fetchall()
    stored = {
        pk: (sequence, max((s.get("seq", 0) for s in (sessions or {}).values()), default=0))
        for pk, sequence, sessions in rows
    }
    # Attempts that kept fewer commits, or an older last one, than the server acknowledged.
    lost = sum(
        1
        for attempt, (count, last) in acknowledged.items()
        if stored.get(attempt, (0, 0))[0] < count or stored.get(attempt, (0, 0))[1] < last
    )
    return lost, sum(count for count, _ in acknowledged.values())


ACCESS = re.compile(r'"(GET|POST|HEAD) (\S+) HTTP/[\d.]+" (\d+) \d+ (\d+)us')
KINDS = [
    ("SCORM commit", r"^/scorm/attempts/\d+/commit"),
    ("SCORM launch", r"^/scorm/scos/\d+/launch"),
    ("SCORM content file", r"^/scorm/content/"),
    ("log in", r"^/accounts/login/"),
    ("search", r"^/(search/|api/catalogue/)"),
    ("HR screens", r"^/hr/"),
    ("officer screens", r"^/recognition/"),
    ("my learning / certificates", r"^/(my-learning|my-certificates|certificates)/"),
    ("enrol", r"^/courses/\d+/enrol"),
    ("pages (home, courses, lessons)", r"^/"),
]


def access_log_offsets():
    return {
        name: (DIR / "log" / f"{name}.log").stat().st_size
        for name in ("web0", "web1")
        if (DIR / "log" / f"{name}.log").exists()
    }


def time_by_kind(offsets):
    """From the app servers' access logs (gunicorn.conf.py's %(D)s): requests and mean server time per kind."""
    totals = {}
    for name, offset in offsets.items():
        with open(DIR / "log" / f"{name}.log", "rb") as handle:
            handle.seek(offset)
            for line in handle.read().decode("utf-8", "replace").splitlines():
                match = ACCESS.search(line)
                if not match:
                    continue
                path, micros = match.group(2), int(match.group(4))
                kind = next((kind for kind, pattern in KINDS if re.match(pattern, path)), "other")
                count, total = totals.get(kind, (0, 0))
                totals[kind] = (count + 1, total + micros)
    return {
        kind: {"requests": count, "mean_ms": round(total / count / 1000, 1)} for kind, (count, total) in totals.items()
    }


# After a part is back: nginx retries the failed server, pools reconnect, and the requests queued meanwhile drain
# (on a machine already busy, that takes a while: the backlog of a minute's half-capacity).
GRACE_SECONDS = 45


def split_errors(path, faults):
    """Failed requests inside the fault windows (a part down, and GRACE_SECONDS after) and outside them."""
    inside = outside = 0
    for line in path.read_text().splitlines():
        at = json.loads(line)["at"]
        if any(f["wall_down"] <= at <= f.get("wall_up", at) + GRACE_SECONDS for f in faults):
            inside += 1
        else:
            outside += 1
    return inside, outside


def errors_against_faults(path, faults, started_wall):
    """Each failed request: seconds into the run, and seconds after the latest kill before it (and which part)."""
    lines = []
    for line in path.read_text().splitlines():
        error = json.loads(line)
        at = error["at"]
        before = [f for f in faults if f["wall_down"] <= at]
        if before:
            fault = before[-1]
            back = fault.get("wall_up")
            where = f"{at - fault['wall_down']:+.1f} s after {fault['part']} was killed" + (
                f" ({at - back:+.1f} s after it was back)" if back and at > back else " (while down)"
            )
        else:
            where = "before any fault"
        lines.append(f"t={at - started_wall:6.1f} s  {where}: {error['name']}: {error['error'][:100]}")
    return lines


def wait_ready(seconds=90):
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{HOST}/readyz", timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    sys.exit(f"load: {HOST}/readyz is not 200: start the cluster first (make cluster)")


def main():
    wait_ready()
    users = int(os.environ.get("LOAD_USERS", 200))
    duration = seconds(os.environ.get("LOAD_TIME", "5m"))
    with_chaos = os.environ.get("LOAD_CHAOS", "0") == "1"
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    acks = DIR / "acks.jsonl"
    acks.write_text("")
    # Fresh signed-in sessions for the learners (bench/load/sessions.py): no password hashing in the ramp.
    subprocess.run(
        [str(ROOT / "deploy/local/cluster.sh"), "manage", "shell", "-c", "exec(open('bench/load/sessions.py').read())"],
        env={**os.environ, "LOAD_SESSIONS": str(DIR / "sessions.json")},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    errors_log = DIR / "errors.jsonl"
    errors_log.write_text("")
    env = {
        **os.environ,
        "LOAD_FIXTURE": str(DIR / "load.json"),
        "LOAD_ACKS": str(acks),
        "LOAD_ERRORS": str(errors_log),
        "LOAD_SESSIONS": str(DIR / "sessions.json"),
    }
    command = [
        LOCUST, "-f", str(ROOT / "bench/load/locustfile.py"), "--headless", "--host", HOST,
        # Ramp over about a minute: each log-in hashes a password (PBKDF2), the most CPU one request takes.
        "-u", str(users), "-r", str(max(1, users // 60)), "-t", f"{duration}s", "--csv", str(out / "run"),
        "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0",
    ]  # fmt: skip
    before, machine_before, offsets = cpu_snapshot(), machine_cpu(), access_log_offsets()
    started, started_wall = time.monotonic(), time.time()
    faults = []
    if with_chaos:
        threading.Thread(target=chaos, args=(duration, started, faults), daemon=True).start()
    locust = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    after, machine_after = cpu_snapshot(), machine_cpu()
    print(locust.stderr[-6000:] if locust.returncode else locust.stdout[-200:])
    rows = list(csv.DictReader(open(out / "run_stats.csv")))  # noqa: SIM115
    cores = os.cpu_count()
    print(f"{'request type':<22}{'count':>7}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}")
    for row in rows:
        print(
            f"{row['Name'][:21]:<22}{row['Request Count']:>7}{row['Failure Count']:>7}{row['50%']:>8}{row['95%']:>8}"
            f"{float(row['Requests/s']):>8.1f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = list(csv.DictReader(open(out / "run_failures.csv")))  # noqa: SIM115
    for failure in failures[:15]:
        print(f"  error: {failure['Method']} {failure['Name']}: {failure['Error'][:140]} x{failure['Occurrences']}")
    cpu = {part: round(after.get(part, 0) - before.get(part, 0), 1) for part in after}
    requests, errors, rps = int(total["Request Count"]), int(total["Failure Count"]), float(total["Requests/s"])
    app_cpu = cpu.get("web0", 0) + cpu.get("web1", 0)
    lost, acknowledged = lost_writes(acks)
    inside, outside = split_errors(errors_log, faults)
    timeline = errors_against_faults(errors_log, faults, started_wall)
    for line in timeline[:60]:
        print(f"  failed {line}")
    summary = {
        "users": users, "seconds": round(elapsed), "cores": cores, "requests": requests, "errors": errors,
        "p50_ms": total["50%"], "p95_ms": total["95%"], "rps": round(rps, 1), "rps_per_core": round(rps / cores, 1),
        "cpu_seconds": cpu, "app_cpu_ms_per_request": round(1000 * app_cpu / max(requests, 1), 1),
        # Everything else on the machine competes for the same cores (other work, Locust itself): its share.
        "machine_busy_cores": round((machine_after - machine_before) / elapsed, 2),
        "load_average": os.getloadavg()[0],
        "errors_in_fault_windows": inside, "errors_outside_fault_windows": outside,
        "acknowledged_commits": acknowledged, "attempts_with_lost_writes": lost, "faults": faults,
        "errors_timeline": timeline,
        "server_time_by_kind": time_by_kind(offsets),
    }  # fmt: skip
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary))
    print(f"load: {requests} requests, {errors} errors, p50 {total['50%']} ms, p95 {total['95%']} ms, {rps:.1f} req/s")
    # Without faults every request must succeed; with them, only those in a fault window may fail.
    if lost or outside or (errors and not with_chaos):
        sys.exit(1)


if __name__ == "__main__":
    main()
