from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from .site_address import on_post_migrate

        # After every migrate the Wagtail Site record follows BASE_URL (cms.site_address).
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="cms_sync_site_address")
