"""Admin forms: upload a package (validated before anything is stored) into a collection, edit it."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.collections import CollectionChoiceField
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from . import conf
from .importer.services import PackageError, inspect_package
from .models import Package


class CollectionFieldMixin:
    """Offer only the collections the user may add packages to (like Wagtail's image and document forms).

    The field is hidden when there is a single choice; a collection posted outside the choices is a form error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = kwargs.get("for_user")
        if user is None:
            self.collections = Collection.objects.all()
        else:
            self.collections = policy_registry.get_by_type(Package).collections_user_has_permission_for(user, "add")
        if self.instance.pk:  # Editing: the package's current collection stays a choice.
            self.collections = self.collections | Collection.objects.filter(pk=self.instance.collection_id)
        if len(self.collections) == 1:
            del self.fields["collection"]
        else:
            self.fields["collection"] = CollectionChoiceField(
                label=_("Collection"), queryset=self.collections, empty_label=None
            )

    @property
    def collection(self):
        """The collection chosen, or the only one the user may use."""
        if "collection" in self.fields:
            return self.cleaned_data.get("collection")
        return self.collections[0] if self.collections else None

    def save(self, commit=True):
        if "collection" not in self.fields and self.collections:
            self.instance.collection = self.collections[0]
        return super().save(commit=commit)


class PackageUploadForm(CollectionFieldMixin, WagtailAdminModelForm):
    package_file = forms.FileField(
        label=_("SCORM zip"),
        help_text=_("A SCORM 1.2 or 2004 package exported by your authoring tool (.zip)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    class Meta:
        model = Package
        fields = ["title", "collection", "attempt_policy"]

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


class PackageEditForm(CollectionFieldMixin, WagtailAdminModelForm):
    class Meta:
        model = Package
        fields = ["title", "collection", "attempt_policy"]
