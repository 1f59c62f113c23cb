"""The holder's page: their certificates, links, and the public-PDF switch (CSRF, holder only)."""

from urllib.parse import quote

from certificates.models import Certificate, CertificateEvent
from tests.factories import UserFactory


def test_anonymous_is_sent_to_login(client, certificate):
    response = client.get("/my-certificates/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/my-certificates/{certificate.serial}/public", {"public": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    certificate.refresh_from_db()
    assert not certificate.public


def test_the_holder_sees_links_and_shares(client, certificate, holder):
    client.force_login(holder)
    page = client.get("/my-certificates/").content.decode()
    verify = f"https://hoctap.example.vn/verify/{certificate.serial}/"
    for link in (
        f"/certificates/{certificate.serial}.pdf",
        f"/certificates/{certificate.serial}.png",
        verify,
        f"/certificates/{certificate.serial}.json",  # the credential as a named file (issue 15)
        "https://www.facebook.com/sharer/sharer.php?u=" + quote(verify, safe=""),
    ):
        assert link in page
    assert certificate.course_title in page
    other = UserFactory()
    client.force_login(other)
    assert certificate.serial not in client.get("/my-certificates/").content.decode()


def test_toggle_public(client, certificate, holder):
    client.force_login(holder)
    url = f"/my-certificates/{certificate.serial}/public"
    assert client.get(url).status_code == 405
    assert client.post(url, {"public": "1"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.public
    client.logout()
    assert client.get(f"/certificates/{certificate.serial}.pdf").status_code == 200
    client.force_login(holder)
    client.post(url, {"public": "0"})
    certificate.refresh_from_db()
    assert not certificate.public
    assert certificate.events.filter(action=CertificateEvent.SHARING, actor=holder).count() == 2


def test_another_users_certificate_cannot_be_toggled(client, certificate):
    client.force_login(UserFactory())
    assert client.post(f"/my-certificates/{certificate.serial}/public", {"public": "1"}).status_code == 404
    assert client.post("/my-certificates/NOPE/public", {"public": "1"}).status_code == 404
    assert not Certificate.objects.get(pk=certificate.pk).public


def test_toggle_needs_the_csrf_token(certificate, holder):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(holder)
    assert client.post(f"/my-certificates/{certificate.serial}/public", {"public": "1"}).status_code == 403
    assert not Certificate.objects.get(pk=certificate.pk).public
