"""A phone scans the QR code printed on a certificate and sees it valid; after revocation, revoked with the reason."""

import io

import pytest
import zxingcpp
from PIL import Image

from certificates import keys, pdf
from certificates.models import Certificate
from certificates.services import certificate_pdf, issue_title_certificate, revoke_certificate
from learning.models import Completion
from learning.services import enrol, record_completion
from tests.factories import UserFactory

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def certificate_settings(settings, live_server):
    # The QR code must lead to this live server, so the public origin is the live server's.
    settings.CERTIFICATES_BASE_URL = live_server.url
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("e2e-1")
    keys.get_keyring.cache_clear()
    yield settings
    keys.get_keyring.cache_clear()


def test_scan_the_qr_code_and_verify_on_a_phone(certificate_settings, live_server, phone, course):
    holder = UserFactory(full_name="Phạm Thị Ngọc Ánh", phone="0977111222")
    enrolment, _created = enrol(holder, course)
    # A real commit: completion_recorded fires, the certificate is issued and its files are rendered in a task.
    completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    certificate = Certificate.objects.get(completion=completion)
    assert certificate.pdf  # rendered ahead by the background task

    page_image = pdf.render_png_preview(certificate_pdf(certificate), dpi=150)
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(page_image)))]
    assert decoded == [f"{live_server.url}/verify/{certificate.serial}/"]

    phone.goto(decoded[0])
    phone.locator(".status-valid").wait_for()
    main = phone.locator(".verify")
    assert "Phạm Thị Ngọc Ánh" in main.inner_text() and course.title in main.inner_text()
    assert "0977111222" not in phone.content()

    revoke_certificate(certificate, by=UserFactory(is_superuser=True), reason="Cấp nhầm người học")
    phone.reload()
    phone.locator(".status-revoked").wait_for()
    assert "Cấp nhầm người học" in phone.locator(".verify").inner_text()
    assert phone.locator(".status-valid").count() == 0


def test_a_title_certificate_scans_and_verifies_on_a_phone(certificate_settings, live_server, phone):
    certificate, _created = issue_title_certificate(
        user=None, holder_name="Công ty May Hưng Phát", title="Đơn vị học tập mức độ 1, năm 2026", source_key="unit:e2e"
    )
    page_image = pdf.render_png_preview(certificate_pdf(certificate), dpi=150)
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(page_image)))]
    assert decoded == [f"{live_server.url}/verify/{certificate.serial}/"]
    phone.goto(decoded[0])
    phone.locator(".status-valid").wait_for()
    assert phone.inner_text(".title-name").strip() == "Đơn vị học tập mức độ 1, năm 2026"
    assert "Công ty May Hưng Phát" in phone.locator(".verify").inner_text()
    # An organisation's title is public: anyone may download its PDF.
    response = phone.request.get(f"{live_server.url}/certificates/{certificate.serial}.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
