"""`programme_publisher`: give an organisation its programmes section and editors group (and add editors)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Give an organisation (enterprise, union) a programmes section under the catalogue and an editors group "
        "that may edit only there; with --editor, add people (e-mail or phone) to the group. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", type=int, help="The organisation's ID.")
        parser.add_argument("--editor", action="append", default=[], help="An editor's e-mail or phone (repeatable).")

    def handle(self, *args, organisation, editor, **options):
        from programmes.services import setup_programme_publisher

        found = Organisation.objects.filter(pk=organisation).first()
        if found is None:
            raise CommandError(f"No organisation has the ID {organisation}.")
        User = get_user_model()
        editors = []
        for login in editor:
            try:
                editors.append(User.objects.get_by_login(login))
            except User.DoesNotExist:
                raise CommandError(f"Nobody signs in as {login}; nothing was changed.") from None
        section, group = setup_programme_publisher(found, editors)
        self.stdout.write(self.style.SUCCESS(f"{section.url_path} — {group.name} ({group.user_set.count()} editors)"))
