"""Admin screens for SCORM packages: upload (imports the zip), edit, inspect (table of contents), delete."""

from django.utils.translation import gettext as _
from wagtail.admin.views import generic

from .forms import PackageEditForm, PackageUploadForm
from .importer.services import PackageError, delete_package, import_package


class PackageCreateView(generic.CreateView):
    def get_form_class(self):
        return PackageUploadForm

    def save_instance(self):
        upload = self.form.cleaned_data["package_file"]
        upload.seek(0)
        package = import_package(
            upload, title=self.form.cleaned_data.get("title") or "", user=self.request.user, size=upload.size
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


class PackageEditView(generic.EditView):
    def get_form_class(self):
        return PackageEditForm


class PackageDeleteView(generic.DeleteView):
    def delete_action(self):
        delete_package(self.object)


class PackageInspectView(generic.InspectView):
    template_name = "scorm/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object.organisation if isinstance(self.object.organisation, dict) else {}
        context["toc"] = organisation.get("items", [])
        context["scos"] = self.object.scos.all()
        return context
