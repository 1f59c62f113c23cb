"""A learner's own record as CSV and PDF (streamed / rendered from snapshot fields, no per-row queries)."""

import csv

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.spreadsheets import safe_row

from .models import Completion

CSV_HEADER = ("course", "provider", "learning_area", "completed_on", "hours", "score", "source", "evidence")


def completions_of(user):
    return Completion.objects.filter(user=user).order_by("-completed_on", "-id")


class _Echo:
    def write(self, value):
        return value


def csv_rows(user):
    """Yield CSV lines of the learner's completions (UTF-8 BOM first so spreadsheet programs read the diacritics)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_(name) for name in CSV_HEADER])
    sources = dict(Completion.SOURCE_CHOICES)
    for c in completions_of(user).iterator(chunk_size=2000):
        yield writer.writerow(
            safe_row(
                [
                    c.course_title,
                    c.provider_name,
                    c.learning_area_name,
                    c.completed_on.isoformat(),
                    c.hours,
                    "" if c.score is None else c.score,
                    str(sources.get(c.source, c.source)),
                    c.evidence,
                ]
            )
        )


def render_pdf(user, hours_by_area):
    """The learner's record as PDF bytes (WeasyPrint)."""
    from weasyprint import HTML  # loads Pango: imported only when a PDF is asked for

    html = render_to_string(
        "learning/record_pdf.html",
        {
            "learner": user,
            "completions": completions_of(user),
            "hours_by_area": hours_by_area,
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=None).write_pdf()
