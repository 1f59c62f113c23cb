"""recognition_evaluate --year Y [--org ID]: the yearly evaluation of persons and units (CONTRACTS.md)."""

from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation
from recognition.evaluation import evaluate
from recognition.services import issue_missing_title_certificates


class Command(BaseCommand):
    help = (
        "Propose the year's Công dân học tập scores and Đơn vị học tập levels (re-runnable); prints counts per title. "
        "Also issues any missing certificate of the year's titles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", type=int, help="Only this organisation's subtree.")

    def handle(self, *args, year, org=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"The year {year} is out of range (2000-2100).")
        root = None
        if org is not None:
            root = Organisation.objects.filter(pk=org).first()
            if root is None:
                raise CommandError(f"There is no organisation with id {org}.")
        result = evaluate(year, root)
        self.stdout.write(
            f"year {year}: {result.persons} person assessments in draft, {result.units} unit evaluations in draft"
        )
        for title, count in sorted(result.titles.items()):
            self.stdout.write(f"{title}: {count}")
        missing = issue_missing_title_certificates(year, root)
        if missing:
            self.stdout.write(f"title certificates issued that were missing: {missing}")
        self.stdout.write(self.style.SUCCESS("Evaluation done."))
