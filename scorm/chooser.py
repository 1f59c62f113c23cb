"""The SCORM package chooser: a modal listing the packages the editor may choose, for lesson blocks and forms."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic.base import View
from wagtail.admin.forms.choosers import BaseFilterForm, CollectionFilterMixin
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import (
    BaseChooseView,
    ChooseResultsViewMixin,
    ChooseViewMixin,
    ChosenMultipleViewMixin,
    ChosenResponseMixin,
    ChosenViewMixin,
    CreationFormMixin,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.blocks import ChooserBlock
from wagtail.permissions import policy_registry

from .models import Package


class PackageSearchMixin(forms.Form):
    """Search by title or manifest identifier (packages are not in the search index; a provider has few)."""

    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(Q(title__icontains=query) | Q(identifier__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects


class PackageFilterForm(CollectionFilterMixin, PackageSearchMixin, BaseFilterForm):
    pass


def permission_policy():
    return policy_registry.get_by_type(Package)


class BasePackageChooseView(BaseChooseView):
    ordering = "-created_at"
    filter_form_class = PackageFilterForm

    def get_object_list(self):
        return permission_policy().instances_user_has_any_permission_for(self.request.user, ["choose"])

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET, collections=self.collections)

    @cached_property
    def collections(self):
        """The collections to filter by, when the editor may choose from more than one."""
        collections = permission_policy().collections_user_has_permission_for(self.request.user, "choose")
        return collections if len(collections) > 1 else None

    @property
    def columns(self):
        columns = super().columns + [
            Column("version", label=_("SCORM version"), accessor="get_version_display"),
            Column("sco_count", label=_("SCOs")),
            DateColumn("created_at", label=_("Imported"), width="16%"),
        ]
        if self.collections:
            columns.insert(1, Column("collection", label=_("Collection")))
        return columns


class PackageChooseView(ChooseViewMixin, CreationFormMixin, BasePackageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["collections"] = self.collections
        return context


class PackageChooseResultsView(ChooseResultsViewMixin, CreationFormMixin, BasePackageChooseView):
    pass


class PackageChosenView(ChosenViewMixin, ChosenResponseMixin, View):
    def get_object(self, pk):
        package = super().get_object(pk)
        # A package id typed into the URL is refused unless the editor may choose it.
        if not permission_policy().user_has_permission_for_instance(self.request.user, "choose", package):
            raise PermissionDenied
        return package


class PackageChosenMultipleView(ChosenMultipleViewMixin, ChosenResponseMixin, View):
    def get_objects(self, pks):
        return (
            permission_policy().instances_user_has_any_permission_for(self.request.user, ["choose"]).filter(pk__in=pks)
        )


class BasePackageChooserBlock(ChooserBlock):
    """Stores the package's id, as the integer block it replaces did, so older lesson bodies load unchanged."""

    def normalize(self, value):
        # Bodies written in code (seed data, imports) give the id; the block's native value is the Package.
        if value is None or isinstance(value, self.model_class):
            return value
        return self.to_python(value)


class PackageChooserViewSet(ChooserViewSet):
    model = Package
    icon = "form"
    choose_one_text = _("Choose a SCORM package")
    choose_another_text = _("Choose another SCORM package")
    edit_item_text = _("Edit this SCORM package")
    choose_view_class = PackageChooseView
    choose_results_view_class = PackageChooseResultsView
    chosen_view_class = PackageChosenView
    chosen_multiple_view_class = PackageChosenMultipleView
    base_block_class = BasePackageChooserBlock


package_chooser_viewset = PackageChooserViewSet("scorm_package_chooser", url_prefix="scorm_packages/chooser")
