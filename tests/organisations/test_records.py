"""Subtree queries, membership history, the import, reviews and the token API."""

import csv
import datetime
import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from organisations import access, hr
from organisations.importer import import_workers
from organisations.models import ApiToken, CompletionReview, Membership, Organisation, OrganisationRole
from organisations.services import (
    OrganisationError,
    add_member,
    bulk_confirm,
    create_api_token,
    create_organisation,
    grant_role,
    review_completion,
)
from tests.factories import UserFactory


def test_subtree_queries(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        names = set(Organisation.objects.subtree_of(tree["D1"]).values_list("name", flat=True))
    assert names == {tree["D1"].name, tree["G1"].name, tree["G2"].name}
    assert Organisation.objects.subtree_of(tree["P"]).count() == 7
    assert tree["G3"].get_parent() == tree["D2"]


def test_tree_shape_is_checked(tree):
    with pytest.raises(ValidationError, match="cannot be placed"):
        create_organisation(tree["G1"], name="X", kind=Organisation.DISTRICT)
    with pytest.raises(ValidationError):
        create_organisation(tree["D1"], name="Y", kind=Organisation.DISTRICT, tax_code="123")


def test_membership_history_counts_each_period(tree, make_worker, complete):
    worker = make_worker(tree["G1"], start=date(2025, 1, 1))
    add_member(worker, tree["G3"], start_date=date(2025, 7, 1))
    first, second = Membership.objects.filter(user=worker).order_by("start_date")
    assert first.end_date == date(2025, 6, 30) and second.end_date is None
    before = complete(worker, on=date(2025, 3, 10), hours="3")
    after = complete(worker, on=date(2025, 9, 10), hours="5")
    g1 = hr.completions(UserFactory(is_superuser=True), tree["G1"])
    g3 = hr.completions(UserFactory(is_superuser=True), tree["G3"])
    assert list(g1) == [before] and list(g3) == [after]
    rows = {m.organisation_id: m for m in hr.hours_rows(Membership.objects.filter(user=worker), 2025)}
    assert rows[tree["G1"].pk].hours_total == 3 and rows[tree["G3"].pk].hours_total == 5
    # An HR officer of the old workplace still sees the old period, not the new one.
    officer = UserFactory()
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    assert list(access.completions_visible_to(officer)) == [before]


def test_one_workplace_at_a_time(tree, make_worker):
    worker = make_worker(tree["G1"], start=date(2025, 1, 1))
    with pytest.raises(OrganisationError):
        add_member(worker, tree["G2"], start_date=date(2024, 12, 1))
    with pytest.raises(OrganisationError):
        add_member(worker, tree["D1"])
    assert Membership.objects.filter(user=worker).count() == 1


def _csv(rows, header="full_name,phone,email,date_of_birth,employee_number,start_date"):
    return SimpleUploadedFile("workers.csv", (header + "\n" + "\n".join(rows)).encode())


def test_import_good_file_matches_and_creates(tree, make_worker):
    existing = UserFactory(full_name="Lê Văn Cũ", phone="0987654321", email=None)
    moved = make_worker(tree["G3"], start=date(2024, 1, 1), email="chuyen@example.vn")
    upload = _csv(
        [
            "Nguyễn Thị Mới,0912 000 111,,01/02/1990,NV001,01/03/2025",
            "Lê Văn Cũ,+84987654321,,,NV002,",
            "Người Chuyển,,CHUYEN@example.vn,,NV003,01/05/2025",
            "Trần Email,,email.moi@example.vn,,NV004,2025-01-15",
        ]
    )
    result = import_workers(upload, tree["G1"])
    assert result.ok, result.errors
    # The worker of G3 is not moved: the row is refused, the others are imported (test_import_attach.py).
    assert result.matched == 1 and len(result.created) == 2 and [line for line, _m in result.refused] == [4]
    new = Membership.objects.get(employee_number="NV001")
    assert new.user.phone == "0912000111" and new.user.date_of_birth == date(1990, 2, 1)
    assert not new.user.has_usable_password() and "/hr/invitation/" in result.created[0][1]
    assert Membership.objects.get(user=existing, end_date__isnull=True).organisation == tree["G1"]
    assert Membership.objects.get(user=moved, organisation=tree["G3"]).end_date is None


def test_import_bad_rows_imports_nothing(tree):
    upload = _csv(
        [
            "Một,0912000111,,,,",
            ",0912000112,,,,",
            "Ba,12345,,,,",
            "Bốn,,khong-phai-email,,,",
            "Năm,0912000111,,,,",
            "Sáu,,,,,",
            "Bảy,0912000113,,31/02/1990,,",
        ]
    )
    result = import_workers(upload, tree["G1"])
    assert [line for line, _m in result.errors] == [3, 4, 5, 6, 7, 8]
    assert "line 2" in dict(result.errors)[6]
    assert not Membership.objects.exists()
    assert not UserFactory._meta.model.objects.filter(phone="0912000111").exists()


def test_import_conflicting_accounts_and_bad_files(tree):
    UserFactory(phone="0912000111", email=None)
    UserFactory(email="khac@example.vn")
    result = import_workers(_csv(["Hai người,0912000111,khac@example.vn,,,"]), tree["G1"])
    assert not result.ok and "two different accounts" in result.errors[0][1]
    bad = import_workers(SimpleUploadedFile("x.csv", b"ten,tuoi\nA,3"), tree["G1"])
    assert not bad.ok and bad.errors[0][0] == 0
    broken = import_workers(SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken"), tree["G1"])
    assert not broken.ok


def test_import_xlsx_with_vietnamese_headers(tree):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Số điện thoại", "Mã nhân viên", "Ngày vào làm", "Đoàn viên"])
    sheet.append(["Phạm Văn Xlsx", "0934567890", 7, date(2025, 2, 1), "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_workers(SimpleUploadedFile("w.xlsx", buffer.getvalue()), tree["G2"])
    assert result.ok, result.errors
    membership = Membership.objects.get(user__phone="0934567890")
    assert membership.employee_number == "7" and membership.union_member and membership.start_date == date(2025, 2, 1)


def test_confirm_reject_and_bulk(tree, staffed, complete):
    workers, completions = staffed
    officer = UserFactory()
    grant_role(officer, tree["D1"], OrganisationRole.HR_OFFICER)
    with pytest.raises(OrganisationError):
        review_completion(officer, completions["G1"], CompletionReview.REJECTED, comment=" ")
    review = review_completion(officer, completions["G1"], CompletionReview.REJECTED, comment="Không có minh chứng")
    assert review.organisation == tree["G1"] and review.reviewed_by == officer
    review_completion(officer, completions["G1"], CompletionReview.CONFIRMED)
    assert CompletionReview.objects.get().status == CompletionReview.CONFIRMED
    extra = complete(workers["G2"], hours="2")
    ids = [completions["G1"].pk, completions["G2"].pk, extra.pk, completions["G3"].pk]
    assert bulk_confirm(officer, ids) == 3
    assert not CompletionReview.objects.filter(completion=completions["G3"]).exists()
    pending = hr.completions(officer, tree["D1"], status=CompletionReview.PENDING)
    assert not pending.exists()


def test_review_screen_requires_comment_to_reject(client, tree, staffed):
    _workers, completions = staffed
    officer = UserFactory()
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    client.force_login(officer)
    url = f"/hr/{tree['G1'].pk}/completions/{completions['G1'].pk}/review/"
    client.post(url, {"status": "rejected", "comment": ""})
    assert not CompletionReview.objects.exists()
    client.post(url, {"status": "rejected", "comment": "Sai khóa học"})
    assert CompletionReview.objects.get().comment == "Sai khóa học"


def test_token_api(client, tree, staffed):
    _workers, completions = staffed
    token, key = create_api_token(tree["G1"], "HRM", scope=ApiToken.READ_CONFIRM)
    assert token.key_hash != key and token.prefix == key[:8]
    assert client.get("/api/hr/completions").status_code == 401
    assert client.get("/api/hr/completions", HTTP_AUTHORIZATION="Token nope").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    data = client.get("/api/hr/completions?status=pending", **auth).json()
    assert data["count"] == 1 and data["results"][0]["review"]["status"] == "pending"
    assert client.get("/api/hr/completions?since=yesterday", **auth).json()["error"]
    assert client.get("/api/hr/workers?page_size=0", **auth).status_code == 400
    assert client.get("/api/hr/workers?status=x", **auth).status_code == 400
    assert client.put("/api/hr/workers", **auth).status_code == 405
    url = f"/api/hr/completions/{completions['G1'].pk}/reject"
    assert client.post(url, "[1]", content_type="application/json", **auth).status_code == 400
    assert client.post(url, "{bad", content_type="application/json", **auth).status_code == 400
    assert client.post(url, {}, content_type="application/json", **auth).status_code == 400
    response = client.post(url, {"comment": "Thiếu giờ"}, content_type="application/json", **auth)
    assert response.json()["review"] == {**response.json()["review"], "status": "rejected", "comment": "Thiếu giờ"}
    assert CompletionReview.objects.get().reviewed_via == token
    assert client.post("/api/hr/completions/999999/confirm", **auth).status_code == 404
    workers = client.get("/api/hr/workers", **auth).json()
    assert workers["count"] == 1 and workers["results"][0]["employee_number"].startswith("NV")
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/hr/workers", **auth).status_code == 401


def test_export_streams_csv_and_xlsx(client, tree, staffed):
    officer = UserFactory()
    grant_role(officer, tree["D1"], OrganisationRole.HR_OFFICER)
    client.force_login(officer)
    response = client.get(f"/hr/{tree['D1'].pk}/workers/export.csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and {rows[1][0], rows[2][0]} == {"Công nhân G1", "Công nhân G2"}
    assert rows[1][-1] == "1" and float(rows[1][-2]) == 4
    response = client.get(f"/hr/{tree['D1'].pk}/workers/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    assert len(list(sheet.iter_rows())) == 3
    # The start date is a real date in the spreadsheet (sortable), dd/mm/yyyy in the CSV.
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    assert isinstance(first[5].value, datetime.datetime) and first[5].number_format == "DD/MM/YYYY"
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", rows[1][5])
    assert client.get(f"/hr/{tree['D1'].pk}/workers/export.pdf").status_code == 404


def test_hr_list_and_enrol(client, tree, staffed, course):
    workers, _completions = staffed
    officer = UserFactory()
    grant_role(officer, tree["G1"], OrganisationRole.HR_OFFICER)
    client.force_login(officer)
    page = client.get(f"/hr/{tree['G1'].pk}/workers/").content.decode()
    assert "Công nhân G1" in page and "Công nhân G2" not in page
    response = client.post(
        f"/hr/{tree['G1'].pk}/enrol/", {"course": course.pk, "identifiers": f"{workers['G2'].email}"}
    )
    assert "Not a current worker here" in response.content.decode()
    response = client.post(f"/hr/{tree['G1'].pk}/enrol/", {"course": course.pk, "all_workers": "on"})
    assert response.status_code == 302
    from learning.models import Enrolment

    # G1's worker had completed the course already (no new enrolment); a new worker here is enrolled.
    newcomer = UserFactory()
    add_member(newcomer, tree["G1"])
    client.post(f"/hr/{tree['G1'].pk}/enrol/", {"course": course.pk, "all_workers": "on"})
    assert Enrolment.objects.filter(user=newcomer, course=course, status="active").exists()
    assert not Enrolment.objects.filter(user=workers["G2"], course=course, status="active").exists()


def test_demo_seed_is_idempotent(db, course):
    from io import StringIO

    from django.core.management.color import no_style

    from organisations import demo

    logins = demo.seed(StringIO(), no_style())
    demo.seed(StringIO(), no_style())
    assert [login for login, _p, _r in logins] == ["hr@hoctap.local", "congdoan@hoctap.local"]
    assert Organisation.objects.count() == 4 and Membership.objects.count() == 21
    hr_officer = UserFactory._meta.model.objects.get(email="hr@hoctap.local")
    assert hr_officer.check_password("hoctap-demo")
    assert access.completions_visible_to(hr_officer).count() == 5


def test_hr_search_finds_names_typed_without_diacritics(client, tree, make_worker):
    officer = UserFactory()
    grant_role(officer, tree["D1"], OrganisationRole.HR_OFFICER)
    dung = make_worker(tree["G1"], full_name="Đặng Thị Dung")
    make_worker(tree["G2"], full_name="Nguyễn Văn Tuấn")
    outside = make_worker(tree["G3"], full_name="Đặng Thị Dung")  # same name, other district
    client.force_login(officer)
    for typed in ("dang thi dung", "ĐẶNG THỊ", "thi dung", "Đặng Thị Dung"):
        page = client.get(f"/hr/{tree['D1'].pk}/workers/", {"q": typed}).content.decode()
        assert f"/workers/{dung.pk}/" in page and "Nguyễn Văn Tuấn" not in page, typed
        assert f"/workers/{outside.pk}/" not in page
    # A renamed worker is found by the new name only.
    dung.full_name = "Đỗ Thị Dung"
    dung.save(update_fields=["full_name"])
    assert f"/workers/{dung.pk}/" in client.get(f"/hr/{tree['D1'].pk}/workers/", {"q": "do thi"}).content.decode()
    assert "Đỗ Thị Dung" not in client.get(f"/hr/{tree['D1'].pk}/workers/", {"q": "dang"}).content.decode()
    # Punctuation alone matches no one rather than everyone.
    assert "Nguyễn Văn Tuấn" not in client.get(f"/hr/{tree['D1'].pk}/workers/", {"q": "!!"}).content.decode()
