"""HR's own screens: the completions export with confirmation status, API keys asked for and revoked without the
admin, and the company's name (not its union branch's) wherever HR sees its workplace."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from organisations.models import ApiToken, CompletionReview, OrganisationRole
from organisations.services import create_api_token, grant_role, review_completion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_g1(tree):
    officer = UserFactory(full_name="Trần Thị Nhân Sự")
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    return officer


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_completions_export_has_the_confirmation_status(client, tree, staffed, complete, hr_g1):
    workers, completions = staffed
    rejected = complete(workers["G1"], hours="2")
    review_completion(hr_g1, completions["G1"], CompletionReview.CONFIRMED)
    review_completion(hr_g1, rejected, CompletionReview.REJECTED, comment="Không có minh chứng")
    client.force_login(hr_g1)
    page = client.get(f"/hr/{tree['G1'].pk}/completions/").content.decode()
    assert f"/hr/{tree['G1'].pk}/completions/export.xlsx" in page

    response = client.get(f"/hr/{tree['G1'].pk}/completions/export.csv")
    assert response.status_code == 200 and response.streaming
    assert "cong-ty-may-duy-tien-hoan-thanh-" in response["Content-Disposition"]
    rows = _csv(response)
    head, body = rows[0], rows[1:]
    assert head[:4] == ["Full name", "Phone", "E-mail", "Workplace"] and "Confirmation" in head
    assert len(body) == 2  # G1's two completions only; G2's worker is not HR of G1's
    by_status = {row[head.index("Confirmation")]: row for row in body}
    assert set(by_status) == {"Confirmed", "Rejected"}
    assert by_status["Rejected"][head.index("HR's comment")] == "Không có minh chứng"
    assert by_status["Rejected"][head.index("Counted in hours")] == "no"
    assert by_status["Confirmed"][head.index("Workplace")] == "Công ty May Duy Tiên"
    assert by_status["Confirmed"][head.index("Completed on")] == date.today().strftime("%d/%m/%Y")

    # Filters as on the screen; XLSX with a named sheet and real dates.
    pending = _csv(client.get(f"/hr/{tree['G1'].pk}/completions/export.csv?status=pending"))
    assert len(pending) == 1
    response = client.get(f"/hr/{tree['G1'].pk}/completions/export.xlsx?status=confirmed")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.title == "Completions"
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][values[0].index("Confirmation")] == "Confirmed"
    completed_on = values[1][values[0].index("Completed on")]
    assert completed_on.date() == date.today()
    assert client.get(f"/hr/{tree['G1'].pk}/completions/export.pdf").status_code == 404


def test_completions_export_a_waiting_completion_and_the_union_view(client, tree, staffed):
    officer = UserFactory()
    grant_role(officer, tree["D1"], OrganisationRole.UNION_OFFICER)
    client.force_login(officer)
    rows = _csv(client.get(f"/hr/{tree['D1'].pk}/completions/export.csv"))
    head = rows[0]
    assert {row[head.index("Workplace")] for row in rows[1:]} == {"Công ty May Duy Tiên", "Công ty Cơ khí Đồng Văn"}
    assert {row[head.index("Confirmation")] for row in rows[1:]} == {"Waiting"}


def test_completions_export_refused_outside_the_subtree(client, tree, staffed, hr_g1):
    client.force_login(hr_g1)
    assert client.get(f"/hr/{tree['G2'].pk}/completions/export.csv").status_code == 403
    assert client.get(f"/hr/{tree['D1'].pk}/completions/export.csv").status_code == 403
    client.logout()
    response = client.get(f"/hr/{tree['G1'].pk}/completions/export.csv")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_hr_asks_for_a_key_uses_it_and_revokes_it(client, tree, staffed, hr_g1):
    client.force_login(hr_g1)
    url = f"/hr/{tree['G1'].pk}/api-tokens/"
    page = client.get(f"/hr/{tree['G1'].pk}/workers/").content.decode()
    assert url in page
    response = client.post(url, {"name": "Phần mềm tính lương", "scope": ApiToken.READ_CONFIRM})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert token.organisation == tree["G1"] and token.created_by == hr_g1 and token.scope == ApiToken.READ_CONFIRM
    assert key in response.content.decode() and token.key_hash != key
    # Shown once: the list shows its first characters only.
    listing = client.get(url).content.decode()
    assert key not in listing and token.prefix in listing and "Phần mềm tính lương" in listing

    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/hr/workers", **auth).json()["count"] == 1
    client.post(f"{url}{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/hr/workers", **auth).status_code == 401


def test_a_key_never_does_more_than_its_requester(client, tree, staffed):
    union = UserFactory()
    grant_role(union, tree["D1"], OrganisationRole.UNION_OFFICER)
    client.force_login(union)
    # Union officers do not hold the HR system's keys.
    assert client.get(f"/hr/{tree['G1'].pk}/api-tokens/").status_code == 403
    assert client.post(f"/hr/{tree['G1'].pk}/api-tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_bad_key_requests_change_nothing(client, tree, hr_g1):
    client.force_login(hr_g1)
    url = f"/hr/{tree['G1'].pk}/api-tokens/"
    for data in ({"name": "", "scope": "read"}, {"name": "   ", "scope": "read"}, {"name": "x", "scope": "admin"}):
        response = client.post(url, data)
        assert response.status_code == 400
    assert 'class="errors"' in client.post(url, {"name": " ", "scope": "read"}).content.decode()
    assert not ApiToken.objects.exists()
    assert client.get(url).status_code == 200


def test_other_organisations_keys_are_out_of_reach(client, tree, hr_g1):
    other, _key = create_api_token(tree["G2"], "HRM G2")
    client.force_login(hr_g1)
    assert client.get(f"/hr/{tree['G2'].pk}/api-tokens/").status_code == 403
    # Through G1's address, G2's key is not found.
    assert client.post(f"/hr/{tree['G1'].pk}/api-tokens/{other.pk}/revoke/").status_code == 404
    assert client.get(f"/hr/{tree['G1'].pk}/api-tokens/{other.pk}/revoke/").status_code == 405
    other.refresh_from_db()
    assert other.revoked_at is None
    assert "HRM G2" not in client.get(f"/hr/{tree['G1'].pk}/api-tokens/").content.decode()


def test_hr_sees_the_company_name_not_the_union_branch(client, tree, staffed, hr_g1):
    client.force_login(hr_g1)
    for path in ("workers/", "completions/", "api-tokens/"):
        page = client.get(f"/hr/{tree['G1'].pk}/{path}").content.decode()
        assert "<h1>" in page
        heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert "Công ty May Duy Tiên" in heading and "CĐCS" not in heading, path
        assert "<title>" in page and "CĐCS" not in page.split("<title>", 1)[1].split("</title>", 1)[0]
    # A person with roles at two workplaces picks one by its company name.
    grant_role(hr_g1, tree["G2"], OrganisationRole.HR_OFFICER)
    page = client.get("/hr/").content.decode()
    assert ">Công ty May Duy Tiên</a>" in page and ">Công ty Cơ khí Đồng Văn</a>" in page
    response = client.get(f"/hr/{tree['G1'].pk}/workers/export.csv")
    assert "cong-ty-may-duy-tien-nguoi-lao-dong-" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[1][rows[0].index("Organisation")] == "Công ty May Duy Tiên"
