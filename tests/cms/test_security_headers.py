"""Content-Security-Policy and Permissions-Policy on site pages; the admin's looser policy; /scorm/ left alone."""

import re
from pathlib import Path

import pytest
from wagtail.models import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    return {name: rest for name, *rest in (part.split() for part in header.split(";") if part.strip())}


def test_site_pages_carry_a_strict_script_policy(client, settings):
    settings.SCORM_CONTENT_ORIGIN = "https://scorm.hoctap.example.vn"
    for url in ["/", "/search/?q=an+toan", "/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url  # no 'unsafe-inline', no 'unsafe-eval'
        assert "'self'" in csp["frame-src"] and "https://scorm.hoctap.example.vn" in csp["frame-src"]
        assert "data:" in csp["img-src"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"]
        assert csp["base-uri"] == ["'self'"]


def test_frame_src_follows_the_scorm_content_origin_setting(client, settings):
    settings.SCORM_CONTENT_ORIGIN = ""
    assert "https://scorm.hoctap.example.vn" not in policy(client.get("/"))["frame-src"]
    settings.SCORM_CONTENT_ORIGIN = "https://scorm.hoctap.example.vn/"
    assert "https://scorm.hoctap.example.vn" in policy(client.get("/"))["frame-src"]


def test_a_static_origin_is_allowed_for_scripts(client, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "script-src": ["'self'", "https://cdn.vn"]},
    }
    assert policy(client.get("/"))["script-src"] == ["'self'", "https://cdn.vn"]


def test_permissions_policy_switches_off_devices_and_keeps_fullscreen_for_scorm(client, settings):
    settings.SCORM_CONTENT_ORIGIN = "https://scorm.hoctap.example.vn"
    header = client.get("/")["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in header.split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert features[feature] == "()", feature
    assert features["fullscreen"].startswith("(self ") and '"https://scorm.hoctap.example.vn"' in features["fullscreen"]
    assert features["autoplay"] == '(self "https://scorm.hoctap.example.vn")'


def test_the_wagtail_admin_still_renders_under_its_own_policy(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    home = Page.objects.get(depth=2)
    for url in ["/admin/", f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/", "/django-admin/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert "'unsafe-inline'" in csp["script-src"], url
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]
        assert "Permissions-Policy" in response


def test_scorm_paths_keep_the_scorm_apps_own_headers(client):
    response = client.get("/scorm/content/00000000-0000-0000-0000-000000000000/index.html")
    assert "script-src 'self'" not in response.get("Content-Security-Policy", "")
    assert "Permissions-Policy" not in response


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
DATA_TYPES = re.compile(r"""type=["']application/(ld\+)?json["']""", re.I)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def test_no_template_runs_inline_script():
    """script-src has no 'unsafe-inline': an inline script, handler or javascript: URL would silently not run."""
    offenders = set()
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        name = str(path.relative_to(ROOT))
        if name.startswith((".venv", "tests")):
            continue
        text = path.read_text()
        inline = [a for a in SCRIPT_TAG.findall(text) if "src=" not in a and not DATA_TYPES.search(a)]
        if inline or EVENT_HANDLER.search(text) or JAVASCRIPT_URL.search(text):
            offenders.add(name)
    assert not offenders, sorted(offenders)
