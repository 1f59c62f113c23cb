"""Admin screens for SCORM packages: upload (imports the zip), list, edit, inspect (contents, preview), delete.

Every screen asks the package permission policy (scorm.permissions): a user sees and acts on the packages of the
collections they have permission on, and nothing else, whatever id they type into the URL.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import CollectionFilter, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from .forms import PackageEditForm, PackageUploadForm
from .importer.services import PackageError, delete_package, import_package
from .models import Package

# Listed: the packages the user may manage. Opened (inspect, preview): also those they may place in a lesson.
MANAGE_ACTIONS = ["change", "delete"]
INSPECT_ACTIONS = ["change", "delete", "choose"]


class PackageFilterSet(WagtailFilterSet):
    """By SCORM version, and by collection when the user manages packages in more than one (as image listings)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        collections = policy_registry.get_by_type(Package).collections_user_has_any_permission_for(
            request.user, MANAGE_ACTIONS
        )
        if collections.count() > 1:
            self.filters["collection_id"] = CollectionFilter(
                field_name="collection_id", label=gettext_lazy("Collection"), queryset=collections
            )

    class Meta:
        model = Package
        fields = ["version"]


class PackagePermissionMixin:
    """Instance-level checks: the generic views only check that the user may act on some package."""

    def user_may(self, action, package):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, action, package)

    def check_instance(self, package, actions):
        if not self.permission_policy.user_has_any_permission_for_instance(self.request.user, actions, package):
            raise PermissionDenied
        return package


class PackageIndexView(PackagePermissionMixin, generic.IndexView):
    def get_base_queryset(self):
        visible = self.permission_policy.instances_user_has_any_permission_for(self.request.user, MANAGE_ACTIONS)
        return super().get_base_queryset().filter(pk__in=visible.values("pk")).select_related("collection")

    def get_edit_url(self, instance):
        if self.user_may("change", instance):
            return super().get_edit_url(instance)

    def get_delete_url(self, instance):
        if self.user_may("delete", instance):
            return super().get_delete_url(instance)


class PackageCreateView(generic.CreateView):
    def get_form_class(self):
        return PackageUploadForm

    def save_instance(self):
        upload = self.form.cleaned_data["package_file"]
        upload.seek(0)
        package = import_package(
            upload,
            title=self.form.cleaned_data.get("title") or "",
            user=self.request.user,
            size=upload.size,
            collection=self.form.collection,
        )
        policy = self.form.cleaned_data.get("attempt_policy")
        if policy and policy != package.attempt_policy:
            package.attempt_policy = policy
            package.save(update_fields=["attempt_policy"])
        return package

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PackageError as error:  # Checked by the form already; kept for a zip that changed in between.
            form.add_error("package_file", str(error))
            return self.form_invalid(form)

    def get_success_message(self, instance=None):
        instance = instance or getattr(self, "object", None)
        return _("SCORM package '%(title)s' imported (SCORM %(version)s, %(scos)d SCOs).") % {
            "title": instance.title,
            "version": instance.version,
            "scos": instance.sco_count,
        }


class PackageEditView(PackagePermissionMixin, generic.EditView):
    def get_object(self, queryset=None):
        return self.check_instance(super().get_object(queryset), ["change"])

    def get_form_class(self):
        return PackageEditForm

    def get_delete_url(self):
        if self.user_may("delete", self.object):
            return super().get_delete_url()


class PackageDeleteView(PackagePermissionMixin, generic.DeleteView):
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return self.check_instance(super().get_object(queryset), ["delete"])

    def delete_action(self):
        delete_package(self.object)


class PackageHistoryView(PackagePermissionMixin, HistoryView):
    def get_object(self):
        return self.check_instance(super().get_object(), MANAGE_ACTIONS)


class PackageUsageView(PackagePermissionMixin, UsageView):
    def get_object(self):
        return self.check_instance(super().get_object(), MANAGE_ACTIONS)


class PackageInspectView(PackagePermissionMixin, generic.InspectView):
    template_name = "scorm/admin/inspect.html"
    any_permission_required = ["add", *INSPECT_ACTIONS]
    preview_url_name = None

    def get_object(self, queryset=None):
        return self.check_instance(super().get_object(queryset), INSPECT_ACTIONS)

    def get_edit_url(self):
        if self.user_may("change", self.object):
            return super().get_edit_url()

    def get_delete_url(self):
        if self.user_may("delete", self.object):
            return super().get_delete_url()

    def get_preview_url(self):
        if self.preview_url_name:
            return reverse(self.preview_url_name, args=[self.object.pk])

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if preview_url := self.get_preview_url():
            buttons.append(HeaderButton(_("Preview"), url=preview_url, icon_name="view"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object.organisation if isinstance(self.object.organisation, dict) else {}
        context["toc"] = organisation.get("items", [])
        context["scos"] = self.object.scos.all()
        context["preview_url"] = self.get_preview_url()
        return context


class PackagePreviewView(PackageInspectView):
    """The package played for the admin user as a learner sees it (the attempt recorded is the admin user's own)."""

    template_name = "scorm/admin/preview.html"
    page_title = gettext_lazy("Preview")

    def get_header_buttons(self):
        return super(PackageInspectView, self).get_header_buttons()
