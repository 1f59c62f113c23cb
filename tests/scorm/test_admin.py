"""The Wagtail admin for SCORM packages: upload with validation errors shown, list, inspect, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scorm.models import Package
from tests.factories import UserFactory

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
