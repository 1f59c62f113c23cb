"""Cells for the CSV and XLSX files the site writes, safe to open in a spreadsheet program.

A worker who names himself `=HYPERLINK("http://evil.example", "Bấm vào đây")` would otherwise become a live
formula in HR's export (CSV/DDE injection). Every writer passes its cells through `safe_cell` (or `safe_row`):
text that a spreadsheet would read as a formula gets a leading apostrophe, the usual neutraliser; numbers, dates
and text that is only a number (a phone number such as "+84912345678", "-5") stay as they are.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*\Z")


def safe_cell(value):
    """The value, with an apostrophe before text that starts like a formula (= + - @ tab CR)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


# XLSX: real dates shown dd/mm/yyyy, named sheets, ASCII file names -------------------------------------------

XLSX_DATE_FORMAT = "DD/MM/YYYY"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def xlsx_row(sheet, values):
    """Cells for `sheet.append()`: dates stay dates (sortable, filterable) shown as dd/mm/yyyy, Decimals become
    numbers, text goes through safe_cell. Works with openpyxl's write-only sheets too (WriteOnlyCell)."""
    import datetime
    from decimal import Decimal

    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: the local wall-clock time the person saw on screen.
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = XLSX_DATE_FORMAT + " hh:mm"
            row.append(cell)
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = XLSX_DATE_FORMAT
            row.append(cell)
        elif isinstance(value, Decimal):
            row.append(float(value))
        else:
            row.append(safe_cell(value))
    return row


def sheet_title(text, fallback="Sheet"):
    """A valid worksheet name: at most 31 characters, none of []:*?/\\ (Excel refuses such a file)."""
    title = _SHEET_FORBIDDEN.sub(" ", str(text or "")).strip().strip("'")[:31].strip()
    return title or fallback


def export_filename(*parts, extension):
    """A download's name in plain ASCII, Vietnamese folded (Đ -> D): ("Báo cáo", "Đồng Nai") -> bao-cao-dong-nai.xlsx."""
    from anyascii import anyascii
    from django.utils.text import slugify

    words = [slugify(anyascii(str(part))) for part in parts if part not in (None, "")]
    stem = "-".join(word for word in words if word)[:120].strip("-") or "export"
    return f"{stem}.{extension.lstrip('.')}"
