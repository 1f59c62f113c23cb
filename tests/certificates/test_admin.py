"""The Certificates admin with real requests: listing, search, filters, revocation, issuing by hand, templates."""

import pytest
from django.contrib.auth.models import Group, Permission

from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from learning.models import Completion
from learning.services import enrol, record_completion
from tests.factories import UserFactory

LIST = "/admin/certificates_certificates/"


def staff(*codenames):
    """A user who may use the Wagtail admin, with the given certificates permissions only."""
    group = Group.objects.create(name="Cán bộ " + "-".join(codenames or ("none",)))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="certificates", codename=codename))
    user = UserFactory(full_name="Cán bộ " + " ".join(codenames))
    user.groups.add(group)
    return user


def denied(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def officer():
    return staff("view_certificate", "revoke_certificate", "issue_certificate")


@pytest.fixture
def editor():
    return staff("view_certificate")


def test_listing_search_and_filters(client, certificate, officer):
    client.force_login(officer)
    response = client.get(LIST)
    assert response.status_code == 200 and certificate.serial in response.content.decode()
    typed = certificate.serial.replace("-", "").lower()
    assert certificate.serial in client.get(LIST, {"q": typed}).content.decode()
    assert certificate.serial in client.get(LIST, {"q": "Nguyễn Thị"}).content.decode()
    assert certificate.serial not in client.get(LIST, {"q": "Không có ai"}).content.decode()
    assert certificate.serial in client.get(LIST, {"status": "valid"}).content.decode()
    assert certificate.serial not in client.get(LIST, {"status": "revoked"}).content.decode()
    assert certificate.serial in client.get(LIST, {"learning_area_code": "vocational"}).content.decode()
    assert certificate.serial not in client.get(LIST, {"learning_area_code": "digital"}).content.decode()
    inspect = client.get(f"{LIST}inspect/{certificate.pk}/").content.decode()
    assert f"{LIST}revoke/{certificate.pk}/" in inspect and "Nguyễn Thị Hương" in inspect


def test_listing_is_read_only(client, certificate, officer):
    client.force_login(officer)
    assert client.get(f"{LIST}edit/{certificate.pk}/").status_code in (302, 403, 404)
    assert client.post(f"{LIST}delete/{certificate.pk}/").status_code in (302, 403, 404)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_editor_without_the_permission_cannot_revoke(client, certificate, editor):
    client.force_login(editor)
    assert f"revoke/{certificate.pk}/" not in client.get(f"{LIST}inspect/{certificate.pk}/").content.decode()
    assert denied(client.get(f"{LIST}revoke/{certificate.pk}/"))
    assert denied(client.post(f"{LIST}revoke/{certificate.pk}/", {"reason": "Gian lận"}))
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoke_needs_a_reason_then_logs(client, certificate, officer):
    client.force_login(officer)
    url = f"{LIST}revoke/{certificate.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    response = client.post(url, {"reason": "Hồ sơ giả mạo"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}inspect/{certificate.pk}/"
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revocation_reason == "Hồ sơ giả mạo"
    event = certificate.events.get(action=CertificateEvent.REVOKED)
    assert event.actor == officer and event.data == {"reason": "Hồ sơ giả mạo"}
    # a second revocation changes nothing
    client.post(url, {"reason": "Lần nữa"})
    assert certificate.events.filter(action=CertificateEvent.REVOKED).count() == 1


@pytest.fixture
def imported(course, holder, django_capture_on_commit_callbacks):
    enrolment, _created = enrol(holder, course)
    with django_capture_on_commit_callbacks(execute=True):
        completion, _created = record_completion(enrolment, source=Completion.IMPORTED, evidence="Lớp tháng 3")
    return completion


def test_imported_completion_waits_for_an_officer(client, imported, officer, editor):
    assert not Certificate.objects.filter(completion=imported).exists()  # not issued automatically
    url = "/admin/certificates_issue/"
    client.force_login(editor)
    assert denied(client.get(url))
    assert denied(client.post(url, {"completion": imported.pk}))
    assert not Certificate.objects.filter(completion=imported).exists()
    client.force_login(officer)
    assert "Lớp tháng 3" in client.get(url).content.decode()
    assert client.post(url, {"completion": imported.pk}).status_code == 302
    certificate = Certificate.objects.get(completion=imported)
    assert certificate.events.get(action=CertificateEvent.ISSUED).actor == officer
    client.post(url, {"completion": imported.pk})  # twice: still one
    assert Certificate.objects.filter(completion=imported).count() == 1
    assert "Lớp tháng 3" not in client.get(url).content.decode()  # no longer waiting


def test_course_without_certificate_gets_none(make_course, holder, django_capture_on_commit_callbacks):
    course = make_course(title="Khóa không cấp chứng nhận", certificate_on_completion=False)
    enrolment, _created = enrol(holder, course)
    with django_capture_on_commit_callbacks(execute=True):
        completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    assert not Certificate.objects.filter(completion=completion).exists()


def template_form(**fields):
    data = {
        "name": "Mẫu mới",
        "heading": "Chứng nhận",
        "wording": "{holder} – {course}",
        "orientation": "portrait",
        "issuer_name": "",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "4",
        "signatories-0-name": "Lê Văn Tám",
        "signatories-0-title": "Hiệu trưởng",
        "signatories-0-ORDER": "1",
        "course_assignments-TOTAL_FORMS": "0",
        "course_assignments-INITIAL_FORMS": "0",
        "course_assignments-MIN_NUM_FORMS": "0",
        "course_assignments-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_templates_in_the_admin(client, provider, db):
    admin = UserFactory(is_superuser=True, full_name="Quản trị")
    client.force_login(admin)
    add = "/admin/snippets/certificates/certificatetemplate/add/"
    response = client.post(add, template_form(wording="Chứng nhận {ten} đã học"))
    assert response.status_code == 200 and "{ten}" in response.content.decode()
    assert not CertificateTemplate.objects.filter(name="Mẫu mới").exists()
    response = client.post(add, template_form(providers=[provider.pk]))
    assert response.status_code == 302
    created = CertificateTemplate.objects.get(name="Mẫu mới")
    assert list(created.providers.all()) == [provider]
    assert [s.name for s in created.signatories.all()] == ["Lê Văn Tám"]
    # a provider has one template
    response = client.post(add, template_form(name="Mẫu thứ hai", providers=[provider.pk]))
    assert response.status_code == 200 and not CertificateTemplate.objects.filter(name="Mẫu thứ hai").exists()
    # the default cannot be deleted
    default = CertificateTemplate.objects.get(is_default=True)
    client.post(f"/admin/snippets/certificates/certificatetemplate/delete/{default.pk}/")
    assert CertificateTemplate.objects.filter(pk=default.pk).exists()
    assert client.get("/admin/snippets/certificates/certificatetemplate/").status_code == 200
