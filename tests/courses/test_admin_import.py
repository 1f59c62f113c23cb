"""Catalogue import from the admin, through the real admin views: upload, preview, import in review, publish."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import Page, WorkflowState

from courses.import_jobs import CatalogueImport
from courses.importer import FIELDS
from courses.models import CoursePage
from courses.services import editor_group_name, reviewer_group_name
from tests.factories import UserFactory

BAD_LINES = {41: "level", 102: "title", 167: "duration"}  # CSV line numbers (the header is line 1)


def catalogue_csv(rows=200, bad=BAD_LINES, provider=""):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for number in range(1, rows + 1):
        line = number + 1
        row = {
            "external_id": f"KH-{number:03d}",
            "title": f"Kỹ năng đứng máy số {number}",
            "summary": "Vận hành an toàn.",
            "learning_area": "vocational",
            "level": "beginner",
            "duration_hours": "2,5",
            "provider": provider,
        }
        if bad.get(line) == "level":
            row["level"] = "chuyen-gia"
        elif bad.get(line) == "title":
            row["title"] = ""
        elif bad.get(line) == "duration":
            row["duration_hours"] = "-1"
        writer.writerow([row.get(name, "") for name in FIELDS])
    return out.getvalue().encode()


def upload(client, provider, content, name="khoa-hoc.csv", **extra):
    return client.post(
        reverse("courses_import"),
        {"provider": provider.pk, "file": SimpleUploadedFile(name, content), **extra},
    )


@pytest.fixture
def editor(provider):
    user = UserFactory(full_name="Lê Văn Biên")
    user.groups.add(Group.objects.get(name=editor_group_name(provider)))
    return user


@pytest.fixture
def reviewer(provider):
    user = UserFactory(full_name="Phạm Thị Duyệt")
    user.groups.add(Group.objects.get(name=reviewer_group_name(provider)))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def vietnamese(settings):
    settings.LOCALE_PATHS = [Path(django_settings.BASE_DIR) / "locale"]
    settings.LANGUAGE_CODE = "vi"


def test_editor_imports_200_rows_with_3_bad_and_the_reviewer_publishes_them_in_one_action(
    provider, editor, reviewer, vietnamese
):
    client = logged_in(editor)
    assert client.get(reverse("courses_import")).status_code == 200
    response = upload(client, provider, catalogue_csv(), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302
    job = CatalogueImport.objects.get()
    assert (job.valid_rows, job.new_rows, job.status) == (197, 197, CatalogueImport.PREVIEW)
    assert CoursePage.objects.filter(provider=provider).count() == 0  # the preview writes nothing

    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # The three rows are named, in Vietnamese (the catalogue's translation of the importer's messages).
    for line in BAD_LINES:
        assert f"dòng {line}" in preview
    assert [position for position, _message in job.errors] == ["line 41", "line 102", "line 167"]

    response = client.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created, job.submitted) == (CatalogueImport.DONE, 197, 197)
    courses = CoursePage.objects.filter(provider=provider)
    assert courses.count() == 197 and not courses.filter(live=True).exists()
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, object_id__in=job.page_ids)
    assert in_review.count() == 197
    result = client.get(reverse("courses_import_detail", args=[job.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[job.page_ids[0]]) in result

    # The reviewer selects every course in the section's listing and approves them in one action.
    reviewer_client = logged_in(reviewer)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "approve_and_publish"])
    query = f"?id=all&childOf={provider.section.pk}"
    confirmation = reviewer_client.get(url + query)
    assert confirmation.status_code == 200
    assert "Kỹ năng đứng máy số 1" in confirmation.content.decode()
    response = reviewer_client.post(url + query, {"include_descendants": "on"})
    assert response.status_code == 302
    assert CoursePage.objects.filter(provider=provider, live=True).count() == 197
    assert not WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_an_editors_import_never_publishes(provider, editor):
    client = logged_in(editor)
    form = client.get(reverse("courses_import")).context["form"]
    assert "publish" not in form.fields  # an editor is not offered the choice
    upload(client, provider, catalogue_csv(rows=3, bad={}), publish="on")  # and a crafted POST is ignored
    job = CatalogueImport.objects.get()
    assert not job.publish
    client.post(reverse("courses_import_detail", args=[job.pk]), {"confirm": "1"})
    assert CoursePage.objects.filter(provider=provider).count() == 3
    assert not CoursePage.objects.filter(provider=provider, live=True).exists()


def test_an_xlsx_file_imports_like_a_csv(provider, editor):
    rows = list(csv.reader(io.StringIO(catalogue_csv(rows=5, bad={3: "level"}).decode())))
    workbook = Workbook()
    for row in rows:
        workbook.active.append([float(value.replace(",", ".")) if value == "2,5" else value for value in row])
    out = io.BytesIO()
    workbook.save(out)
    client = logged_in(editor)
    assert upload(client, provider, out.getvalue(), name="khoa-hoc.xlsx").status_code == 302
    job = CatalogueImport.objects.get()
    assert (job.valid_rows, [position for position, _message in job.errors]) == (4, ["line 3"])
    client.post(reverse("courses_import_detail", args=[job.pk]), {"confirm": "1"})
    assert CoursePage.objects.get(external_id="KH-001").duration_hours == 2.5


def test_a_row_of_another_provider_is_refused(provider, make_provider, editor):
    other = make_provider(name="Trường khác", slug="truong-khac")
    client = logged_in(editor)
    upload(client, provider, catalogue_csv(rows=2, bad={}, provider=other.slug))
    job = CatalogueImport.objects.get()
    assert job.valid_rows == 0 and len(job.errors) == 2
    assert not CoursePage.objects.filter(provider=other).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("khoa-hoc.pdf", b"%PDF-1.4", "Upload a CSV (.csv) or Excel (.xlsx) file."),
        ("khoa-hoc.csv", b"ma,ten\nKH-1,An toan\n", "the header lacks the column(s) external_id, title"),
        ("khoa-hoc.csv", "external_id,title\n".encode("utf-16"), "is not a UTF-8 text file"),
        ("khoa-hoc.xlsx", b"PK\x03\x04 not really a workbook", "is not an Excel (.xlsx) workbook"),
        ("khoa-hoc.csv", b"external_id,title\n", "has a header but no courses"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_changes_nothing(provider, editor, name, content, message):
    pages_before = Page.objects.count()
    response = upload(logged_in(editor), provider, content, name=name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not CatalogueImport.objects.exists()
    assert Page.objects.count() == pages_before


def test_a_huge_file_is_refused(provider, editor, monkeypatch):
    from courses import admin_import

    monkeypatch.setattr(admin_import, "MAX_FILE_SIZE", 1024)
    response = upload(logged_in(editor), provider, catalogue_csv(rows=50, bad={}))
    assert "too large" in " ".join(response.context["form"].errors["file"])
    monkeypatch.setattr(admin_import, "MAX_FILE_SIZE", 5 * 1024 * 1024)
    monkeypatch.setattr(admin_import, "MAX_ROWS", 10)
    response = upload(logged_in(editor), provider, catalogue_csv(rows=50, bad={}))
    assert "import at most 10" in " ".join(response.context["form"].errors["file"])
    assert not CatalogueImport.objects.exists()


def test_the_template_files_have_every_column(provider, editor):
    client = logged_in(editor)
    text = client.get(reverse("courses_import_template_csv")).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == list(FIELDS)
    workbook = load_workbook(io.BytesIO(client.get(reverse("courses_import_template_xlsx")).content))
    assert [cell.value for cell in workbook.active[1]] == list(FIELDS)


def test_editors_of_another_provider_see_neither_the_import_nor_its_result(provider, make_provider, editor):
    client = logged_in(editor)
    upload(client, provider, catalogue_csv(rows=2, bad={}))
    job = CatalogueImport.objects.get()
    other = make_provider(name="Trường khác", slug="truong-khac")
    stranger = UserFactory()
    stranger.groups.add(Group.objects.get(name=editor_group_name(other)))
    assert logged_in(stranger).get(reverse("courses_import_detail", args=[job.pk])).status_code == 404
    assert (
        logged_in(stranger).post(reverse("courses_import_detail", args=[job.pk]), {"confirm": "1"}).status_code == 404
    )
    assert logged_in(UserFactory()).get(reverse("courses_import")).status_code in (302, 403)
