from django.core.management.base import BaseCommand

from ...services import completions_missing_certificates, issue_certificate


class Command(BaseCommand):
    help = (
        "Issue the certificates of completions that have none (e.g. after a failed issuance), for courses that "
        "give one; imported completions are issued by hand in the admin."
    )

    def handle(self, *args, **options):
        issued = 0
        for completion in completions_missing_certificates().iterator(chunk_size=500):
            _certificate, created = issue_certificate(completion)
            issued += created
        self.stdout.write(self.style.SUCCESS(f"{issued} certificate(s) issued."))
