"""Exports of the worker list: CSV streamed row by row, XLSX written in openpyxl's write-only mode.

Rows are read in chunks by primary key (keyset pagination), so memory stays flat whatever the size.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, hr


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
    """Yield one list of cells per membership of the queryset, reading it in primary-key chunks."""
    year = year or timezone.localdate().year
    areas = hr.learning_areas() if areas is None else areas
    base = memberships.order_by("pk")
    chunk = conf.export_chunk_size()
    last = 0
    hour_fields = [f"hours_{code}" for code, _name in areas]
    while True:
        ids = list(base.filter(pk__gt=last).values_list("pk", flat=True)[:chunk])
        if not ids:
            return
        last = ids[-1]
        rows = (
            hr.annotate_hours(base.model.objects.filter(pk__in=ids), year, areas)
            .order_by("pk")
            .values_list(
                "user__full_name",
                "user__phone",
                "user__email",
                "employee_number",
                "organisation__name",
                "start_date",
                "end_date",
                "union_member",
                *hour_fields,
                "hours_total",
                "completion_count",
            )
        )
        for row in rows:
            cells = list(row)
            cells[5] = cells[5].strftime("%d/%m/%Y")
            cells[6] = cells[6].strftime("%d/%m/%Y") if cells[6] else ""
            cells[7] = _("yes") if cells[7] else ""
            cells[8:] = [value or 0 for value in cells[8:]]
            yield cells


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, head, filename):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens Vietnamese text as UTF-8
        yield writer.writerow(head)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, head, filename):
    """Write the rows in write-only mode (openpyxl keeps one row in memory) and stream the file from disk."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(head)
    for row in rows:
        sheet.append([float(c) if hasattr(c, "as_tuple") else c for c in row])
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
        return xlsx_response(rows, header(areas, year), filename)
    return csv_response(rows, header(areas, year), filename)
