"""The HR worker import reports a row holding a NUL character (CSV or XLSX) by its line; never a 500 (issue 13)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.importer import import_workers
from organisations.models import Membership, OrganisationRole
from organisations.services import grant_role
from tests.factories import UserFactory
from tests.fuzz.xlsx_nul import PLACEHOLDER, xlsx_with_nul

HEADER = ["full_name", "phone", "email", "employee_number", "start_date"]
GOOD = ["Người Tốt", "0911000071", "", "T1", "01/03/2025"]


@pytest.mark.parametrize("column", range(5))
def test_csv_row_with_nul_is_reported_and_the_others_import(tree, column):
    bad = ["Người Xấu", "0911000072", "xau@example.vn", "X1", "01/03/2025"]
    bad[column] = bad[column][:3] + "\x00" + bad[column][3:]
    text = "\n".join(",".join(row) for row in (HEADER, GOOD, bad))
    result = import_workers(SimpleUploadedFile("workers.csv", text.encode()), tree["G1"])
    problems = result.errors + result.refused
    assert [line for line, _message in problems] == [3], problems
    assert "NUL" in problems[0][1]


def test_xlsx_with_nul_is_reported_as_unreadable(tree):
    bad = ["Người" + PLACEHOLDER + "Xấu", "0911000073", "", "X2", "01/03/2025"]
    upload = SimpleUploadedFile("workers.xlsx", xlsx_with_nul([HEADER, GOOD, bad]))
    result = import_workers(upload, tree["G1"])
    assert not result.ok and "not a readable XLSX" in result.errors[0][1]
    assert not Membership.objects.filter(employee_number="T1").exists()


def test_hr_import_screen_answers_with_the_line(client, tree):
    officer = UserFactory()
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    client.force_login(officer)
    text = "\n".join(",".join(row) for row in (HEADER, ["Người\x00Xấu", "0911000074", "", "X3", "01/03/2025"]))
    client.raise_request_exception = False
    response = client.post(f"/hr/{tree['G1'].pk}/import/", {"file": SimpleUploadedFile("w.csv", text.encode())})
    assert response.status_code < 500
    assert "NUL" in response.content.decode()
    assert not Membership.objects.filter(employee_number="X3").exists()
