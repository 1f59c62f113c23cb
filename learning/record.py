"""A learner's own record as CSV and PDF (streamed / rendered from snapshot fields, no per-row queries)."""

import csv
from itertools import islice

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.spreadsheets import safe_row

from .models import Completion

# Column headings a person reads (in their language), not field names.
CSV_HEADER = (
    gettext_lazy("Course"),
    gettext_lazy("Provider"),
    gettext_lazy("Learning area"),
    gettext_lazy("Completed on"),
    gettext_lazy("Learning hours"),
    gettext_lazy("Score (%)"),
    gettext_lazy("How"),
    gettext_lazy("Evidence"),
)
CHUNK = 2000


def file_name(user, extension):
    """The download's name in plain ASCII (Đ -> D): "ho-so-hoc-tap-tran-thi-lan.csv"."""
    from anyascii import anyascii
    from django.utils.text import slugify

    person = slugify(anyascii(getattr(user, "full_name", "") or ""))[:60].strip("-")
    return "-".join(part for part in ("ho-so-hoc-tap", person) if part) + f".{extension}"


def completions_of(user):
    return Completion.objects.filter(user=user).order_by("-completed_on", "-id")


class _Echo:
    def write(self, value):
        return value


def _number(value):
    """12.5 as the reader writes it (Vietnamese: 12,5), as My learning shows it."""
    return formats.number_format(value, use_l10n=True)


def _lesson_titles(evidences):
    from courses.models import LessonPage

    ids = {int(e.split(":", 1)[1]) for e in evidences if e.startswith("lesson:") and e.split(":", 1)[1].isdigit()}
    return dict(LessonPage.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}


def readable_evidence(evidence, lesson_titles=None):
    """What the machine reference stands for, in words: "lesson:74" -> "Lesson: Bài 2: Trang bị bảo hộ"."""
    kind, _sep, rest = (evidence or "").partition(":")
    if kind == "lesson" and rest.isdigit():
        title = (lesson_titles or {}).get(int(rest))
        return _("Lesson: %(title)s") % {"title": title} if title else _("A lesson of the course (since removed)")
    if kind == "scorm-attempt" and rest.isdigit():
        return _("Interactive lesson (SCORM), attempt no. %(number)s") % {"number": rest}
    if kind == "scorm-package":
        return _("Interactive lesson (SCORM)")
    if kind == "import":
        filename, _sep, line = rest.rpartition(":")
        if filename and line.isdigit():
            return _("Imported from %(file)s, line %(line)s") % {"file": filename, "line": line}
    return evidence


def csv_rows(user):
    """Yield CSV lines of the learner's completions (UTF-8 BOM first so spreadsheet programs read the diacritics).

    Headings, dates (dd/mm/yyyy), numbers (decimal comma in Vietnamese) and evidence are written for a person;
    lesson titles are looked up once per chunk of rows, never per row.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(name) for name in CSV_HEADER])
    sources = dict(Completion.SOURCE_CHOICES)
    rows = completions_of(user).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        titles = _lesson_titles([c.evidence for c in chunk])
        for c in chunk:
            yield writer.writerow(
                safe_row(
                    [
                        c.course_title,
                        c.provider_name,
                        c.learning_area_name,
                        c.completed_on.strftime("%d/%m/%Y"),
                        _number(c.hours),
                        "" if c.score is None else _number(c.score),
                        str(sources.get(c.source, c.source)),
                        readable_evidence(c.evidence, titles),
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
