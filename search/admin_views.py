"""The admin's CSV import of the search vocabulary (all rows or none; the problems listed by line)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .synonyms import import_csv

MAX_CSV_BYTES = 1_000_000


def can_import(user):
    return user.has_perm("catalogue_search.add_synonym") and user.has_perm("catalogue_search.change_synonym")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, with a header row: term, abbreviations, synonyms, learning_area, active. Several values in one "
            "cell are separated by commas or semicolons. A row whose term exists already updates it."
        ),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Delete the rows missing from the file"), required=False, initial=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from None


def import_vocabulary(request):
    if not can_import(request.user):
        raise PermissionDenied
    errors = []
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, updated = import_csv(form.cleaned_data["file"], replace=form.cleaned_data["replace"])
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Search vocabulary imported: %(created)d added, %(updated)d updated.")
                    % {"created": created, "updated": updated},
                )
                return redirect("wagtailsnippets_catalogue_search_synonym:list")
        status = 400
    return TemplateResponse(
        request, "search/admin/import_vocabulary.html", {"form": form, "errors": errors}, status=status
    )
