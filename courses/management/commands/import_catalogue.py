import sys

from django.core.management.base import BaseCommand, CommandError

from courses.importer import ImportFormatError, import_catalogue


class Command(BaseCommand):
    help = (
        "Create or update course pages from a CSV (with a header) or JSON list. "
        "Courses are matched by provider and external_id, so importing again updates them. "
        "Bad rows are reported one per line; the other rows still import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .json file (UTF-8).")
        parser.add_argument(
            "--provider", metavar="SLUG", help="Provider for rows without a provider column (created if unknown)."
        )
        parser.add_argument("--publish", action="store_true", help="Publish the pages (default: save drafts).")

    def handle(self, *args, file, provider=None, publish=False, verbosity=1, **options):
        self.verbosity = verbosity
        self.tty = verbosity >= 1 and hasattr(self.stdout, "isatty") and self.stdout.isatty()
        try:
            result = import_catalogue(file, provider=provider, publish=publish, progress=self.show_progress)
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        if self.tty:
            self.stdout.write("")
        for error in result.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        if verbosity >= 1:
            for slug in result.providers_created:
                self.stdout.write(
                    self.style.WARNING(f"Created provider {slug!r} (named by its slug; rename it in the admin).")
                )
            state = "published" if publish else "saved as drafts"
            summary = (
                f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
                f"{len(result.errors)} errors, {len(result.providers_created)} providers created ({state})."
            )
            self.stdout.write(self.style.WARNING(summary) if result.errors else self.style.SUCCESS(summary))

    def show_progress(self, done, total):
        if self.verbosity < 1:
            return
        if self.tty:
            width = 30
            filled = width * done // max(total, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            sys.stdout.flush()
        elif self.verbosity >= 2 or total >= 1000:
            self.stdout.write(f"{done}/{total} rows written")
