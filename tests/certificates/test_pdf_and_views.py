"""PDF with QR, public verification (page, JSON, credential), downloads and bulk verification."""

import csv
import io
import subprocess
import unicodedata

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from certificates import credentials
from certificates.models import Certificate
from certificates.serials import generate_serial
from certificates.services import certificate_pdf, certificate_preview, revoke_certificate, verify_url
from tests.factories import UserFactory

from .conftest import BASE_URL


def _mistype(serial):
    swap = "2" if serial[0] != "2" else "3"
    return swap + serial[1:]


def test_pdf_has_the_vietnamese_name_and_a_qr_to_the_verification_page(certificate, tmp_path):
    content = certificate_pdf(certificate)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    assert "Nguyễn Thị Hương" in text
    assert certificate.course_title in " ".join(text.split())
    fonts = {font["/BaseFont"] for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Noto" in str(name) for name in fonts)  # Noto Sans, embedded
    # poppler's pdftotext, a second extractor
    (tmp_path / "c.pdf").write_bytes(content)
    extracted = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, check=True).stdout
    assert "Nguyễn Thị Hương" in unicodedata.normalize("NFC", extracted.decode())
    # render the page and decode the QR code printed on it
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "p")], check=True
    )
    decoded = zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))
    assert [barcode.text for barcode in decoded] == [f"{BASE_URL}/verify/{certificate.serial}/"]


def test_pdf_is_cached_after_the_first_render(certificate):
    first = certificate_pdf(certificate)
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.pdf.name.endswith(".pdf")
    assert certificate_pdf(stored) == first
    assert certificate_preview(stored).startswith(b"\x89PNG")


def test_verify_page_valid(client, certificate):
    response = client.get(f"/verify/{certificate.serial}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Thị Hương" in page and certificate.course_title in page
    assert "huong@example.vn" not in page and "0987654321" not in page


def test_verify_page_revoked_shows_the_reason(client, certificate):
    revoke_certificate(certificate, by=UserFactory(is_superuser=True), reason="Hồ sơ không hợp lệ")
    response = client.get(f"/verify/{certificate.serial.lower()}/", follow=True)
    assert response.status_code == 200 and "Hồ sơ không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("kind", ["unknown", "mistyped", "garbage"])
def test_verify_page_unknown_and_mistyped_are_404(client, certificate, kind):
    serial = {"unknown": generate_serial(), "mistyped": _mistype(certificate.serial), "garbage": "abc"}[kind]
    response = client.get(f"/verify/{serial}/")
    assert response.status_code == 404
    assert "Nguyễn" not in response.content.decode()


def test_verify_form_redirects_to_the_serial(client, certificate):
    response = client.get("/verify/", {"serial": certificate.serial.replace("-", "").lower()})
    assert response.status_code == 302 and response["Location"] == f"/verify/{certificate.serial}/"


def test_api_matches_the_contract(client, certificate):
    response = client.get(f"/api/certificates/{certificate.serial}")
    assert response.status_code == 200
    assert response.json() == {
        "serial": certificate.serial,
        "status": "valid",
        "holder": "Nguyễn Thị Hương",
        "course": certificate.course_title,
        "learning_area": certificate.learning_area_name,
        "hours": 12.5,
        "issued_on": certificate.issued_on.isoformat(),
        "issuer": "Học tập suốt đời",
    }
    revoke_certificate(certificate, by=UserFactory(is_superuser=True), reason="Sai")
    assert client.get(f"/api/certificates/{certificate.serial}").json()["status"] == "revoked"


def test_api_unknown_and_mistyped(client, certificate):
    for serial in (generate_serial(), _mistype(certificate.serial), "x"):
        response = client.get(f"/api/certificates/{serial}")
        assert response.status_code == 404 and set(response.json()) == {"error"}


def test_credential_endpoint_returns_the_signed_credential(client, certificate):
    response = client.get(f"/api/certificates/{certificate.serial}/credential")
    assert response.status_code == 200
    credentials.verify(response.json())
    assert response.json()["id"] == f"{BASE_URL}/api/certificates/{certificate.serial}/credential"
    assert client.get(f"/api/certificates/{generate_serial()}/credential").status_code == 404


def test_status_list_endpoint(client, certificate):
    url = certificate.credential["credentialStatus"]["statusListCredential"].removeprefix(BASE_URL)
    response = client.get(url)
    assert response.status_code == 200
    credentials.verify(response.json())


def test_pdf_download_access(client, certificate, holder):
    url = f"/certificates/{certificate.serial}.pdf"
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(holder)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.logout()
    Certificate.objects.filter(pk=certificate.pk).update(public=True)
    assert client.get(url).status_code == 200
    assert client.get(f"/certificates/{generate_serial()}.pdf").status_code == 404


def test_rate_limit(client, settings, certificate):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 3
    statuses = [
        client.get(f"/api/certificates/{certificate.serial}", REMOTE_ADDR="10.9.9.9").status_code for _ in range(5)
    ]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
    assert client.get(f"/api/certificates/{certificate.serial}", REMOTE_ADDR="10.9.9.8").status_code == 200


def test_bulk_verification_report(client, certificate, user):
    client.force_login(user)
    unknown = generate_serial()
    upload = SimpleUploadedFile(
        "serials.csv",
        (
            "serial,name\n"
            f"{certificate.serial},Nguyễn Thị Hương\n"
            f"{certificate.serial.lower()},Nguyen Thi Huong\n"
            f"{unknown},Ai đó\n"
            f"{_mistype(certificate.serial)},\n"
        ).encode(),
        content_type="text/csv",
    )
    response = client.post("/verify/bulk/", {"file": upload})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["status"] for row in rows] == ["valid", "valid", "unknown", "invalid"]
    assert [row["name_match"] for row in rows[:2]] == ["exact", "without accents"]
    assert rows[0]["holder"] == "Nguyễn Thị Hương" and rows[2]["holder"] == ""


def test_bulk_verification_bad_input(client, user):
    assert client.post("/verify/bulk/").status_code == 302  # login first
    client.force_login(user)
    assert client.post("/verify/bulk/").status_code == 400
    bad = SimpleUploadedFile("s.csv", "serial\n".encode("utf-16"), content_type="text/csv")
    assert client.post("/verify/bulk/", {"file": bad}).status_code == 400
    empty = SimpleUploadedFile("s.csv", b"serial,name\n", content_type="text/csv")
    assert client.post("/verify/bulk/", {"file": empty}).status_code == 400


def test_verify_url_is_absolute(certificate):
    assert verify_url(certificate.serial) == f"{BASE_URL}/verify/{certificate.serial}/"
