"""The catalogue page: each filter, sort, pagination that keeps the filters, facet counts, bad input."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import CoursePage
from tests.factories import learning_area, level

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(make_provider, make_course, provider):
    other = make_provider(name="Trung tâm Giáo dục nghề nghiệp Quận 1", slug="gdnn-q1")
    make_course(title="Pháp luật lao động", learning_area=learning_area("politics_law"), duration_hours=Decimal("1.5"))
    make_course(title="Hàn điện cơ bản", learning_area=learning_area("vocational"), duration_hours=Decimal("20"))
    make_course(
        title="Hàn điện nâng cao",
        learning_area=learning_area("vocational"),
        level=level("advanced"),
        duration_hours=Decimal("60"),
    )
    make_course(title="Kỹ năng giao tiếp", learning_area=learning_area("life_skills"), provider=other)
    make_course(
        title="Digital skills at work",
        learning_area=learning_area("digital"),
        language="en",
        provider=other,
        duration_hours=Decimal("8"),
    )
    return {"provider": provider, "other": other}


def titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def option(response, name, key):
    """The text of a facet <option> in the filter form, e.g. "Kỹ năng nghề nghiệp (2)"."""
    html = response.content.decode()
    select = re.search(rf'<select id="f-{name}" name="{name}">(.*?)</select>', html, re.S).group(1)
    match = re.search(rf'<option value="{re.escape(key)}"[^>]*>([^<]+)</option>', select)
    return match.group(1) if match else None


def test_lists_every_live_course_with_a_count(client, catalogue, courses):
    response = client.get(catalogue.url)
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert "5 courses" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("learning_area=vocational", {"Hàn điện cơ bản", "Hàn điện nâng cao"}),
        ("level=advanced", {"Hàn điện nâng cao"}),
        ("provider=gdnn-q1", {"Kỹ năng giao tiếp", "Digital skills at work"}),
        ("language=en", {"Digital skills at work"}),
        ("duration=short", {"Pháp luật lao động"}),
        ("duration=medium", {"Kỹ năng giao tiếp"}),
        ("duration=long", {"Hàn điện cơ bản", "Digital skills at work"}),
        ("duration=extended", {"Hàn điện nâng cao"}),
        ("learning_area=vocational&level=beginner", {"Hàn điện cơ bản"}),
    ],
)
def test_each_filter(client, catalogue, courses, query, expected):
    response = client.get(f"{catalogue.url}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_selected_filter_is_kept_in_the_form(client, catalogue, courses):
    response = client.get(f"{catalogue.url}?learning_area=vocational&sort=title")
    html = response.content.decode()
    assert '<option value="vocational" selected>' in html
    assert '<option value="title" selected>' in html
    assert '<details class="filters" open' in html


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("title", "Digital skills at work", "Pháp luật lao động"),
        ("shortest", "Pháp luật lao động", "Hàn điện nâng cao"),
        ("longest", "Hàn điện nâng cao", "Pháp luật lao động"),
        ("newest", "Digital skills at work", "Pháp luật lao động"),
    ],
)
def test_sort(client, catalogue, courses, sort, first, last):
    # Publication times one day apart, in creation order.
    for offset, course in enumerate(CoursePage.objects.order_by("pk")):
        CoursePage.objects.filter(pk=course.pk).update(first_published_at=timezone.now() + timedelta(days=offset))
    found = titles(client.get(f"{catalogue.url}?sort={sort}"))
    assert found[0] == first and found[-1] == last


def test_facet_counts_apply_the_other_filters(client, catalogue, courses):
    response = client.get(f"{catalogue.url}?provider=cd-ky-thuat")
    # Learning areas are counted within the chosen provider.
    assert option(response, "learning_area", "vocational") == "Kỹ năng nghề nghiệp (2)"
    assert option(response, "learning_area", "politics_law") == "Chính trị, pháp luật (1)"
    assert option(response, "learning_area", "digital") == "Công nghệ thông tin, công nghệ số (0)"
    # The provider facet ignores its own filter, so the other provider still shows its count.
    assert option(response, "provider", "gdnn-q1").endswith("(2)")
    assert option(response, "provider", "cd-ky-thuat").endswith("(3)")
    assert option(response, "level", "advanced") == "Nâng cao (1)"
    assert option(response, "duration", "extended").endswith("(1)")


def test_empty_facet_options_are_disabled(client, catalogue, courses):
    html = client.get(f"{catalogue.url}?provider=gdnn-q1").content.decode()
    assert '<option value="politics_law" disabled>' in html


def test_pagination_keeps_the_filters(client, catalogue, courses, make_course):
    catalogue.per_page = 2
    catalogue.save_revision().publish()
    for number in range(3):
        make_course(title=f"Nghề điện {number}", learning_area=learning_area("vocational"))
    first = client.get(f"{catalogue.url}?learning_area=vocational&sort=title")
    html = first.content.decode()
    assert "5 courses" in html
    assert 'href="?learning_area=vocational&amp;sort=title&amp;page=2" rel="next"' in html
    third = client.get(f"{catalogue.url}?learning_area=vocational&sort=title&page=3")
    assert titles(third) == ["Nghề điện 2"]
    assert 'href="?learning_area=vocational&amp;sort=title&amp;page=2" rel="prev"' in third.content.decode()
    seen = (
        titles(first)
        + titles(client.get(f"{catalogue.url}?learning_area=vocational&sort=title&page=2"))
        + titles(third)
    )
    assert len(set(seen)) == 5


@pytest.mark.parametrize(
    "query",
    [
        "learning_area=khong-co",
        "level=%3Cscript%3E",
        "provider=nobody",
        "language=xx",
        "duration=forever",
        "sort=drop-table",
        "page=abc",
        "page=999",
        "page=-1",
        "learning_area=vocational&learning_area=digital",
    ],
)
def test_unknown_values_do_not_fail(client, catalogue, courses, query):
    response = client.get(f"{catalogue.url}?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_unknown_duration_and_sort_are_ignored(client, catalogue, courses):
    assert len(titles(client.get(f"{catalogue.url}?duration=forever&sort=drop-table"))) == 5


def test_empty_state(client, catalogue, courses):
    response = client.get(f"{catalogue.url}?learning_area=foreign_language")
    html = response.content.decode()
    assert titles(response) == []
    assert 'class="empty"' in html and f'href="{catalogue.url}"' in html


def test_cards_show_facts_and_a_lazy_webp_cover(client, catalogue, make_course):
    from tests.courses.test_pages import make_image

    make_course(title="Sửa xe máy", cover_image=make_image(), duration_hours=Decimal("12.5"))
    html = client.get(catalogue.url).content.decode()
    img = re.search(r'<li class="card">\s*(<img[^>]+>)', html).group(1)
    assert 'loading="lazy"' in img and ".webp" in img and 'width="400"' in img and 'height="225"' in img
    assert "12,5 hours" in html  # Vietnamese decimal comma and "Kỹ năng nghề nghiệp" in html and "Cơ bản" in html
