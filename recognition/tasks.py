"""Background work: report files (XLSX or PDF) with progress, cycle evaluations and reminder e-mails."""

import logging

from django.core.files.base import ContentFile
from django_tasks import task

from .models import Cycle, ReportExport

logger = logging.getLogger(__name__)


@task()
def build_report(export_id):
    """Build and store the report of a ReportExport row; its status and progress tell the page how far it got."""
    from . import exports

    export = ReportExport.objects.select_related("organisation", "requested_by").filter(pk=export_id).first()
    if export is None:
        return False

    def progress(percent):
        ReportExport.objects.filter(pk=export_id).update(progress=min(int(percent), 99), status=ReportExport.RUNNING)

    try:
        progress(1)
        content, filename = exports.build(
            export.organisation, export.year, export.period, export.fmt, progress=progress, by=export.requested_by
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


@task()
def evaluate_cycle(cycle_id):
    """Compute the proposals of a cycle's subtree (minutes for a province), then mark the cycle evaluated."""
    from . import services

    cycle = _cycle(cycle_id)
    return services.run_evaluation(cycle).persons if cycle is not None else 0


@task()
def send_reminders(cycle_id):
    """Remind the people of a cycle's subtree who have not submitted their self-assessment (notifications)."""
    from . import services

    cycle = _cycle(cycle_id)
    # A task's result is stored as JSON: the counts, not the Summary object.
    return services.send_reminders(cycle).as_dict() if cycle is not None else {}


def _cycle(cycle_id):
    """The cycle with its organisation, or None when it was deleted before the task ran."""
    return Cycle.objects.select_related("organisation").filter(pk=cycle_id).first()
