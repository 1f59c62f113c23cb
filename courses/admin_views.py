"""Admin screens of the catalogue import (the verbs are in admin_import.py)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .admin_import import UploadForm, queue_import, template_csv, template_xlsx, user_imports, user_providers
from .import_jobs import CatalogueImport
from .importer import position_label
from .models import CoursePage


def index(request):
    if not user_providers(request.user).exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return redirect("courses_import_detail", form.job.pk)
    return TemplateResponse(
        request,
        "courses/admin/import_index.html",
        {"form": form, "imports": user_imports(request.user)[:10], "max_rows": 20_000},
    )


def detail(request, pk):
    job = get_object_or_404(user_imports(request.user), pk=pk)
    if request.method == "POST":
        if job.user_id != request.user.pk:
            raise PermissionDenied
        if "cancel" in request.POST and job.status == CatalogueImport.PREVIEW:
            job.delete()
            messages.success(request, _("The import was cancelled; nothing was changed."))
            return redirect("courses_import")
        if job.valid_rows and queue_import(job):
            messages.success(request, _("The import has started."))
        return redirect("courses_import_detail", job.pk)
    errors = [(position_label(position), message) for position, message in job.errors]
    pages = Paginator(
        CoursePage.objects.filter(pk__in=job.page_ids).order_by("path").only("id", "title", "live"), 100
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "courses/admin/import_detail.html",
        {"job": job, "errors": errors, "pages": pages, "section": getattr(job.provider, "section", None)},
    )


def template_file(request, extension):
    if not user_providers(request.user).exists():
        raise PermissionDenied
    if extension == "xlsx":
        response = HttpResponse(
            template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-khoa-hoc.{extension}"'
    return response


urlpatterns = [
    path("catalogue-import/", index, name="courses_import"),
    path("catalogue-import/<int:pk>/", detail, name="courses_import_detail"),
    path("catalogue-import/template.csv", template_file, {"extension": "csv"}, name="courses_import_template_csv"),
    path("catalogue-import/template.xlsx", template_file, {"extension": "xlsx"}, name="courses_import_template_xlsx"),
]
