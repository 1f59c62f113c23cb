"""A worker on a phone filters the catalogue by learning area and opens a course."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Collection, Locale, Page, Site

from cms.models import HomePage
from courses.models import LearningArea
from courses.services import get_catalogue, setup_provider
from tests.factories import CoursePageFactory, ProviderFactory, learning_area

# serialized_rollback should restore the migrated page tree and taxonomies that a transactional flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def ensure_migrated_data():
    """Recreate the page tree and taxonomies the migrations load, when an earlier transactional test flushed them.

    serialized_rollback does not always restore them: when a non-browser test ran first, the connection the
    serialized copy hangs on is no longer the one this test uses.
    """
    if not LearningArea.objects.exists():
        importlib.import_module("courses.migrations.0002_taxonomies").load(apps, None)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Site.objects.exists():
        Locale.objects.get_or_create(language_code="vi")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = HomePage(title="Học tập suốt đời", slug="home")
        root.add_child(instance=home)
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@pytest.fixture
def courses():
    ensure_migrated_data()
    provider = ProviderFactory(name="Trường Cao đẳng Nghề Đồng Nai", slug="cd-dong-nai")
    section = setup_provider(provider)
    make = lambda title, area: CoursePageFactory(  # noqa: E731
        parent=section, provider=provider, title=title, learning_area=learning_area(area)
    )
    make("Kỹ năng số cơ bản", "digital")
    make("An toàn thông tin cho công nhân", "digital")
    make("Luật lao động 2019", "politics_law")
    make("Kỹ năng giao tiếp", "life_skills")
    return get_catalogue()


def test_phone_filters_catalogue_and_opens_a_course(live_server, phone, courses):
    phone.goto(live_server.url + courses.url)
    assert phone.evaluate("document.documentElement.lang") == "vi"
    # Nothing overflows the 360px screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    cards = phone.locator(".card h3")
    assert cards.count() == 4

    # On a phone the filters are folded into a <details>: open it, choose an area, submit.
    phone.locator("details.filters summary").click()
    phone.select_option("#f-learning_area", "digital")
    phone.locator("#catalogue-filters button[type=submit]").click()
    phone.wait_for_url("**learning_area=digital**")
    titles = sorted(cards.all_inner_texts())
    assert titles == ["An toàn thông tin cho công nhân", "Kỹ năng số cơ bản"]

    phone.get_by_role("link", name="Kỹ năng số cơ bản").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Kỹ năng số cơ bản"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_tap_targets_are_big_enough(live_server, phone, courses):
    phone.goto(live_server.url + courses.url)
    small = phone.evaluate(
        """() => [...document.querySelectorAll('header a, header button, .pagination a, summary, .btn, select')]
             .filter(el => el.offsetParent !== null)
             .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44; })
             .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []
