"""Exports of the worker and completion lists: CSV streamed row by row, XLSX written in openpyxl's write-only mode.

Rows come from one query read through a server-side cursor, so memory stays flat whatever the size.
"""

import csv
import datetime
import functools
import io
import tempfile

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.spreadsheets import safe_cell, safe_row

from . import access, conf, hr
from .models import CompletionReview


def header(areas, year):
    return [
        _("Full name"),
        _("Phone"),
        _("E-mail"),
        _("Employee number"),
        _("Organisation"),
        _("Start date"),
        _("End date"),
        _("Union member"),
        *[_("%(area)s hours %(year)s") % {"area": name, "year": year} for _code, name in areas],
        _("Total hours %(year)s") % {"year": year},
        _("Completions %(year)s") % {"year": year},
    ]


def worker_rows(memberships, year=None, areas=None):
    """Yield one list of cells per membership of the queryset, in the list's order.

    One query: the hours per learning area are summed in the database (grouped by membership) and the rows
    are read through `.iterator()`, a server-side cursor on PostgreSQL, `conf.export_chunk_size()` rows at a
    time, so memory stays flat whatever the size and the number of queries does not grow with it.
    """
    year = year or timezone.localdate().year
    areas = hr.learning_areas() if areas is None else areas
    rows = (
        hr.annotate_hours(memberships, year, areas)
        # HR knows its workplace by the enterprise's name, not its union branch's.
        .annotate(workplace_name=Coalesce(NullIf("organisation__unit_name", Value("")), "organisation__name"))
        .order_by(*hr.WORKER_ORDER)
        .values_list(
            "user__full_name",
            "user__phone",
            "user__email",
            "employee_number",
            "workplace_name",
            "start_date",
            "end_date",
            "union_member",
            *[f"hours_{code}" for code, _name in areas],
            "hours_total",
            "completion_count",
        )
    )
    yes = _("yes")
    for row in rows.iterator(chunk_size=conf.export_chunk_size()):
        # Dates stay dates: the spreadsheet sorts them; the CSV writes them dd/mm/yyyy (_text_date).
        yield [
            *row[:7],
            yes if row[7] else "",
            *[value or 0 for value in row[8:]],
        ]


def csv_response(rows, head, filename, batch=500):
    """Stream the rows as CSV, `batch` rows per chunk written to the client (a write per row is slow)."""

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # so that Excel opens Vietnamese text as UTF-8
        writer.writerow(safe_row(head))
        for number, row in enumerate(rows, 1):
            writer.writerow(safe_row([_text_date(cell) for cell in row]))
            if number % batch == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@functools.lru_cache(maxsize=50_000)
def _date_text(value):
    # Workers share start and end dates: each is formatted once (strftime is a hot spot of large exports).
    return value.strftime("%d/%m/%Y")


def _text_date(value):
    """A date as people here write it (dd/mm/yyyy) in a CSV; other cells unchanged."""
    return _date_text(value) if isinstance(value, datetime.date) else value


def xlsx_response(rows, head, filename, title=None):
    """Write the rows in write-only mode (openpyxl keeps one row in memory) and stream the file from disk.

    Dates stay dates (shown dd/mm/yyyy), so that a spreadsheet can sort and filter them.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "")[:31] or None)

    def cell(value):
        if isinstance(value, datetime.date):
            date_cell = WriteOnlyCell(sheet, value=value)
            date_cell.number_format = "DD/MM/YYYY"
            return date_cell
        return float(value) if hasattr(value, "as_tuple") else safe_cell(value)

    sheet.append(safe_row(head))
    for row in rows:
        sheet.append([cell(c) for c in row])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # removed when the response closes it
    workbook.save(target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_workers(memberships, fmt, filename, year=None):
    year = year or timezone.localdate().year
    areas = hr.learning_areas()
    rows = worker_rows(memberships, year, areas)
    if fmt == "xlsx":
        return xlsx_response(rows, header(areas, year), filename, title=_("Workers"))
    return csv_response(rows, header(areas, year), filename)


# Completions -------------------------------------------------------------------------------------------------


def completion_header():
    return [
        _("Full name"),
        _("Phone"),
        _("E-mail"),
        _("Workplace"),
        _("Course"),
        _("Provider"),
        _("Learning area"),
        _("Hours"),
        _("Completed on"),
        _("Source"),
        _("Confirmation"),
        _("Reviewed on"),
        _("HR's comment"),
        _("Certificate"),
        _("Counted in hours"),
    ]


def completion_rows(completions):
    """Yield one list of cells per completion of the queryset (hr.completions), with HR's confirmation status.

    One query read through `.iterator()`; the workplace is the one the worker belonged to on the completion's date.
    """
    workplace = (
        access.memberships_on(OuterRef("user_id"), OuterRef("completed_on"))
        .order_by("-start_date")
        .annotate(label=Coalesce(NullIf("organisation__unit_name", Value("")), "organisation__name"))
        .values("label")[:1]
    )
    rows = completions.annotate(
        workplace_name=Subquery(workplace), certificate_serial=F("certificate__serial")
    ).values_list(
        "user__full_name",
        "user__phone",
        "user__email",
        "workplace_name",
        "course_title",
        "provider_name",
        "learning_area_name",
        "hours",
        "completed_on",
        "source",
        "review_status",
        "reviewed_at",
        "review_comment",
        "certificate_serial",
        "counted",
    )
    sources = dict(completions.model.SOURCE_CHOICES)
    statuses = dict(CompletionReview.STATUS_CHOICES)
    yes, no = _("yes"), _("no")
    for row in rows.iterator(chunk_size=conf.export_chunk_size()):
        reviewed_at = row[11]
        yield [
            *row[:8],
            row[8],
            str(sources.get(row[9], row[9])),
            str(statuses.get(row[10] or CompletionReview.PENDING)),
            timezone.localtime(reviewed_at).date() if reviewed_at else "",
            row[12] or "",
            row[13] or "",
            yes if row[14] else no,
        ]


def export_completions(completions, fmt, filename):
    rows = completion_rows(completions)
    if fmt == "xlsx":
        return xlsx_response(rows, completion_header(), filename, title=_("Completions"))
    return csv_response(rows, completion_header(), filename)
