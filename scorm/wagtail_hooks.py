"""SCORM packages in the Wagtail admin: upload into a collection, list, inspect and preview, choose in lessons.

Access follows Wagtail's collections (scorm.permissions): groups get add/change/delete/choose on a collection in
Settings > Groups, in the "SCORM package permissions" panel, as they do for images and documents.
"""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.forms.collections import collection_member_permission_formset_factory
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import (
    PackageCreateView,
    PackageDeleteView,
    PackageEditView,
    PackageFilterSet,
    PackageHistoryView,
    PackageIndexView,
    PackageInspectView,
    PackagePreviewView,
    PackageUsageView,
)
from .chooser import package_chooser_viewset
from .models import Package


class PackageViewSet(ModelViewSet):
    model = Package
    icon = "form"
    menu_label = _("SCORM packages")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = PackageIndexView
    add_view_class = PackageCreateView
    edit_view_class = PackageEditView
    delete_view_class = PackageDeleteView
    inspect_view_class = PackageInspectView
    history_view_class = PackageHistoryView
    usage_view_class = PackageUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["title", "collection", "attempt_policy"]
    list_display = ["title", "id", "version", "sco_count", "collection", "created_at"]
    filterset_class = PackageFilterSet
    search_fields = ["title", "identifier"]
    inspect_view_fields = [
        "title",
        "id",
        "collection",
        "version",
        "schema_version",
        "launch",
        "sco_count",
        "has_sequencing",
        "attempt_policy",
        "file_count",
        "size",
        "uploaded_by",
        "created_at",
    ]

    def get_permissions_to_register(self):
        # Package permissions are granted per collection (the panel below), never model-wide: a model-wide
        # checkbox in the group editor would suggest an access the permission policy never reads.
        return Permission.objects.none()

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(preview_url_name=self.get_url_name("preview"), **kwargs)

    @property
    def preview_view(self):
        return self.construct_view(
            PackagePreviewView, **self.get_inspect_view_kwargs(template_name=PackagePreviewView.template_name)
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("preview/<int:pk>/", self.preview_view, name="preview"),
        ]


scorm_package_viewset = PackageViewSet("scorm_packages")

GroupPackagePermissionFormSet = collection_member_permission_formset_factory(
    Package,
    [
        ("add_package", _("Add"), _("Upload packages and edit the packages you uploaded")),
        ("change_package", _("Edit"), _("Edit any package")),
        ("delete_package", _("Delete"), _("Delete packages, with every learner's attempts at them")),
        ("choose_package", _("Choose"), _("Select packages in choosers")),
    ],
    "scorm/admin/permissions_formset.html",
)


@hooks.register("register_admin_viewset")
def register_scorm_viewset():
    return scorm_package_viewset


@hooks.register("register_admin_viewset")
def register_scorm_chooser_viewset():
    return package_chooser_viewset


@hooks.register("register_group_permission_panel")
def register_package_permissions_panel():
    return GroupPackagePermissionFormSet


@hooks.register("describe_collection_contents")
def describe_collection_packages(collection):
    """Lets Wagtail refuse to delete a collection that still holds packages (deleting it would delete them)."""
    count = Package.objects.filter(collection=collection).count()
    if count:
        return {
            "count": count,
            "count_text": ngettext("%(count)s SCORM package", "%(count)s SCORM packages", count) % {"count": count},
            "url": reverse(scorm_package_viewset.get_url_name("index")) + f"?collection_id={collection.pk}",
        }
