"""In a real browser, the Content-Security-Policy blocks nothing of ours: site pages and the Wagtail admin."""

import pytest
from wagtail.models import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-an-toan-123"


def watch(page):
    """Collect the browser's Content-Security-Policy reports (console errors and securitypolicyviolation)."""
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_site_pages_run_under_the_policy(phone, live_server, make_course):
    course = make_course(title="Hàn điện cơ bản")
    violations = watch(phone)
    for path in ["/", "/search/?q=han", course.url, "/accounts/login/", "/accounts/signup/"]:
        response = phone.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
    # The search box's suggestions come from a static script that fetches our own API.
    phone.goto(f"{live_server.url}/search/")
    phone.locator("#search-q").press_sequentially("han", delay=40)
    phone.locator("#search-q-suggestions a", has_text="Hàn điện cơ bản").wait_for()
    assert violations == []


def test_the_wagtail_admin_works_under_its_policy(browser, live_server):
    UserFactory(email="admin@example.vn", is_staff=True, is_superuser=True)
    home = Page.objects.get(depth=2)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin@example.vn")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    # The editor is built by scripts: its title field and the publish menu exist only if they ran.
    page.locator("#id_title").wait_for()
    page.locator("[data-w-dropdown-target='toggle'], .dropdown-toggle").first.wait_for()
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/")
    page.locator("table.listing").first.wait_for()
    context.close()
    assert violations == [], "\n".join(violations)
