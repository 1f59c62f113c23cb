"""Object storage against a real S3-compatible server (moto's, in its own process): media, private files, SCORM."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import Client

from cms.storage import move_to_private, private_file_response
from scorm.importer.services import delete_package, import_package
from tests.scorm.helpers import CONTENT_HOST
from tests.scorm.packages import FIXTURES, build_zip


def keys(s3, bucket, prefix=""):
    listing = s3["client"].list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_public_media_is_stored_in_the_media_bucket_and_read_from_its_plain_url(s3_storages):
    storage = storages["default"]
    name = storage.save("images/a.txt", ContentFile(b"hello"))
    assert keys(s3_storages, s3_storages["media"]) == ["images/a.txt"]
    url = storage.url(name)
    assert url == f"{s3_storages['endpoint']}/{s3_storages['media']}/images/a.txt"  # no signature: a CDN caches it
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the loopback S3 server
        assert response.read() == b"hello"
    # A second file of the same name does not replace the first (as on local disk).
    second = storage.save("images/a.txt", ContentFile(b"other"))
    assert second != name
    assert storage.open(name).read() == b"hello"


def test_private_files_have_no_url_and_are_streamed_after_the_views_check(s3_storages):
    storage = storages["private"]
    name = storage.save("certificates/pdf/x.pdf", ContentFile(b"%PDF-1.7 private"))
    assert keys(s3_storages, s3_storages["private"]) == ["certificates/pdf/x.pdf"]
    assert keys(s3_storages, s3_storages["media"]) == []
    with pytest.raises(ValueError, match="no URL"):
        storage.url(name)
    field = FileField(storage=storage)
    response = private_file_response(FieldFile(None, field, name), filename="x.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 private"
    assert response["Cache-Control"] == "private, no-cache"
    assert "attachment" in response["Content-Disposition"]
    # A lost file is a 404, not a 500.
    with pytest.raises(Http404):
        private_file_response(FieldFile(None, field, "certificates/pdf/lost.pdf"), filename="lost.pdf")


def test_files_move_from_the_public_bucket_to_the_private_one(s3_storages):
    storages["default"].save("certificates/pdf/old.pdf", ContentFile(b"old"))
    storages["default"].save("images/keep.png", ContentFile(b"png"))
    assert move_to_private(["certificates"]) == 1
    assert keys(s3_storages, s3_storages["media"]) == ["images/keep.png"]
    assert keys(s3_storages, s3_storages["private"]) == ["certificates/pdf/old.pdf"]
    assert move_to_private(["certificates"]) == 0  # idempotent


@pytest.mark.django_db
def test_scorm_content_is_imported_to_and_served_from_the_private_bucket(s3_storages):
    package = import_package(build_zip("scorm2004"))
    stored = keys(s3_storages, s3_storages["private"], f"scorm/{package.uid}/")
    assert f"scorm/{package.uid}/content/sco1.html" in stored
    assert keys(s3_storages, s3_storages["media"]) == []

    client = Client()
    response = client.get(f"/scorm/content/{package.uid}/content/sco1.html", HTTP_HOST=CONTENT_HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"
    assert b"".join(response.streaming_content) == (FIXTURES / "scorm2004/content/sco1.html").read_bytes()
    assert response["Cache-Control"].startswith("public")  # the CDN in front of the content origin keeps it

    # Names that are not files of the package: 404, whatever S3 would make of them.
    for path in ("content/missing.html", "content", "content/"):
        missing = client.get(f"/scorm/content/{package.uid}/{path}", HTTP_HOST=CONTENT_HOST)
        assert missing.status_code == 404, path
    # Never on the site's own origin.
    assert client.get(f"/scorm/content/{package.uid}/content/sco1.html").status_code == 404

    delete_package(package)
    assert keys(s3_storages, s3_storages["private"], f"scorm/{package.uid}/") == []


def test_the_private_bucket_refuses_anonymous_reads(s3_storages):
    storages["private"].save("recognition/evidence/e.pdf", ContentFile(b"evidence"))
    url = f"{s3_storages['endpoint']}/{s3_storages['private']}/recognition/evidence/e.pdf"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url)  # noqa: S310 - the loopback S3 server
    assert refused.value.code == 403
