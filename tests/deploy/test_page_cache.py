"""The anonymous page cache (cms.page_cache): per language, a CSRF token per visitor, dropped on publish."""

import pytest
from django.test import Client

from tests.conftest import restore_migrated_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, db):
    """Production's page cache (cms/settings/production.py) on the test settings, with a fresh local cache."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.csrf.CsrfViewMiddleware") + 1, "cms.page_cache.AnonymousPageCacheMiddleware"
    )
    settings.MIDDLEWARE = middleware
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
    restore_migrated_data()  # a reused test database may have been flushed by a transactional test


@pytest.fixture
def course(page_cache, make_course):
    return make_course(title="An toàn lao động trong xưởng cơ khí")


def token_in(response):
    import re

    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()


def test_an_anonymous_course_page_is_served_from_the_cache_until_a_page_is_published(page_cache, course):
    url = course.url
    first = Client().get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert course.title in second.content.decode()

    course.title = "Tiêu đề mới của khoá học"
    course.save_revision().publish()
    third = Client().get(url)
    assert third["X-Page-Cache"] == "miss"
    assert "Tiêu đề mới của khoá học" in third.content.decode()


def test_each_language_has_its_own_copy(page_cache, course):
    vietnamese = Client().get(course.url)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(course.url)
    assert english["X-Page-Cache"] == "miss"
    assert (vietnamese["Content-Language"], english["Content-Language"]) == ("vi", "en")
    assert Client(HTTP_ACCEPT_LANGUAGE="en").get(course.url)["Content-Language"] == "en"


def test_a_visitor_served_from_the_cache_gets_a_working_csrf_token_of_their_own(page_cache, course):
    Client().get(course.url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(course.url)
    assert page["X-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    token = token_in(page)
    assert token != token_in(Client().get(course.url))
    # The language switcher posts with it: accepted, not a 403.
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_signed_in_people_and_queries_are_never_served_from_the_cache(page_cache, course, user):
    Client().get(course.url)
    client = Client()
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(course.url)
    assert "X-Page-Cache" not in Client().get(course.url + "?page=2")
    assert "X-Page-Cache" not in Client().get("/search/")  # not a Wagtail page
