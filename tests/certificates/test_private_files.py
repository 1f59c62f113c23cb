"""Certificate PDFs and previews are private files: never under MEDIA_ROOT or MEDIA_URL, served only by the
permission-checked views, tried as an outsider would (issue 13)."""

import importlib
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import include, path, re_path
from django.views.static import serve

from certificates.models import Certificate
from certificates.services import download_name, issue_certificate
from cms.storage import PrivateFileSystemStorage, move_to_private, private_storage
from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from tests.factories import UserFactory

# What the dev server (and a web server pointed at MEDIA_ROOT) serves: MEDIA_URL from MEDIA_ROOT, then the site.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("cms.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def rendered(client, certificate, holder):
    """The holder downloads the PDF and the PNG preview, which renders and stores both."""
    client.force_login(holder)
    assert client.get(f"/certificates/{certificate.serial}.pdf").status_code == 200
    assert client.get(f"/certificates/{certificate.serial}.png").status_code == 200
    client.logout()
    return Certificate.objects.get(pk=certificate.pk)


def _media_urls(certificate):
    compact = certificate.serial.replace("-", "")
    return [
        settings.MEDIA_URL + certificate.pdf.name,
        settings.MEDIA_URL + certificate.preview.name,
        f"{settings.MEDIA_URL}certificates/pdf/{compact}.pdf",  # the name an attacker guesses from the serial
        f"{settings.MEDIA_URL}certificates/png/{compact}.png",
    ]


def test_rendered_files_are_in_private_storage_not_under_media_root(rendered):
    for field in (rendered.pdf, rendered.preview):
        assert field.name and field.storage is storages["private"]
        assert private_storage().exists(field.name)
        assert not (Path(settings.MEDIA_ROOT) / field.name).exists()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "holder"])
def test_media_urls_of_certificate_files_are_404(client, rendered, holder, who):
    if who != "anonymous":
        client.force_login(holder if who == "holder" else UserFactory())
    for url in _media_urls(rendered):
        assert client.get(url).status_code == 404, url


def test_media_urls_are_404_even_when_the_holder_made_it_public(client, rendered):
    Certificate.objects.filter(pk=rendered.pk).update(public=True)
    for url in _media_urls(rendered):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/certificates/{rendered.serial}.pdf").status_code == 200


def test_pages_never_link_to_media(client, rendered, holder):
    client.force_login(holder)
    for url in ("/my-certificates/", f"/verify/{rendered.serial}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert f"{settings.MEDIA_URL}certificates" not in response.content.decode()


@pytest.mark.parametrize("suffix, content_type", [("pdf", "application/pdf"), ("png", "image/png")])
def test_downloads_stream_from_private_storage_with_private_headers(client, rendered, holder, suffix, content_type):
    url = f"/certificates/{rendered.serial}.{suffix}"
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(holder)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    field = rendered.pdf if suffix == "pdf" else rendered.preview
    with private_storage().open(field.name, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    # A name that says what the file is: "chung-nhan-<course, in ASCII>-<serial>.pdf" (issue 15).
    assert f'filename="{download_name(rendered, suffix)}"' in response["Content-Disposition"]
    assert download_name(rendered, suffix).startswith("chung-nhan-") and download_name(rendered, suffix).isascii()


@pytest.fixture
def employers(holder):
    """The holder's enterprise (a member before completing) with its HR, and a sibling enterprise's HR."""
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    district = create_organisation(province, name="LĐLĐ huyện Duy Tiên", kind=Organisation.DISTRICT)
    work = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE}
    mine = create_organisation(district, name="CĐCS Công ty May", unit_name="Công ty May", **work)
    other = create_organisation(district, name="CĐCS Công ty Cơ khí", unit_name="Công ty Cơ khí", **work)
    add_member(holder, mine, start_date=date(2020, 1, 1))
    hr, other_hr = UserFactory(), UserFactory()
    grant_role(hr, mine, OrganisationRole.HR_OFFICER)
    grant_role(other_hr, other, OrganisationRole.HR_OFFICER)
    return {"hr": hr, "other_hr": other_hr}


@pytest.mark.parametrize("who, status", [("hr", 200), ("other_hr", 403)])
def test_holders_hr_downloads_others_do_not(client, employers, holder, make_completion, who, status):
    certificate, _created = issue_certificate(make_completion(holder))
    client.force_login(employers[who])
    for suffix in ("pdf", "png"):
        response = client.get(f"/certificates/{certificate.serial}.{suffix}")
        assert response.status_code == status
        assert ("private" in response["Cache-Control"]) if status == 200 else b"%PDF" not in response.content
    stored = Certificate.objects.get(pk=certificate.pk)
    for name in filter(None, (stored.pdf.name, stored.preview.name)):
        assert client.get(settings.MEDIA_URL + name).status_code == 404


def test_download_renders_again_when_the_stored_file_is_lost(client, rendered, holder):
    private_storage().delete(rendered.pdf.name)
    client.force_login(holder)
    response = client.get(f"/certificates/{rendered.serial}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    stored = Certificate.objects.get(pk=rendered.pk)
    assert private_storage().exists(stored.pdf.name)


def test_migration_moves_files_rendered_before_into_private_storage(client, certificate, holder):
    """A PDF rendered before the change sits under MEDIA_ROOT: the migration moves it under the same name."""
    public = storages["default"]
    name = public.save("certificates/pdf/OLD1.pdf", ContentFile(b"%PDF-1.7 old"))
    orphan = public.save("certificates/png/orphan/OLD2.png", ContentFile(b"\x89PNG old"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    migration = importlib.import_module("certificates.migrations.0005_private_files")
    migration.move_files(apps, None)
    migration.move_files(apps, None)  # again: idempotent, and nothing left to move is fine
    assert not public.exists(name) and not public.exists(orphan)
    assert private_storage().exists(orphan)
    assert client.get(settings.MEDIA_URL + name).status_code == 404
    client.force_login(holder)
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 old"


def test_moving_within_one_storage_loses_nothing(certificate):
    """A deployment whose private alias points where the public one does: the migration must delete nothing."""
    name = private_storage().save("certificates/pdf/SAME.pdf", ContentFile(b"%PDF-1.7"))
    assert move_to_private(["certificates/pdf"], source=private_storage(), target=private_storage()) == 0
    assert private_storage().exists(name)


def test_private_storage_class_makes_no_url(tmp_path):
    with pytest.raises(ValueError):
        PrivateFileSystemStorage(location=tmp_path).url("certificates/pdf/X.pdf")


def test_the_private_alias_makes_no_media_url():
    with pytest.raises(ValueError):
        private_storage().url("certificates/pdf/X.pdf")
