"""Serving package files safely, and the player the lesson block renders."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory

from scorm.importer.services import import_package

from .packages import build_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def package():
    return import_package(build_zip("scorm2004"))


def url(package, path):
    return f"/scorm/content/{package.uid}/{path}"


def test_html_is_served_sandboxed_with_the_bridge_injected(package):
    response = Client().get(url(package, "content/sco1.html"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"
    csp = response["Content-Security-Policy"]
    assert "sandbox allow-scripts allow-forms allow-popups" in csp and "allow-same-origin" not in csp
    assert "frame-ancestors 'self'" in csp
    assert "X-Frame-Options" not in response
    # With Django's default COOP "same-origin", Chromium leaves a frame sandboxed with allow-popups blank.
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    body = response.content.decode()
    head = body.index("<head>")
    assert body.index("cross-frame-api.min.js") > head and body.index("content-bridge.js") < body.index("<meta")
    assert response["Cache-Control"].startswith("public")


def test_files_with_spaces_and_mime_types(package):
    response = Client().get(url(package, "content/part%202/index.html"))
    assert response.status_code == 200
    manifest = Client().get(url(package, "imsmanifest.xml"))
    assert manifest["Content-Type"] == "application/xml" and manifest["X-Content-Type-Options"] == "nosniff"
    assert manifest["Access-Control-Allow-Origin"] == "*"
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
    assert Client().get(url(package, path)).status_code == 404


def test_other_packages_files_are_not_reachable_through_a_package(package):
    other = import_package(build_zip("scorm12"))
    assert Client().get(url(package, f"../{other.uid}/sco1.html")).status_code == 404
    assert Client().get(url(other, "sco1.html")).status_code == 200


def render_block(package_id, user):
    request = RequestFactory().get("/khoa-hoc/bai-1/")
    request.user = user
    template = Template('{% include "blocks/scorm_block.html" %}')
    return template.render(Context({"request": request, "value": {"package_id": package_id, "title": "Bài SCORM"}}))


def test_block_shows_player_with_status_for_the_learner(package, user):
    html = render_block(package.pk, user)
    assert "data-scorm-player" in html and "scorm2004.min.js" in html and "player.js" in html
    assert "Phần 2: Thư điện tử" in html  # the table of contents
    assert "/scorm/scos/" in html


def test_block_asks_anonymous_visitors_to_log_in(package):
    html = render_block(package.pk, AnonymousUser())
    assert "data-scorm-player" not in html and "/accounts/" in html


@pytest.mark.parametrize("package_id", [None, 999999, "abc"])
def test_block_with_an_unknown_package_says_so(package_id, user):
    html = render_block(package_id, user)
    assert "data-scorm-player" not in html and "scorm-message" in html
