"""An HR officer imports workers, confirms a completion, downloads the exports and gets a key for the HR system,
in a phone-sized browser."""

import csv
import io
from datetime import date

import pytest

from learning.services import enrol, record_completion
from organisations.models import ApiToken, CompletionReview, Membership, Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from tests.factories import UserFactory


@pytest.fixture
def workplace(db):
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ Duy Tiên", kind=Organisation.DISTRICT)
    return create_organisation(
        district,
        name="CĐCS Công ty May Hưng Phát",
        unit_name="Công ty May Hưng Phát",
        kind=Organisation.GRASSROOTS,
        unit_type=Organisation.ENTERPRISE,
    )


def test_hr_officer_imports_confirms_and_exports(live_server, phone, workplace, course, tmp_path):
    officer = UserFactory(email="hr@example.vn")
    grant_role(officer, workplace, OrganisationRole.HR_OFFICER)
    learner = UserFactory(full_name="Đỗ Thị Thu")
    add_member(learner, workplace, start_date=date(2024, 1, 1))
    completion, _ = record_completion(enrol(learner, course)[0], source="attendance", completed_on=date.today())

    phone.goto(f"{live_server.url}/accounts/login/?next=/hr/")
    phone.fill("input[name=username]", "hr@example.vn")
    phone.fill("input[name=password]", "mat-khau-an-toan-123")
    phone.locator("form button[type=submit], form input[type=submit]").last.click()
    phone.wait_for_url(f"**/hr/{workplace.pk}/workers/")

    upload = tmp_path / "cong-nhan.csv"
    upload.write_text(
        "Họ và tên,Số điện thoại,Mã nhân viên,Ngày vào làm\nNguyễn Văn Mới,0911222333,HP100,01/03/2025\n"
        "Lê Thị Hai,0911222444,HP101,01/03/2025\n",
        encoding="utf-8",
    )
    phone.get_by_role("link", name="Import workers").first.click()
    phone.set_input_files("input[type=file]", str(upload))
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_selector("#import-result")
    assert "/hr/invitation/" in phone.inner_text("#import-result")
    assert Membership.objects.filter(organisation=workplace).count() == 3

    phone.goto(f"{live_server.url}/hr/{workplace.pk}/completions/")
    row = phone.locator(f"#completion-{completion.pk}")
    row.get_by_role("button", name="Confirm").click()
    phone.wait_for_selector(f"#completion-{completion.pk} .status-confirmed")
    assert CompletionReview.objects.get(completion=completion).status == CompletionReview.CONFIRMED

    phone.goto(f"{live_server.url}/hr/{workplace.pk}/workers/")
    with phone.expect_download() as info:
        phone.click("#export-csv")
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert {row[0] for row in rows[1:]} == {"Đỗ Thị Thu", "Nguyễn Văn Mới", "Lê Thị Hai"}

    # The company's name, not its union branch's.
    assert phone.inner_text("h1").strip().endswith("Công ty May Hưng Phát")
    assert "CĐCS" not in phone.inner_text("h1")

    # The completions list exports with each one's confirmation status.
    phone.goto(f"{live_server.url}/hr/{workplace.pk}/completions/")
    with phone.expect_download() as info:
        phone.click("#export-completions-csv")
    assert "cong-ty-may-hung-phat" in info.value.suggested_filename
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    head = rows[0]
    assert [(row[0], row[head.index("Confirmation")]) for row in rows[1:]] == [("Đỗ Thị Thu", "Confirmed")]

    # HR asks for a key for its payroll system from its own screens; the key works on the HR API.
    phone.locator("#nav-api-tokens").click()
    phone.fill("input[name=name]", "Phần mềm tính lương")
    phone.click("#create-key")
    phone.wait_for_selector("#new-key")
    key = phone.input_value("#key-value")
    assert ApiToken.objects.get().organisation == workplace
    response = phone.request.get(f"{live_server.url}/api/hr/workers", headers={"Authorization": f"Token {key}"})
    assert response.status == 200 and response.json()["count"] == 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1
