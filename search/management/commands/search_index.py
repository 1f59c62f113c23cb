import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.services import rebuild_index


class ProgressBar:
    """A one-line text progress bar: redrawn in place on a terminal, a few plain lines otherwise."""

    def __init__(self, stream, total, width=30):
        self.stream, self.total, self.width = stream, max(total, 1), width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done):
        fraction = min(done / self.total, 1.0)
        filled = int(self.width * fraction)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} ({fraction:4.0%})"
        if self.tty:
            self.stream.write("\r" + line, ending="")
            self.stream.flush()
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(line)

    def finish(self):
        if self.tty:
            self.stream.write("")


class Command(BaseCommand):
    help = "Manage the catalogue search index of the active backend (database or Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"], help="rebuild: rebuild the index; status: counts")

    def handle(self, *args, action, verbosity=1, **options):
        backend = get_backend()
        if action == "status":
            self.stdout.write(f"backend: {backend.name}, health: {backend.health()}, entries: {backend.count()}")
            return
        health = backend.health()
        if health != "ok":
            raise CommandError(f"The {backend.name} search backend is not available ({health}); nothing was changed.")
        bar = None

        def progress(done, total):
            nonlocal bar
            if verbosity < 1:
                return
            if bar is None:
                bar = ProgressBar(self.stdout, total)
            bar(done)

        if verbosity >= 1:
            self.stdout.write(f"Rebuilding the {backend.name} catalogue index…")
        started = time.monotonic()
        written, total, name = rebuild_index(progress=progress)
        if bar:
            bar.finish()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {written} of {total} live pages in the {name} index in {elapsed:.1f}s.")
        )
