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
