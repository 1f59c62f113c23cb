"""Enqueue the periodic jobs of PERIODIC_TASKS at their times (cms.scheduler); one or several per cluster."""

import time

from django.core.management.base import BaseCommand
from django.db import connections

from cms import scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (PERIODIC_TASKS) for the task worker, each slot once across schedulers."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and exit (cron, tests).")
        parser.add_argument("--interval", type=int, default=15, help="Seconds between two looks (default 15).")

    def handle(self, *args, once=False, interval=15, **options):
        scheduler.periodic_tasks()  # a bad PERIODIC_TASKS stops here, with its entry named
        if interval < 1:
            self.stderr.write("--interval must be at least 1 second")
            raise SystemExit(2)
        ticks = 0
        while True:
            for path in scheduler.run_due():
                self.stdout.write(f"enqueued {path}")
            if once:
                return
            ticks += 1
            if ticks % 240 == 1:
                scheduler.prune()
            # A connection held across the sleep may be cut meanwhile (pgbouncer, a restart): a fresh one per tick.
            connections.close_all()
            time.sleep(interval)
