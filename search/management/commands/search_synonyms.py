from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from search.models import Synonym
from search.synonyms import export_csv, import_csv


class Command(BaseCommand):
    help = "Import or export the search vocabulary (abbreviations and synonyms) as CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update concepts from a CSV file (all rows or none)")
        imp.add_argument("file")
        imp.add_argument("--replace", action="store_true", help="also delete the concepts missing from the file")
        sub.add_parser("export", help="print the vocabulary as CSV")

    def handle(self, *args, action, **options):
        if action == "export":
            self.stdout.write(export_csv(Synonym.objects.order_by("folded")), ending="")
            return
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text; nothing was imported.") from None
        try:
            created, updated = import_csv(text, replace=options["replace"])
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{path}: {len(exc.messages)} problem(s); nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(f"Search vocabulary: {created} added, {updated} updated."))
