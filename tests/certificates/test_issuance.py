"""Issuance: exactly once per completion (also racing, on PostgreSQL), on the learning record's signal; revocation."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from certificates import credentials
from certificates.models import Certificate, CertificateEvent
from certificates.serials import is_valid_serial
from certificates.services import issue_certificate, revoke_certificate, status_list_credential
from certificates.status_list import is_set
from tests.factories import UserFactory


def test_issue_once_per_completion(completion):
    certificate, created = issue_certificate(completion)
    again, created_again = issue_certificate(completion)
    assert created and not created_again and again.pk == certificate.pk
    assert Certificate.objects.filter(completion=completion).count() == 1
    assert is_valid_serial(certificate.serial)
    assert certificate.holder_name == "Nguyễn Thị Hương"
    assert certificate.credential["proof"]["proofValue"]
    credentials.verify(certificate.credential)
    assert list(certificate.events.values_list("action", flat=True)) == [CertificateEvent.ISSUED]


def test_completion_signal_issues_the_certificate(make_completion, holder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        completion = make_completion(holder)
    assert Certificate.objects.get(completion=completion).course_title == completion.course_title


def test_revocation_needs_permission_and_reason(certificate, user):
    with pytest.raises(PermissionDenied):
        revoke_certificate(certificate, by=user, reason="Gian lận")
    officer = UserFactory(is_superuser=True, full_name="Cán bộ")
    with pytest.raises(ValidationError):
        revoke_certificate(certificate, by=officer, reason="  ")
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    revoked = revoke_certificate(certificate, by=officer, reason="Gian lận khi kiểm tra")
    assert revoked.status == "revoked" and revoked.revocation_reason == "Gian lận khi kiểm tra"
    with pytest.raises(ValidationError):
        revoke_certificate(revoked, by=officer, reason="again")
    assert revoked.events.filter(action=CertificateEvent.REVOKED, actor=officer).exists()


def test_status_list_marks_revoked_certificates(certificate):
    size = 131_072
    index = certificate.status_index % size
    listed = status_list_credential(certificate.status_index // size)
    credentials.verify(listed)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert not is_set(listed["credentialSubject"]["encodedList"], index)
    revoke_certificate(certificate, by=UserFactory(is_superuser=True), reason="Sai thông tin")
    listed = status_list_credential(certificate.status_index // size)
    assert is_set(listed["credentialSubject"]["encodedList"], index)
    assert certificate.credential["credentialStatus"]["statusListCredential"] == listed["id"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_writes_one_certificate(make_completion, holder):
    completion = make_completion(holder)
    # the learning signal has issued it already (on commit): start again from a completion without one
    CertificateEvent.objects.filter(certificate__completion=completion).delete()
    Certificate.objects.filter(completion=completion).delete()
    barrier = threading.Barrier(8)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(issue_certificate(completion))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Certificate.objects.filter(completion=completion).count() == 1
    assert sum(created for _certificate, created in results) == 1
    assert len({certificate.pk for certificate, _created in results}) == 1


def test_issuance_renders_the_files_in_the_background(completion, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(completion)
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.pdf.name.endswith(".pdf") and stored.preview.name.endswith(".png")


def test_render_task_is_idempotent_and_tolerates_a_missing_row(certificate):
    from certificates.tasks import render_certificate_files

    assert render_certificate_files.call(certificate.pk) is True
    first = Certificate.objects.get(pk=certificate.pk).pdf.name
    assert render_certificate_files.call(certificate.pk) is True
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == first
    assert render_certificate_files.call(10**9) is False
