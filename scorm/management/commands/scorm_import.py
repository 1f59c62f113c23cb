"""Validate and import a SCORM package: `manage.py scorm_import ZIP [--title T] [--collection ID]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Collection

from scorm.importer.services import PackageError, import_package


class Command(BaseCommand):
    help = "Validate and import a SCORM 1.2 or 2004 zip; prints one JSON line with the new package."

    def add_arguments(self, parser):
        parser.add_argument("zip", help="path of the SCORM zip")
        parser.add_argument("--title", default="", help="title (default: the manifest's organisation title)")
        parser.add_argument(
            "--collection", type=int, help="id of the Wagtail collection to import into (default: the root collection)"
        )

    def handle(self, *args, **options):
        path = Path(options["zip"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        collection = None
        if options["collection"] is not None:
            collection = Collection.objects.filter(pk=options["collection"]).first()
            if collection is None:
                raise CommandError(f"No collection with id {options['collection']}.")
        try:
            with path.open("rb") as handle:
                package = import_package(handle, title=options["title"], collection=collection)
        except PackageError as error:
            raise CommandError(f"{path.name}: {error}") from None
        result = {"id": package.pk, "version": package.version, "launch": package.launch, "scos": package.sco_count}
        self.stdout.write(json.dumps(result, ensure_ascii=False))
