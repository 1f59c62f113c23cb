from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM packages")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Package
        from .permissions import get_permission_policy

        # Registered here, before anything asks the registry (which would otherwise create a model-wide fallback).
        register_permission_policy(Package, get_permission_policy())
