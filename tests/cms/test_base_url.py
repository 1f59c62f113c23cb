"""One site address (issue 15): every absolute URL the site emits starts with settings.BASE_URL.

Canonical links, og:url, the sitemap, the Wagtail API, credential ids, the QR payload, share links, e-mails and
password-reset links; the Wagtail Site record follows BASE_URL after a migrate and in seed_demo.
"""

import json
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

from certificates import keys
from certificates import pdf as certificate_pdf
from certificates.services import issue_certificate, share_links
from cms.site_address import host_and_port, on_post_migrate, sync_default_site
from learning.models import Completion
from learning.services import enrol, record_completion
from tests.conftest import restore_migrated_data
from tests.factories import UserFactory

BASE_URL = "https://hoctap.example.vn"
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\]+""")
# Addresses of others the pages may name (licences, vocabularies, share dialogs): never the site's own.
OTHERS = (
    "https://schema.org",
    "https://www.w3.org/",
    "https://w3id.org/",
    "https://purl.imsglobal.org/",
    "https://creativecommons.org/",
    "https://www.facebook.com/",
    "https://sp.zalo.me/",
    "https://www.youtube",
    "https://player.vimeo.com",
)


@pytest.fixture
def default_site(db):
    # A reused test database may come from a run whose transactional tests flushed the migrations' Site.
    restore_migrated_data()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_at_base_url(settings, default_site):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = BASE_URL
    settings.CERTIFICATES_BASE_URL = None
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("base-url-test")
    settings.ALLOWED_HOSTS = ["*"]
    keys.get_keyring.cache_clear()
    assert sync_default_site() is True
    yield
    keys.get_keyring.cache_clear()


def own_urls(text):
    """Absolute URLs in `text` (HTML, JSON, XML, e-mail), other sites' left out."""
    return [url for url in ABSOLUTE.findall(unquote(text)) if not url.startswith(OTHERS)]


def assert_on_base_url(urls, where):
    assert urls, f"no absolute URL found in {where}"
    wrong = [url for url in urls if not url.startswith(BASE_URL + "/") and url != BASE_URL]
    assert wrong == [], f"{where}: {wrong}"


def test_every_absolute_url_starts_with_base_url(site_at_base_url, client, course):
    # A request on another host name (a proxy, a second name) must not leak into any link.
    client.defaults["HTTP_HOST"] = "10.0.0.7:8000"
    worker = UserFactory(full_name="Đặng Văn Đức", email="duc@example.vn", phone="0911222333")

    home = client.get("/").content.decode()
    assert f'<link rel="canonical" href="{BASE_URL}/">' in home
    assert f'<meta property="og:url" content="{BASE_URL}/">' in home
    course_html = client.get(course.url).content.decode()
    assert f'<link rel="canonical" href="{BASE_URL}{course.url}">' in course_html
    assert f'<meta property="og:url" content="{BASE_URL}{course.url}">' in course_html
    head = course_html.split("</head>")[0]
    assert_on_base_url(own_urls(head), "course page head")

    sitemap = client.get("/sitemap.xml").content.decode()
    assert_on_base_url(re.findall(r"<loc>([^<]+)</loc>", sitemap), "sitemap")

    api = client.get("/api/v2/pages/?fields=_,html_url,detail_url").json()
    assert_on_base_url([item["meta"]["html_url"] for item in api["items"]], "API html_url")
    assert_on_base_url([item["meta"]["detail_url"] for item in api["items"]], "API detail_url")

    enrolment, _created = enrol(worker, course)
    completion, _created = record_completion(enrolment, source=Completion.ONLINE, hours=4)
    certificate, _created = issue_certificate(completion)
    credential = certificate.credential
    assert credential["id"] == f"{BASE_URL}/api/certificates/{certificate.serial}/credential"
    assert_on_base_url(own_urls(json.dumps(credential)), "credential")
    assert_on_base_url(
        own_urls(client.get(f"/api/certificates/{certificate.serial}/credential").content.decode()), "credential API"
    )

    # The QR code printed on the PDF carries the verification page's address.
    captured = []
    original = certificate_pdf.qr_svg
    certificate_pdf.qr_svg = lambda url: captured.append(url) or original(url)
    try:
        certificate_pdf.render_html(
            __import__("certificates.services", fromlist=["pdf_context"]).pdf_context(certificate)
        )
    finally:
        certificate_pdf.qr_svg = original
    assert captured == [f"{BASE_URL}/verify/{certificate.serial}/"]

    verify = client.get(f"/verify/{certificate.serial}/").content.decode()
    assert f'<meta property="og:url" content="{BASE_URL}/verify/{certificate.serial}/">' in verify
    assert f'<meta property="og:image" content="{BASE_URL}/verify/{certificate.serial}/card.png">' in verify
    assert_on_base_url(own_urls(verify.split("</head>")[0]), "verify page head")
    links = share_links(certificate)
    assert links["verify"] == f"{BASE_URL}/verify/{certificate.serial}/"
    assert f"u={BASE_URL}/verify/" in unquote(links["facebook"]) and f"url={BASE_URL}/verify/" in unquote(links["zalo"])

    # E-mails: the password-reset link, whatever Host the request came with.
    mail.outbox.clear()
    client.post("/accounts/password-reset/", {"email": "duc@example.vn"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert_on_base_url(own_urls(body), "password reset e-mail")
    assert "10.0.0.7" not in body and "testserver" not in body


def test_site_record_follows_base_url(settings, default_site):
    site = default_site
    settings.BASE_URL = "http://127.0.0.1:8731"
    on_post_migrate(sender=None)  # what `manage.py migrate` runs at its end
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8731)
    assert site.root_url == "http://127.0.0.1:8731"
    assert sync_default_site() is False  # already in step: nothing written
    settings.BASE_URL = "https://hoctap.example.vn"
    assert sync_default_site() is True
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("hoctap.example.vn", 443, "https://hoctap.example.vn")


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://example.vn", "http://"])
def test_a_base_url_that_is_no_web_address_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        host_and_port(url)
