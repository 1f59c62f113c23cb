"""Admin forms: upload a package (validated before anything is stored), edit its title and attempt policy."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import conf
from .importer.services import PackageError, inspect_package
from .models import Package


class PackageUploadForm(WagtailAdminModelForm):
    package_file = forms.FileField(
        label=_("SCORM zip"),
        help_text=_("A SCORM 1.2 or 2004 package exported by your authoring tool (.zip)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    class Meta:
        model = Package
        fields = ["title", "attempt_policy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the title in the package.")

    def clean_package_file(self):
        upload = self.cleaned_data["package_file"]
        if upload.size > conf.max_upload_size():
            raise forms.ValidationError(
                _("The file is too large (the limit is %(limit)d MB).") % {"limit": conf.max_upload_size() // 2**20}
            )
        try:
            inspect_package(upload, upload.size)[0].close()
        except PackageError as error:
            raise forms.ValidationError(str(error)) from None
        upload.seek(0)
        return upload


class PackageEditForm(WagtailAdminModelForm):
    class Meta:
        model = Package
        fields = ["title", "attempt_policy"]
