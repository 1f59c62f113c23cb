"""`issue_programme_certificates`: issue any programme certificate missing for a recorded programme completion."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Issue the certificates missing for completed programmes (after a failure during issuance)."

    def handle(self, *args, **options):
        from programmes import services

        issued = 0
        for row in services.completions_missing_certificates():
            services.issue_certificate(row)
            issued += 1
        self.stdout.write(self.style.SUCCESS(f"{issued} programme certificates issued."))
