"""The classroom import reports a row holding a NUL character (CSV or XLSX) by its line; never a 500 (issue 13)."""

import io
from decimal import Decimal

import pytest

from learning.importer import import_completions
from learning.models import Completion
from tests.factories import UserFactory
from tests.fuzz.xlsx_nul import PLACEHOLDER, xlsx_with_nul

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(make_course):
    UserFactory(email="an@example.vn", phone="0901000001")
    return make_course(title="An toàn điện", external_id="ATD-01", duration_hours=Decimal("8"))


@pytest.mark.parametrize(
    "row",
    [
        "an@exa\x00mple.vn,ATD-01,2025-03-15,,,",
        "an@example.vn,ATD\x00-01,2025-03-15,,,",
        "an@example.vn,ATD-01,2025-03-15,,,Biên\x00bản",
        "an@example.vn,ATD-01,2025-03-15,,,,cd-ky-thuat\x00",
    ],
)
def test_csv_row_with_nul_is_reported(classroom, staff, row):
    text = "learner,course,completed_on,hours,score,evidence,provider\n" + row + "\n"
    result = import_completions(io.BytesIO(text.encode()), "lop.csv", by=staff)
    assert [line for line, _message in result.errors] == [2], result.errors
    assert "NUL" in result.errors[0][1]
    assert not Completion.objects.exists()


def test_xlsx_with_nul_is_reported_as_unreadable(classroom, staff):
    rows = [["learner", "course", "completed_on", "evidence"], ["an@example.vn", "ATD-01", "2025-03-15", PLACEHOLDER]]
    result = import_completions(io.BytesIO(xlsx_with_nul(rows)), "lop.xlsx", by=staff)
    assert result.errors == [(0, "This is not a readable .xlsx workbook.")]
    assert not Completion.objects.exists()
