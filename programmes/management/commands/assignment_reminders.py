"""`assignment_reminders`: queue (or, with --now, run) today's reminders of assigned learning; run it daily."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Queue today's reminders of assigned learning (due soon, due, renewal); run it once a day from cron."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send them in this process instead of queueing.")

    def handle(self, *args, now=False, **options):
        from programmes import reminders
        from programmes.tasks import send_assignment_reminders

        if now:
            sent = reminders.send_reminders()
            self.stdout.write(self.style.SUCCESS(", ".join(f"{kind}: {n}" for kind, n in sent.items())))
        else:
            result = send_assignment_reminders.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Queued the reminders ({result.id})."))
