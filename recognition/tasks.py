"""Background work: build a 6-month or annual report file (XLSX or PDF) with progress, for large subtrees."""

import logging

from django.core.files.base import ContentFile
from django_tasks import task

from .models import ReportExport

logger = logging.getLogger(__name__)


@task()
def build_report(export_id):
    """Build and store the report of a ReportExport row; its status and progress tell the page how far it got."""
    from . import exports

    export = ReportExport.objects.select_related("organisation").filter(pk=export_id).first()
    if export is None:
        return False

    def progress(percent):
        ReportExport.objects.filter(pk=export_id).update(progress=min(int(percent), 99), status=ReportExport.RUNNING)

    try:
        progress(1)
        content, filename = exports.build(
            export.organisation, export.year, export.period, export.fmt, progress=progress
        )
        export.file.save(filename, ContentFile(content), save=False)
        export.status, export.progress = ReportExport.DONE, 100
        export.save(update_fields=["file", "status", "progress"])
    except Exception as error:
        logger.exception("Report export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(status=ReportExport.FAILED, error=str(error)[:2000])
        return False
    return True


def enqueue_report(export):
    build_report.enqueue(export.pk)
