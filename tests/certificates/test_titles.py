"""Title certificates ("Công dân học tập", "Đơn vị học tập"): issued once per source, verifiable like any other."""

import io
import threading
import unicodedata
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from pypdf import PdfReader

from certificates import credentials
from certificates.models import Certificate, CertificateEvent
from certificates.serials import is_valid_serial
from certificates.services import (
    certificate_pdf,
    issue_certificate,
    issue_title_certificate,
    revoke_certificate,
    status_list_credential,
)
from certificates.status_list import is_set
from tests.factories import UserFactory

ISSUED_AT = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
def title_certificate(holder):
    certificate, _created = issue_title_certificate(
        user=holder,
        holder_name="Nguyễn Thị Hương",
        title="Công dân học tập 2026",
        issued_at=ISSUED_AT,
        issuer_name="LĐLĐ tỉnh Hà Nam",
        source_key="cdht:1",
    )
    return certificate


def _pdf_text(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    assert len(reader.pages) == 1
    return " ".join(unicodedata.normalize("NFC", reader.pages[0].extract_text()).split())


def test_a_title_is_issued_once_per_source(holder):
    officer = UserFactory()
    certificate, created = issue_title_certificate(
        user=holder,
        holder_name="Nguyễn Thị Hương",
        title="Công dân học tập 2026",
        issued_at=ISSUED_AT,
        issuer_name="LĐLĐ tỉnh Hà Nam",
        actor=officer,
        source_key="cdht:7",
    )
    again, created_again = issue_title_certificate(
        user=holder, holder_name="Other", title="Other", issued_at=ISSUED_AT, source_key="cdht:7"
    )
    assert created and not created_again and again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    assert certificate.kind == Certificate.TITLE and certificate.is_title
    assert certificate.completion is None and certificate.hours is None
    assert is_valid_serial(certificate.serial)
    assert certificate.issued_at == ISSUED_AT
    assert not certificate.public  # a person decides whether their PDF is public
    event = certificate.events.get()
    assert (event.action, event.actor, event.data["source"]) == (CertificateEvent.ISSUED, officer, "cdht:7")


def test_the_title_credential_is_signed_like_any_other(title_certificate):
    credential = title_certificate.credential
    credentials.verify(credential)
    achievement = credential["credentialSubject"]["achievement"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["name"] == achievement["name"] == "Công dân học tập 2026"
    assert achievement["achievementType"] == "Award"
    assert "fieldOfStudy" not in achievement
    assert "LĐLĐ tỉnh Hà Nam" in achievement["criteria"]["narrative"]
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Nguyễn Thị Hương"
    assert credential["validFrom"] == "2026-11-20T03:00:00Z"
    assert credential["credentialStatus"]["statusListIndex"] == str(title_certificate.pk)
    tampered = dict(credential, name="Công dân học tập 2030")
    with pytest.raises(credentials.CredentialInvalid):
        credentials.verify(tampered)


def test_a_unit_title_has_no_user_and_a_public_pdf(db):
    certificate, created = issue_title_certificate(
        user=None,
        holder_name="Công ty May Duy Tiên",
        title="Đơn vị học tập mức độ 1 2026",
        issued_at=ISSUED_AT,
        source_key="unit:3",
    )
    assert created and certificate.user is None and certificate.public
    credentials.verify(certificate.credential)
    text = _pdf_text(certificate)
    assert "Công ty May Duy Tiên" in text and "Đơn vị học tập mức độ 1 2026" in text
    # No issuer given: the site's issuer recognised it.
    assert "Đơn vị công nhận: Học tập suốt đời" in text


def test_api_verify_page_and_credential(client, title_certificate):
    response = client.get(f"/api/certificates/{title_certificate.serial}")
    assert response.status_code == 200
    assert response.json() == {
        "serial": title_certificate.serial,
        "status": "valid",
        "holder": "Nguyễn Thị Hương",
        "course": "Công dân học tập 2026",
        "learning_area": "",
        "hours": None,
        "issued_on": "2026-11-20",
        "issuer": "LĐLĐ tỉnh Hà Nam",
    }
    page = client.get(f"/verify/{title_certificate.serial}/").content.decode()
    assert "Công dân học tập 2026" in page and "Nguyễn Thị Hương" in page and "status-valid" in page
    assert "title-name" in page
    credential = client.get(f"/api/certificates/{title_certificate.serial}/credential").json()
    credentials.verify(credential)


def test_the_pdf_speaks_of_a_title(title_certificate, holder, client):
    text = _pdf_text(title_certificate)
    assert "Nguyễn Thị Hương" in text
    assert "đã được công nhận danh hiệu" in text and "Công dân học tập 2026" in text
    assert "Đơn vị công nhận: LĐLĐ tỉnh Hà Nam" in text and "20/11/2026" in text
    assert "giờ học" not in text and "khóa học" not in text
    url = f"/certificates/{title_certificate.serial}.pdf"
    assert client.get(url).status_code == 403
    client.force_login(holder)
    assert client.get(url).status_code == 200
    assert title_certificate.serial in client.get("/my-certificates/").content.decode()


def test_revoking_a_title(client, title_certificate):
    revoke_certificate(title_certificate, by=UserFactory(is_superuser=True), reason="Quyết định bị hủy")
    assert client.get(f"/api/certificates/{title_certificate.serial}").json()["status"] == "revoked"
    assert "Quyết định bị hủy" in client.get(f"/verify/{title_certificate.serial}/").content.decode()
    listed = status_list_credential(0)
    assert is_set(listed["credentialSubject"]["encodedList"], title_certificate.status_index)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("holder_name", "  ", "holder"),
        ("title", "", "title"),
        ("source_key", " ", "source key"),
        ("title", "x" * 256, "At most 255"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(holder, field, value, message):
    arguments = {"user": holder, "holder_name": "Nguyễn Thị Hương", "title": "Công dân học tập 2026", "source_key": "k"}
    arguments[field] = value
    with pytest.raises(ValidationError, match=message):
        issue_title_certificate(**arguments)
    assert not Certificate.objects.exists() and not CertificateEvent.objects.exists()


def test_an_unsaved_user_is_refused(db):
    with pytest.raises(ValidationError, match="saved user"):
        issue_title_certificate(user=UserFactory.build(), holder_name="A", title="B", source_key="c")
    assert not Certificate.objects.exists()


def test_the_database_keeps_one_certificate_per_completion_and_kinds_consistent(certificate, title_certificate):
    fields = {"holder_name": "X", "course_title": "Y", "course_url": "https://x.vn/", "hours": 1}
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(serial="A", completion=certificate.completion, user=certificate.user, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(serial="B", kind=Certificate.TITLE, **fields)  # a title needs its source key
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(serial="C", kind=Certificate.COMPLETION, user=certificate.user, **fields)
    assert issue_certificate(certificate.completion) == (certificate, False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_title_issuance_writes_one_certificate(holder):
    barrier = threading.Barrier(6)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(
                issue_title_certificate(
                    user=holder, holder_name="Nguyễn Thị Hương", title="Công dân học tập 2026", source_key="cdht:race"
                )
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Certificate.objects.filter(source_key="cdht:race").count() == 1
    assert sum(created for _certificate, created in results) == 1
