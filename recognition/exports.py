"""The union's 6-month (due 25 June) and annual (due 25 November) reports as XLSX (openpyxl) and PDF (WeasyPrint)."""

import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.spreadsheets import export_filename, safe_cell, safe_row

from . import indicators
from .models import Indicator

DUE = {indicators.HALF_YEAR: (6, 25), indicators.ANNUAL: (11, 25)}


def place_of(organisation):
    """Where the report is made: the province of the organisation or of its nearest ancestor that names one."""
    if organisation.province:
        return organisation.province
    ancestor = organisation.get_ancestors().exclude(province="").order_by("-depth").first()
    return ancestor.province if ancestor else ""


def place_and_date(place, day):
    """The line above a Vietnamese report's title: "Hà Nội, ngày 05 tháng 12 năm 2026"."""
    when = _("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }
    return _("%(place)s, %(date)s") % {"place": place, "date": when} if place else when.capitalize()


def report_data(organisation, year, period, progress=None, by=None):
    """Everything a report shows: the issuer, the subtree's figures, the targets, the breakdown by child
    organisation, where and when it was made and who signs it."""
    progress = progress or (lambda percent: None)
    start, end = indicators.period_bounds(year, period)
    indicator_list = list(Indicator.objects.all())
    figures = indicators.indicators_for(organisation, start, end, indicator_list)
    progress(40)
    children = indicators.breakdown(organisation, start, end, indicator_list)
    progress(80)
    month, day = DUE[period]
    made_on = timezone.localdate()
    return {
        "organisation": organisation,
        "parent": organisation.get_parent(),
        "place_and_date": place_and_date(place_of(organisation), made_on),
        "signer": (by.full_name or str(by)) if by is not None else "",
        "year": year,
        "period": period,
        "period_label": _("6-month report") if period == indicators.HALF_YEAR else _("Annual report"),
        "start": start,
        "end": end,
        "due": datetime.date(year, month, day),
        "made_on": made_on,
        "figures": figures,
        "children": children,
        "indicators": indicator_list,
        "target_years": indicators.target_years(),
    }


def filename(data, fmt):
    kind = "6-thang" if data["period"] == indicators.HALF_YEAR else "ca-nam"
    name = (data["organisation"].short_name or data["organisation"].name)[:40]
    return export_filename("bao-cao", kind, data["year"], name, extension=fmt)


def to_xlsx(data):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    bold = Font(bold=True)
    sheet.append([f"{data['period_label']} {data['year']}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Issued by"), safe_cell(data["organisation"].name)])
    sheet.append([_("Period"), data["start"].strftime("%d/%m/%Y"), data["end"].strftime("%d/%m/%Y")])
    sheet.append([_("Due"), data["due"].strftime("%d/%m/%Y")])
    sheet.append([_("Workers"), data["figures"].workers])
    sheet.append([safe_cell(data["place_and_date"])])
    if data["signer"]:
        sheet.append([_("Made by"), safe_cell(data["signer"])])
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
    head = [_("Organisation"), _("Workers")]
    for indicator in data["indicators"]:
        head += [_("%(indicator)s: count") % {"indicator": indicator.label}, f"{indicator.label} (%)"]
    children.append(safe_row(head))
    for cell in children[1]:
        cell.font = bold
    for child in data["children"]:
        cells = [safe_cell(child.organisation.name), child.workers]
        for row in child.rows:
            cells += [row.count, float(row.share)]
        children.append(cells)
    children.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(data):
    from weasyprint import HTML  # loads Pango: imported only when a PDF is asked for

    html = render_to_string("recognition/report_pdf.html", data)
    return HTML(string=html, base_url=None).write_pdf()


def build(organisation, year, period, fmt, progress=None, by=None):
    """(bytes, file name) of the report; `by` is the person who made it (named above the signature)."""
    data = report_data(organisation, year, period, progress, by=by)
    content = to_xlsx(data) if fmt == "xlsx" else to_pdf(data)
    return content, filename(data, fmt)
