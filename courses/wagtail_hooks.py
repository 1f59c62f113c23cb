"""Wagtail admin for the catalogue: providers and taxonomies in one "Catalogue" menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import review
from .admin_import import user_providers
from .models import DigitalCompetence, LearningArea, Level, Provider
from .review import ApproveAndPublishBulkAction
from .services import setup_provider


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    list_display = ["name", "short_name", "slug", "email", "phone"]
    ordering = ["name"]


class LearningAreaViewSet(SnippetViewSet):
    model = LearningArea
    icon = "tag"
    menu_label = _("Learning areas")
    list_display = ["name", "name_en", "code", "qd1268_indicator"]
    ordering = ["sort_order"]


class LevelViewSet(SnippetViewSet):
    model = Level
    icon = "order"
    menu_label = _("Levels")
    list_display = ["name", "name_en", "code"]


class DigitalCompetenceViewSet(SnippetViewSet):
    model = DigitalCompetence
    icon = "cogs"
    menu_label = _("Digital competences")
    list_display = ["code", "name", "name_en", "digcomp_code"]
    list_filter = ["domain"]
    list_per_page = 50
    ordering = ["sort_order"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    items = (ProviderViewSet, LearningAreaViewSet, LevelViewSet, DigitalCompetenceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Catalogue")
    menu_name = "catalogue"
    menu_order = 200


register_snippet(CatalogueViewSetGroup)


@hooks.register("after_create_snippet")
def give_new_provider_its_section(request, instance):
    """A provider created in the admin gets its catalogue section, editor and reviewer groups at once."""
    if isinstance(instance, Provider):
        setup_provider(instance)


# Review and publishing (courses/review.py) ------------------------------------------------------------------------

hooks.register("register_bulk_action", ApproveAndPublishBulkAction)


@hooks.register("before_edit_page")
def guard_workflow_action(request, page):
    """Workaround for wagtail/wagtail#14460 until a Wagtail 8.0.x release carries the fix (docs/publishing.md)."""
    return review.guard_workflow_action(request, page)


# Catalogue import in the admin (courses/admin_import.py) ---------------------------------------------------------


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_providers(request.user).exists()


@hooks.register("register_admin_urls")
def register_import_urls():
    from .admin_views import urlpatterns

    return urlpatterns


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import courses"), reverse("courses_import"), icon_name="upload", order=210)


@hooks.register("construct_homepage_panels")
def add_provider_panels(request, panels):
    """A provider's editors and reviewers see their section's reviews, imports, packages and learners."""
    from .dashboard import provider_panels

    panels.extend(provider_panels(request))
