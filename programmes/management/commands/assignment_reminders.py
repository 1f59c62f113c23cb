"""`assignment_reminders`: queue (or, with --now, run) the catch-up of later hires, then today's reminders of
assigned learning; run it daily from cron where `manage.py run_scheduler` does not run."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Queue the daily jobs of assigned learning: workers who joined since get their 'everybody' and unit "
        "assignments, then today's reminders (due soon, due, renewal); run it once a day from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run them in this process instead of queueing.")

    def handle(self, *args, now=False, **options):
        from programmes import assignments, reminders
        from programmes.tasks import reconcile_assignments, send_assignment_reminders

        if now:
            added = assignments.reconcile()
            sent = reminders.send_reminders()
            summary = ", ".join(f"{kind}: {n}" for kind, n in sent.items())
            self.stdout.write(self.style.SUCCESS(f"workers added: {added}; {summary}"))
        else:
            # In this order: a worker added by the catch-up is reminded the same day.
            queued = [reconcile_assignments.enqueue(), send_assignment_reminders.enqueue()]
            self.stdout.write(
                self.style.SUCCESS(f"Queued the catch-up and the reminders ({queued[0].id}, {queued[1].id}).")
            )
