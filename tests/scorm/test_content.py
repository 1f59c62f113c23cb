"""Serving package files safely on the content origin, the run-time page, and the player the lesson block renders."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory

from scorm.importer.services import import_package

from .helpers import CONTENT_HOST
from .packages import FIXTURES, build_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def package():
    return import_package(build_zip("scorm2004"))


def url(package, path):
    return f"/scorm/content/{package.uid}/{path}"


def get(path, host=CONTENT_HOST):
    return Client().get(path, HTTP_HOST=host)


def test_html_is_served_as_it_is_framable_only_by_the_runtime_and_the_site(package):
    response = get(url(package, "content/sco1.html"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"
    # The content origin holds none of the site's cookies: content runs unsandboxed, exactly as packaged.
    assert b"".join(response.streaming_content) == (FIXTURES / "scorm2004/content/sco1.html").read_bytes()
    csp = response["Content-Security-Policy"]
    assert "sandbox" not in csp
    assert csp == "frame-ancestors 'self' http://testserver"
    assert "X-Frame-Options" not in response
    # With Django's default COOP "same-origin", content would lose the popups it opens (and the opener search).
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert response["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response and not response.cookies


def test_files_with_spaces_and_mime_types(package):
    response = get(url(package, "content/part%202/index.html"))
    assert response.status_code == 200
    manifest = get(url(package, "imsmanifest.xml"))
    assert manifest["Content-Type"] == "application/xml" and manifest["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Credentials" not in manifest


@pytest.mark.parametrize(
    "path",
    [
        "../../../etc/passwd",
        "content/../../secret",
        "content/%2e%2e/%2e%2e/x",
        "content//sco1.html",
        "missing.html",
        "content\\sco1.html",
        "content/",
    ],
)
def test_paths_stay_strictly_inside_the_package(package, path):
    assert get(url(package, path)).status_code == 404


def test_a_nul_in_the_path_is_refused(package):
    assert get(url(package, "content/sco1.html%00.txt")).status_code in (400, 404)


def test_other_packages_files_are_not_reachable_through_a_package(package):
    other = import_package(build_zip("scorm12"))
    assert get(url(package, f"../{other.uid}/sco1.html")).status_code == 404
    assert get(url(other, "sco1.html")).status_code == 200


def test_content_and_runtime_are_not_served_on_the_sites_own_origin(package):
    assert get(url(package, "content/sco1.html"), host="testserver").status_code == 404
    assert get("/scorm/runtime/2004", host="testserver").status_code == 404


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_runtime_page_holds_the_api_and_may_be_framed_by_the_site(version):
    response = get(f"/scorm/runtime/{version}")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "frame-ancestors 'self' http://testserver"
    body = response.content.decode()
    assert ("scorm12.min.js" if version == "1.2" else "scorm2004.min.js") in body
    assert 'data-site-origin="http://testserver"' in body and "runtime.js" in body


def render_block(package_id, user):
    request = RequestFactory().get("/khoa-hoc/bai-1/")
    request.user = user
    template = Template('{% include "blocks/scorm_block.html" %}')
    return template.render(Context({"request": request, "value": {"package_id": package_id, "title": "Bài SCORM"}}))


def test_block_shows_player_with_status_for_the_learner(package, user):
    html = render_block(package.pk, user)
    assert "data-scorm-player" in html and "player.js" in html
    assert "Phần 2: Thư điện tử" in html  # the table of contents
    assert "/scorm/scos/" in html
    # The run-time API lives on the content origin's run-time page, never in the site's own page.
    assert "scorm2004.min.js" not in html


def test_block_asks_anonymous_visitors_to_log_in(package):
    html = render_block(package.pk, AnonymousUser())
    assert "data-scorm-player" not in html and "/accounts/" in html


@pytest.mark.parametrize("package_id", [None, 999999, "abc"])
def test_block_with_an_unknown_package_says_so(package_id, user):
    html = render_block(package_id, user)
    assert "data-scorm-player" not in html and "scorm-message" in html
