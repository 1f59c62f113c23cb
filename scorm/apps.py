from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM packages")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
