from django.core.management.base import BaseCommand

from learning.models import Completion

from ...services import issue_certificate


class Command(BaseCommand):
    help = "Issue the certificates of completions that have none (e.g. after a failed issuance)."

    def handle(self, *args, **options):
        missing = Completion.objects.filter(certificate__isnull=True).select_related("user", "course")
        issued = 0
        for completion in missing.iterator(chunk_size=500):
            _certificate, created = issue_certificate(completion)
            issued += created
        self.stdout.write(self.style.SUCCESS(f"{issued} certificate(s) issued."))
