"""The Wagtail admin for SCORM packages: upload with validation errors shown, list, inspect, preview, delete;
the lesson block that picks a package."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from courses.blocks import LessonBodyBlock
from courses.models import LessonPage
from learning.lessons import lesson_requirements
from scorm.importer.services import import_package
from scorm.models import Package
from tests.factories import LessonPageFactory, UserFactory

from .packages import build_zip

pytestmark = pytest.mark.django_db

BASE = "/admin/scorm_packages/"


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    return client


def upload(client, data, name="course.zip", **fields):
    return client.post(
        BASE + "new/",
        {
            "title": "",
            "attempt_policy": "resume",
            **fields,
            "package_file": SimpleUploadedFile(name, data, "application/zip"),
        },
    )


def test_upload_imports_and_lists_the_package(admin_client):
    response = upload(admin_client, build_zip("scorm12").getvalue(), attempt_policy="new_after_completion")
    assert response.status_code == 302, response.content.decode()[:2000]
    package = Package.objects.get()
    assert package.version == "1.2" and package.attempt_policy == "new_after_completion"
    listing = admin_client.get(BASE)
    assert listing.status_code == 200 and "An toàn lao động (SCORM 1.2)" in listing.content.decode()
    inspect = admin_client.get(f"{BASE}inspect/{package.pk}/")
    assert inspect.status_code == 200
    assert (
        "Chương 2" in inspect.content.decode()
        and "lesson2/index.html?page=1&amp;mode=review" in inspect.content.decode()
    )


def test_refused_upload_shows_the_reason_and_stores_nothing(admin_client):
    response = upload(admin_client, build_zip("scorm12", omit=("imsmanifest.xml",)).getvalue())
    assert response.status_code == 200
    assert "imsmanifest.xml" in response.content.decode()
    assert not Package.objects.exists()


def test_delete_removes_the_package(admin_client):
    upload(admin_client, build_zip("scorm2004").getvalue())
    package = Package.objects.get()
    response = admin_client.post(f"{BASE}delete/{package.pk}/")
    assert response.status_code == 302 and not Package.objects.exists()


def test_inspect_links_to_a_preview_that_plays_the_package(admin_client):
    upload(admin_client, build_zip("scorm12").getvalue())
    package = Package.objects.get()
    preview_url = f"{BASE}preview/{package.pk}/"
    assert preview_url in admin_client.get(f"{BASE}inspect/{package.pk}/").content.decode()
    response = admin_client.get(preview_url)
    assert response.status_code == 200 and "data-scorm-player" in response.content.decode()


# The lesson block: a package chooser stored as the package's id under `package_id`, as the integer block was.


def stored_body(lesson):
    """The body as stored in the database (a freshly loaded page's raw data, never converted to values)."""
    return list(LessonPage.objects.get(pk=lesson.pk).body.raw_data)


@pytest.fixture
def lesson_course(make_course):
    return make_course(title="An toàn điện")


def test_a_package_chosen_in_the_block_is_stored_as_its_id_and_plays(client, lesson_course, user):
    package = import_package(build_zip("scorm12"), title="Gói an toàn điện")
    block = LessonBodyBlock().child_blocks["scorm"]
    # What the lesson editor posts once a package is picked in the chooser: its id in the block's hidden input.
    value = block.clean(
        block.value_from_datadict({"scorm-title": "Bài tương tác", "scorm-package_id": str(package.pk)}, {}, "scorm")
    )
    assert value["package_id"] == package
    lesson = LessonPageFactory(parent=lesson_course, title="Bài SCORM", body=[("scorm", value)])
    lesson.save_revision().publish()
    assert stored_body(lesson)[0]["value"]["package_id"] == package.pk
    client.force_login(user)
    html = client.get(lesson.url).content.decode()
    assert "data-scorm-player" in html and "Bài tương tác" in html
    assert lesson_requirements(LessonPage.objects.get(pk=lesson.pk)).package_ids == [package.pk]


def test_lessons_stored_with_an_integer_package_id_still_load_play_and_edit(admin_client, lesson_course, user):
    package = import_package(build_zip("scorm12"), title="Old SCORM package")
    body = json.dumps([{"type": "scorm", "id": "s1", "value": {"title": "Bài cũ", "package_id": package.pk}}])
    lesson = LessonPageFactory(parent=lesson_course, title="Bài cũ", body=body)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.body[0].value["package_id"] == package
    assert lesson_requirements(lesson).package_ids == [package.pk]
    editor = admin_client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert editor.status_code == 200 and "Old SCORM package" in editor.content.decode()  # the chooser shows the package
    lesson.save_revision().publish()  # Saved again: still the integer.
    assert stored_body(lesson)[0]["value"]["package_id"] == package.pk
    client = Client()
    client.force_login(user)
    assert "data-scorm-player" in client.get(lesson.url).content.decode()


def test_a_lesson_naming_a_deleted_package_says_it_is_not_available(lesson_course, user):
    body = json.dumps([{"type": "scorm", "id": "s1", "value": {"title": "Bài cũ", "package_id": 999999}}])
    lesson = LessonPageFactory(parent=lesson_course, title="Bài cũ", body=body)
    client = Client()
    client.force_login(user)
    response = client.get(lesson.url)
    assert response.status_code == 200 and "scorm-message" in response.content.decode()
    assert lesson_requirements(LessonPage.objects.get(pk=lesson.pk)).package_ids == [999999]
