from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from .slugs import fold_new_page_slug

        # Every page model, not only the catalogue's: all new web addresses are folded to ASCII alike.
        pre_save.connect(fold_new_page_slug, dispatch_uid="courses_fold_new_page_slug")
