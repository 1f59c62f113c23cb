"""The union's 6-month (due 25 June) and annual (due 25 November) reports as XLSX (openpyxl) and PDF (WeasyPrint)."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.spreadsheets import safe_cell, safe_row

from . import indicators
from .models import Indicator

DUE = {indicators.HALF_YEAR: (6, 25), indicators.ANNUAL: (11, 25)}


def report_data(organisation, year, period, progress=None):
    """Everything a report shows: the subtree's figures, the targets and the breakdown by child organisation."""
    progress = progress or (lambda percent: None)
    start, end = indicators.period_bounds(year, period)
    indicator_list = list(Indicator.objects.all())
    figures = indicators.indicators_for(organisation, start, end, indicator_list)
    progress(40)
    children = indicators.breakdown(organisation, start, end, indicator_list)
    progress(80)
    month, day = DUE[period]
    return {
        "organisation": organisation,
        "year": year,
        "period": period,
        "period_label": _("6-month report") if period == indicators.HALF_YEAR else _("Annual report"),
        "start": start,
        "end": end,
        "due": datetime.date(year, month, day),
        "made_on": timezone.localdate(),
        "figures": figures,
        "children": children,
        "indicators": indicator_list,
        "target_years": indicators.target_years(),
    }


def filename(data, fmt):
    kind = "6-thang" if data["period"] == indicators.HALF_YEAR else "ca-nam"
    return f"bao-cao-{kind}-{data['year']}-{slugify(data['organisation'].short_name or data['organisation'].name)[:40]}.{fmt}"


def to_xlsx(data):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    bold = Font(bold=True)
    sheet.append([f"{data['period_label']} {data['year']}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Organisation"), safe_cell(data["organisation"].name)])
    sheet.append([_("Period"), data["start"].strftime("%d/%m/%Y"), data["end"].strftime("%d/%m/%Y")])
    sheet.append([_("Due"), data["due"].strftime("%d/%m/%Y")])
    sheet.append([_("Workers"), data["figures"].workers])
    sheet.append([])
    head = [_("Indicator"), _("Count"), _("Of"), _("Share (%)")] + [
        _("Target %(year)s (%%)") % {"year": y} for y in data["target_years"]
    ]
    sheet.append(head)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in data["figures"].rows:
        sheet.append(
            [safe_cell(row.name), row.count, row.total, float(row.share)]
            + [float(row.target(y)) if row.target(y) is not None else None for y in data["target_years"]]
        )
    sheet.column_dimensions["A"].width = 60
    children = workbook.create_sheet(_("By organisation")[:31])
    children.append(safe_row([_("Organisation"), _("Workers")] + [f"{i.name} (%)" for i in data["indicators"]]))
    for cell in children[1]:
        cell.font = bold
    for child in data["children"]:
        children.append([safe_cell(child.organisation.name), child.workers] + [float(row.share) for row in child.rows])
    children.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(data):
    from weasyprint import HTML  # loads Pango: imported only when a PDF is asked for

    html = render_to_string("recognition/report_pdf.html", data)
    return HTML(string=html, base_url=None).write_pdf()


def build(organisation, year, period, fmt, progress=None):
    """(bytes, file name) of the report."""
    data = report_data(organisation, year, period, progress)
    content = to_xlsx(data) if fmt == "xlsx" else to_pdf(data)
    return content, filename(data, fmt)
