"""SCORM packages in the Wagtail admin: upload, list with version and SCO count, inspect the contents."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import PackageCreateView, PackageDeleteView, PackageEditView, PackageInspectView
from .models import Package


class PackageViewSet(ModelViewSet):
    model = Package
    icon = "form"
    menu_label = _("SCORM packages")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = PackageCreateView
    edit_view_class = PackageEditView
    delete_view_class = PackageDeleteView
    inspect_view_class = PackageInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["title", "attempt_policy"]
    list_display = ["title", "id", "version", "sco_count", "has_sequencing", "created_at"]
    list_filter = ["version"]
    search_fields = ["title", "identifier"]
    inspect_view_fields = [
        "title",
        "id",
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


scorm_package_viewset = PackageViewSet("scorm_packages")


@hooks.register("register_admin_viewset")
def register_scorm_viewset():
    return scorm_package_viewset
