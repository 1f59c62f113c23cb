from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): every installed app with a `demo` module adds its part through "
        "`demo.seed(stdout, style)`, in INSTALLED_APPS order. Prints a summary and the demo logins."
    )

    def handle(self, *args, verbosity=1, **options):
        from cms.site_address import base_url, sync_default_site

        # The demo follows the address it is served on (BASE_URL, from HOST and PORT under `make run`).
        if sync_default_site() and verbosity >= 1:
            self.stdout.write(f"Site address: {base_url()}")
        logins = []
        seeded = []
        for app_config in apps.get_app_configs():
            seed = self.find_seed(app_config.name)
            if seed is None:
                continue
            if verbosity >= 2:
                self.stdout.write(f"Seeding {app_config.label}...")
            with transaction.atomic():
                returned = seed(self.stdout, self.style)
            seeded.append(app_config.label)
            # A seed function may return its demo logins as (login, password, role) tuples.
            logins.extend(returned or [])
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Demo data ready ({', '.join(seeded) or 'no demo modules'})."))
            if logins:
                self.stdout.write("Demo logins (login / password: role):")
                for login, password, role in logins:
                    self.stdout.write(f"  {login} / {password}: {role}")

    @staticmethod
    def find_seed(app_name):
        """The app's `demo.seed` function, or None when the app has no demo module."""
        module_name = f"{app_name}.demo"
        try:
            if find_spec(module_name) is None:
                return None
        except ModuleNotFoundError:
            return None
        seed = getattr(import_module(module_name), "seed", None)
        return seed if callable(seed) else None
