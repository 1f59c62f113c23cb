"""Sharing a certificate (issue 15): og tags and a picture on the verification page, share buttons, the
credential as a named file, serial errors in the person's language, and rendering off the learner's request."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.utils import translation
from PIL import Image

from certificates import services
from certificates.models import Certificate
from certificates.serials import InvalidSerial, normalize_serial
from learning.models import Completion
from learning.services import enrol, record_completion

from .conftest import BASE_URL

LOCALE = Path(django_settings.BASE_DIR) / "locale"


def test_verify_page_has_og_title_image_and_url(client, certificate):
    html = client.get(f"/verify/{certificate.serial}/").content.decode()
    head = html.split("</head>")[0]
    assert f'<meta property="og:title" content="Certificate: {certificate.course_title} – Nguyễn Thị Hương">' in head
    assert f'<meta property="og:url" content="{BASE_URL}/verify/{certificate.serial}/">' in head
    assert f'<meta property="og:image" content="{BASE_URL}/verify/{certificate.serial}/card.png">' in head
    assert '<meta property="og:image:width" content="1200">' in head
    assert f'<link rel="canonical" href="{BASE_URL}/verify/{certificate.serial}/">' in head
    # Search engines stay out of people's records; link previews still get their card.
    assert '<meta name="robots" content="noindex">' in head


def test_share_card_is_a_public_1200x630_png_cached_in_private_storage(client, certificate, tmp_path):
    response = client.get(f"/verify/{certificate.serial}/card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    path = tmp_path / "card.png"
    path.write_bytes(response.content)
    assert Image.open(path).size == (1200, 630)
    name = services.CARD_PREFIX + certificate.serial.replace("-", "") + ".png"
    assert storages["private"].exists(name)
    assert client.get(f"/verify/{certificate.serial}/card.png").content == response.content
    # Unknown or mistyped serials: nothing rendered, nothing stored.
    assert client.get("/verify/NOPE/card.png").status_code == 404


def test_revoked_certificate_gets_a_new_card(client, certificate, django_user_model):
    from django.contrib.auth.models import Permission

    client.get(f"/verify/{certificate.serial}/card.png")
    officer = django_user_model.objects.create_user(email="officer@example.vn", password="x", full_name="Cán bộ")
    officer.user_permissions.add(Permission.objects.get(codename="revoke_certificate"))
    services.revoke_certificate(certificate, by=officer, reason="Sai thông tin")
    revoked = Certificate.objects.get(pk=certificate.pk)
    assert client.get(f"/verify/{revoked.serial}/card.png").status_code == 200
    assert storages["private"].exists(services.CARD_PREFIX + revoked.serial.replace("-", "") + "-revoked.png")


def test_holder_sees_downloads_and_real_share_buttons(client, certificate, holder):
    client.force_login(holder)
    html = client.get(f"/verify/{certificate.serial}/").content.decode()
    assert f'href="/certificates/{certificate.serial}.pdf" download' in html
    assert f'href="/certificates/{certificate.serial}.json" download' in html
    assert 'class="share-buttons"' in html and 'class="zalo"' in html and 'class="facebook"' in html
    mine = client.get("/my-certificates/").content.decode()
    assert 'class="share-buttons"' in mine and f"/certificates/{certificate.serial}.json" in mine
    # Strangers see the facts, not the holder's buttons.
    client.logout()
    assert 'class="share-buttons"' not in client.get(f"/verify/{certificate.serial}/").content.decode()


def test_credential_downloads_as_a_clearly_named_file(client, certificate):
    response = client.get(f"/certificates/{certificate.serial}.json")
    assert response.status_code == 200
    name = services.download_name(certificate, "json")
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert (
        name.isascii()
        and name.startswith("chung-nhan-an-toan-lao-dong")
        and name.endswith(f"{certificate.serial}.json")
    )
    assert response.json()["id"] == f"{BASE_URL}/api/certificates/{certificate.serial}/credential"
    assert client.get("/certificates/NOPE.json").status_code == 404


def test_download_names_fold_vietnamese(certificate):
    certificate.course_title = "Đào tạo Điện dân dụng"
    assert services.download_name(certificate, "pdf") == f"chung-nhan-dao-tao-dien-dan-dung-{certificate.serial}.pdf"


def test_serial_errors_are_translatable(settings):
    settings.LOCALE_PATHS = [LOCALE]
    with translation.override("vi"):
        for typed in ("ABC", "K7Q2M-XW9PD-HC4T0", "K7Q2M-XW9PD-HC4TM"):
            with pytest.raises(InvalidSerial) as error:
                normalize_serial(typed)
            assert not str(error.value).startswith(("A serial", "The serial")), str(error.value)
    with translation.override("en"):
        with pytest.raises(InvalidSerial, match="15 characters"):
            normalize_serial("ABC")


@pytest.mark.django_db(transaction=True)
def test_completion_issues_at_once_and_renders_files_in_the_background(settings, holder, course):
    """With the embedded default's thread backend, the learner's request signs the certificate (fast) and leaves
    the PDF, preview and card to the background thread."""
    from django_tasks import task_backends

    from cms.tasks_backend import ThreadBackend

    settings.TASKS = {"default": {"BACKEND": "cms.tasks_backend.ThreadBackend"}}  # django-tasks re-reads it
    assert isinstance(task_backends["default"], ThreadBackend)
    enrolment, _created = enrol(holder, course)
    completion, _created = record_completion(enrolment, source=Completion.ONLINE, hours=3)
    certificate = Certificate.objects.get(completion=completion)  # issued in the request itself
    ThreadBackend.wait(timeout=120)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.preview
    assert storages["private"].exists(services.CARD_PREFIX + certificate.serial.replace("-", "") + ".png")
