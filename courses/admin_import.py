"""Catalogue import in the admin: a provider's editor uploads CSV or XLSX, previews it, then imports in the background.

Imported courses are drafts submitted to the provider's review workflow; only someone who may publish in the
provider's section can choose to publish at once, so an editor's import never bypasses review.
"""

import csv
import io
import logging

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogContext

from .import_jobs import CatalogueImport
from .importer import FIELDS, CatalogueImporter, ImportFormatError, RowError, read_rows
from .models import CoursePage, Provider, ProviderPage

logger = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx")
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000
PROGRESS_EVERY = 50
TEMPLATE_EXAMPLE = {
    "external_id": "ATLD-01",
    "title": "An toàn lao động cơ bản",
    "summary": "Nhận diện mối nguy và phòng tránh tai nạn trong xưởng.",
    "description": "Khóa học dành cho công nhân mới.",
    "learning_area": "vocational",
    "level": "beginner",
    "duration_hours": "4",
    "language": "vi",
    "provider": "",
    "tags": "an toàn, bảo hộ",
    "digital_competences": "",
    "outcomes": "Nhận diện mối nguy",
    "prerequisites": "",
}


def user_providers(user):
    """The providers whose catalogue section the user may add courses to (every provider for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Provider.objects.none()
    if user.is_superuser:
        return Provider.objects.all()
    sections = ProviderPage.objects.select_related("provider")
    ids = [section.provider_id for section in sections if section.permissions_for_user(user).can_add_subpage()]
    return Provider.objects.filter(pk__in=ids)


def may_publish(user, provider):
    section = ProviderPage.objects.filter(provider=provider).first()
    return section is not None and section.permissions_for_user(user).can_publish()


def user_imports(user):
    """Imports the user may see: those of the providers whose section they work in."""
    return CatalogueImport.objects.filter(provider__in=user_providers(user)).select_related("provider", "user")


# Verbs ------------------------------------------------------------------------------------------------------------


def read_upload(uploaded):
    """The rows of an uploaded CSV or XLSX file; ImportFormatError (a sentence for the editor) when unusable."""
    name = uploaded.name or "file"
    if not name.lower().endswith(EXTENSIONS):
        raise ImportFormatError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    if uploaded.size > MAX_FILE_SIZE:
        raise ImportFormatError(
            _("The file is too large (%(size)s MB; at most %(max)s MB).")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "max": MAX_FILE_SIZE // 1024 // 1024}
        )
    rows = read_rows(name, content=uploaded.read())
    if not rows:
        raise ImportFormatError(_("The file has a header but no courses."))
    if len(rows) > MAX_ROWS:
        raise ImportFormatError(
            _("The file has %(count)s rows; import at most %(max)s at a time.") % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


def prepare_import(user, provider, uploaded, publish=False):
    """Check an upload without writing any page (the dry run) and keep its valid rows for the import.

    A row that names another provider is an error: an editor imports into their own provider's section only.
    """
    rows = read_upload(uploaded)
    importer = CatalogueImporter(provider=provider.slug)
    errors, own_rows = [], []
    for position, row in rows:
        other = str(row.get("provider") or "").strip() if isinstance(row, dict) else ""
        if other and other != provider.slug:
            message = _("the provider %(other)r is not %(provider)s, the provider of this import") % {
                "other": other,
                "provider": provider.name,
            }
            errors.append(RowError(position, message))
        else:
            own_rows.append((position, row))
    valid = importer.check(own_rows)
    errors = sorted(errors + importer.result.errors, key=_position_number)
    importer.providers = {provider.slug: provider}
    importer.load_existing(valid)
    kept = {course.position for course in valid}
    return CatalogueImport.objects.create(
        provider=provider,
        user=user,
        filename=uploaded.name[:255],
        publish=publish and may_publish(user, provider),
        rows=[[position, row] for position, row in own_rows if position in kept],
        errors=[[error.position, error.message] for error in errors],
        valid_rows=len(valid),
        new_rows=sum(1 for course in valid if importer.key(course) not in importer.existing),
    )


def _position_number(error):
    number = error.position.rpartition(" ")[2]
    return int(number) if number.isdigit() else 0


def queue_import(job):
    """Start the import of a previewed file in the background (django-tasks); False if it was already started."""
    from .tasks import import_catalogue_file

    if CatalogueImport.objects.filter(pk=job.pk, status=CatalogueImport.PREVIEW).update(status=CatalogueImport.QUEUED):
        import_catalogue_file.enqueue(job.pk)
        return True
    return False


def run_import(job):
    """Import a queued file: write its rows, submit the drafts to the provider's workflow, record the result."""
    if (
        CatalogueImport.objects.filter(pk=job.pk, status=CatalogueImport.QUEUED).update(status=CatalogueImport.RUNNING)
        == 0
    ):
        return job  # Already run (a task delivered twice) or never confirmed.
    job.refresh_from_db()

    def progress(done, total):
        CatalogueImport.objects.filter(pk=job.pk).update(done=done)

    try:
        with translation.override(settings.LANGUAGE_CODE), LogContext(user=job.user):
            importer = CatalogueImporter(
                provider=job.provider.slug, publish=job.publish, progress=progress, progress_every=PROGRESS_EVERY
            )
            result = importer.run([(position, row) for position, row in job.rows])
            external_ids = [str(row.get("external_id", "")).strip() for _position, row in job.rows]
            page_ids = list(
                CoursePage.objects.filter(provider=job.provider, external_id__in=external_ids)
                .order_by("path")
                .values_list("pk", flat=True)
            )
            submitted = 0 if job.publish else submit_for_review(page_ids, job.user)
    except Exception as error:  # noqa: BLE001 - the editor sees that it failed; the traceback goes to the log
        logger.exception("Catalogue import %s failed", job.pk)
        CatalogueImport.objects.filter(pk=job.pk).update(
            status=CatalogueImport.FAILED, failure=str(error)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.errors = job.errors + [[error.position, error.message] for error in result.errors]
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.submitted, job.page_ids, job.rows = submitted, page_ids, []
    job.done = job.valid_rows
    job.status, job.finished_at = CatalogueImport.DONE, timezone.now()
    job.save()
    return job


def submit_for_review(page_ids, user):
    """Submit each page with unpublished changes that is not in review yet to its workflow. Returns the count."""
    submitted = 0
    for page in CoursePage.objects.filter(pk__in=page_ids, has_unpublished_changes=True).order_by("path"):
        if page.workflow_in_progress:
            continue
        workflow = page.get_workflow()
        if workflow is None:
            continue
        workflow.start(page, user)
        submitted += 1
    return submitted


def template_csv():
    """The import template: the header with every column and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    writer.writerow([TEMPLATE_EXAMPLE.get(name, "") for name in FIELDS])
    return "\ufeff" + out.getvalue()  # Excel opens a UTF-8 CSV with its BOM correctly


def template_xlsx():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "courses"
    sheet.append(list(FIELDS))
    sheet.append([TEMPLATE_EXAMPLE.get(name, "") for name in FIELDS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Forms ------------------------------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label=gettext_lazy("Provider"))
    file = forms.FileField(
        label=gettext_lazy("Catalogue file"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel (.xlsx), one course per row, with the template's columns."),
    )
    publish = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish at once (reviewers only)"),
        help_text=gettext_lazy("Without it the courses are saved as drafts and submitted for review."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        providers = user_providers(user)
        self.fields["provider"].queryset = providers
        if providers.count() == 1:
            self.fields["provider"].initial = providers.first()
        if not any(may_publish(user, provider) for provider in providers):
            del self.fields["publish"]

    def clean(self):
        cleaned = super().clean()
        provider, uploaded = cleaned.get("provider"), cleaned.get("file")
        if provider is None or uploaded is None:
            return cleaned
        try:
            self.job = prepare_import(self.user, provider, uploaded, publish=cleaned.get("publish", False))
        except ImportFormatError as error:
            self.add_error("file", str(error))
        return cleaned
