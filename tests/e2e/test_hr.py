"""An HR officer imports workers, confirms a completion and downloads the export, in a phone-sized browser."""

import csv
import io
from datetime import date

import pytest

from learning.services import enrol, record_completion
from organisations.models import CompletionReview, Membership, Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from tests.factories import UserFactory


@pytest.fixture
def workplace(db):
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ Duy Tiên", kind=Organisation.DISTRICT)
    return create_organisation(
        district, name="CĐCS Công ty May Hưng Phát", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
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
