"""Wagtail admin for the search vocabulary: abbreviations and synonyms as a snippet, with a CSV import."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views
from .models import Synonym


class SynonymIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if admin_views.can_import(self.request.user):
            buttons.append(HeaderButton(_("Import CSV"), url=reverse("search_vocabulary_import"), icon_name="upload"))
        return buttons


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search vocabulary")
    menu_name = "search-vocabulary"
    menu_order = 850
    add_to_admin_menu = True
    list_display = ["term", "abbreviations", "synonyms", "folded", "learning_area", "active"]
    list_filter = ["learning_area", "active"]
    list_per_page = 50
    ordering = ["folded"]
    index_view_class = SynonymIndexView


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_vocabulary_import_url():
    return [path("search-vocabulary/import/", admin_views.import_vocabulary, name="search_vocabulary_import")]
