"""The site shell: home and standard pages, the base layout, error pages, login, language switch."""

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import HomePage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(catalogue):
    return HomePage.objects.get()


def test_home_page_shows_intro_featured_courses_areas_and_catalogue_link(client, home, catalogue, make_course):
    make_course(title="Điện dân dụng cơ bản")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert home.intro in html
    assert "Điện dân dụng cơ bản" in html
    assert f'href="{catalogue.url}"' in html
    assert f'href="{catalogue.url}?learning_area=digital"' in html
    assert "Công nghệ thông tin, công nghệ số" in html


def test_base_layout(client, home):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
    # One small stylesheet, no external resources.
    assert html.count('rel="stylesheet"') == 1
    assert not re.search(r'(src|href)="(https?:)?//(?!localhost)', html.split("<body", 1)[1].split("<footer")[0])
    # The search box the search app builds on.
    assert re.search(r'<form class="search" role="search" action="/search/" method="get">', html)
    assert 'name="q"' in html and 'id="site-search"' in html and '<div id="search-suggestions"></div>' in html
    # Language switcher posts to Django's set_language with CSRF.
    assert 'action="/i18n/setlang/" method="post"' in html and "csrfmiddlewaretoken" in html
    assert "/accounts/login/" in html and "/my-learning/" not in html


def test_logged_in_nav_has_my_learning_and_log_out(client, home, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'href="/my-learning/"' in html
    assert 'action="/accounts/logout/"' in html


def test_footer_comes_from_site_settings(client, home):
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Liên đoàn Lao động tỉnh Bình Dương",
            "contact_email": "hotro@example.vn",
            "contact_phone": "02743822000",
            "footer_text": "<p>Miễn phí cho <b>người lao động</b>.</p>",
        },
    )
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Liên đoàn Lao động tỉnh Bình Dương" in footer
    assert 'href="mailto:hotro@example.vn"' in footer and 'href="tel:02743822000"' in footer
    assert "<b>người lao động</b>" in footer


def test_standard_page(client, home):
    page = StandardPage(
        title="Giới thiệu",
        slug="gioi-thieu",
        intro="Về chương trình học tập suốt đời.",
        search_description="Trang giới thiệu chương trình",
        body=[
            ("heading", "Mục tiêu"),
            ("paragraph", RichText("<p>Học mọi lúc, mọi nơi.</p>")),
            ("quote", "Học, học nữa, học mãi"),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/gioi-thieu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Giới thiệu</h1>" in html and "<h2>Mục tiêu</h2>" in html and "Học mọi lúc, mọi nơi." in html
    assert "Học, học nữa, học mãi" in html
    assert '<meta name="description" content="Trang giới thiệu chương trình">' in html
    assert '<meta property="og:title" content="Giới thiệu">' in html
    assert '<li><a href="/">' in html  # breadcrumb back to the home page


def test_404_uses_the_site_layout(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html and 'name="robots" content="noindex"' in html and 'href="/"' in html


def test_500_renders_without_a_database_or_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Đã có lỗi xảy ra" in html


def test_login_page(client, home, user):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="username"' in html and 'type="password"' in html
    bad = client.post("/accounts/login/", {"username": "0912345678", "password": "sai"})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
    good = client.post("/accounts/login/", {"username": "0912345678", "password": "mat-khau-an-toan-123"})
    assert good.status_code == 302


def test_switching_to_english_changes_the_language(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Skip to content" in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert 'value="en" lang="en" aria-pressed="true"' in html
    # And back to Vietnamese.
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_unknown_language_is_ignored(client, home):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_stylesheet_is_small():
    from django.contrib.staticfiles import finders

    path = finders.find("css/site.css")
    assert path is not None
    with open(path, "rb") as handle:
        assert len(handle.read()) < 15 * 1024
