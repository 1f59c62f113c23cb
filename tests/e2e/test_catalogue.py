"""A worker on a phone filters the catalogue by learning area and opens a course."""

import pytest

from courses.services import get_catalogue, setup_provider
from tests.factories import CoursePageFactory, ProviderFactory, learning_area

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def courses():
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
