"""Issue 15 on a 360x740 phone: the menu within reach, per-field sign-up errors, password-reset pages, localized
403 and CSRF pages, the completion notice with its certificate link, and a verification page that shares."""

import json
from pathlib import Path

import pytest
from django.test import Client

from certificates import keys
from learning.models import Completion, Enrolment
from learning.services import enrol, record_completion
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = json.dumps([{"type": "paragraph", "value": "<p>Tắt cầu dao trước khi sửa điện.</p>"}])


@pytest.fixture
def site(settings, live_server):
    """The site's one address is the live server's (BASE_URL), with a signing key for certificates."""
    from cms.site_address import sync_default_site

    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url
    settings.CERTIFICATES_BASE_URL = None
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("e2e-worker")
    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale"]  # the person's language: Vietnamese
    keys.get_keyring.cache_clear()
    sync_default_site()
    yield live_server.url
    keys.get_keyring.cache_clear()


@pytest.fixture
def course():
    from courses.services import setup_provider

    provider = ProviderFactory(name="Trường Cao đẳng Điện lực", slug="cd-dien-luc")
    section = setup_provider(provider)
    course = CoursePageFactory(parent=section, provider=provider, title="An toàn điện cơ bản")
    lessons = [LessonPageFactory(parent=course, title=f"Bài {n}", body=PARAGRAPH) for n in (1, 2)]
    return course, lessons


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def menu_items_out_of_reach(page):
    """Menu items (links and buttons) not fully inside the 360 px viewport, or smaller than 24 x 24 px."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.site-nav a, .site-nav button')).map(el => {
            const r = el.getBoundingClientRect();
            return {text: el.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height};
        }).filter(r => r.left < 0 || r.right > window.innerWidth || r.width < 24 || r.height < 24)"""
    )


def test_every_menu_item_is_reachable_on_a_phone_and_at_200_percent_text(site, live_server, phone, course):
    worker = UserFactory(full_name="Nguyễn Văn Bình", phone="0912000111")
    log_in(phone, live_server, worker)
    phone.goto(site + "/my-learning/")
    names = phone.locator(".site-nav li").all_inner_texts()
    assert len(names) >= 7
    assert menu_items_out_of_reach(phone) == []
    # Each item can be tapped where it is (no hidden sideways scrolling), the last ones too.
    phone.locator('.site-nav a[href="/accounts/profile/"]').tap()
    phone.wait_for_url(site + "/accounts/profile/")
    assert phone.locator(".site-nav button[type=submit]").is_visible()

    # 200% text size (the browser setting scales the root font size).
    phone.goto(site + "/my-learning/")
    phone.add_style_tag(content="html{font-size:200%!important}")
    assert menu_items_out_of_reach(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_tap_targets_are_at_least_24_px(site, live_server, phone, course):
    phone.goto(site + "/")
    sizes = phone.evaluate(
        """() => Array.from(document.querySelectorAll('.card h3 a, .site-nav a, .lang button'))
            .map(el => el.getBoundingClientRect()).map(r => [r.width, r.height])"""
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    box = phone.evaluate(
        """() => { const c = document.createElement('input'); c.type = 'checkbox'; document.querySelector('main').append(c);
                   const r = c.getBoundingClientRect(); return [r.width, r.height]; }"""
    )
    assert box[0] >= 24 and box[1] >= 24


def test_sign_up_from_the_home_page_with_per_field_errors(site, phone, course):
    phone.goto(site + "/")
    phone.locator("[data-signup]").click()
    phone.wait_for_url(site + "/accounts/signup/")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_load_state()
    text = phone.locator("main").inner_text()
    assert "Constraint" not in text and "accounts_user_has_login" not in text
    for field in ("full_name", "phone", "password1", "password2"):
        assert phone.locator(f"#id_{field} ~ .errorlist").count() == 1, field
    assert phone.locator("[role=alert]").count() == 0  # nothing said twice above the form


def test_password_reset_pages_answer(site, phone):
    for path in ("/accounts/password-reset/", "/accounts/password-reset/sent/", "/accounts/password-reset/done/"):
        response = phone.goto(site + path)
        assert response.status == 200, path
        assert phone.locator("h1").count() == 1


def test_403_and_csrf_pages_speak_vietnamese(site, live_server, phone, course):
    holder = UserFactory(full_name="Trần Văn Hải", phone="0912000222")
    enrolment, _created = enrol(holder, course[0])
    completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    log_in(phone, live_server, UserFactory(full_name="Người khác", phone="0912000333"))
    response = phone.goto(f"{site}/certificates/{completion.certificate.serial}.pdf")
    assert response.status == 403
    assert "Bạn không được mở trang này" in phone.locator("h1").inner_text()

    # A log-in form whose CSRF cookie is gone (a page left open, cookies cleared): the site's page, in Vietnamese.
    phone.context.clear_cookies()
    phone.goto(site + "/accounts/login/")
    phone.context.clear_cookies()
    phone.fill("#id_username", "0912000333")
    phone.fill("#id_password", "sai-mat-khau")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Biểu mẫu đã hết hạn"
    assert "CSRF" not in phone.content()


def test_finishing_the_last_lesson_shows_the_certificate_link(site, live_server, settled, course):
    phone = settled  # the page's last beacons land before the database is flushed
    course_page, lessons = course
    worker = UserFactory(full_name="Lê Thị Thu", phone="0912000444")
    enrolment, _created = enrol(worker, course_page)
    log_in(phone, live_server, worker)
    for lesson in lessons:
        phone.goto(site + lesson.url)
        # A short lesson completes when read to its end (the page's "viewed" beacon), before any button is tapped.
        phone.locator('[data-lesson-progress][data-status="completed"]').wait_for()
    notice = phone.locator("[data-course-completed-notice]")
    notice.wait_for()
    assert "Hoàn thành khóa học" in notice.inner_text()
    link = notice.locator("a.btn[data-certificate-link]")
    link.wait_for()
    serial = Completion.objects.get(user=worker).certificate.serial
    assert link.get_attribute("href") == f"/verify/{serial}/"
    link.click()
    phone.wait_for_url(f"{site}/verify/{serial}/")
    assert phone.locator(".status-valid").count() == 1

    # My learning: no "no course" in the in-progress box, and the certificate linked beside the completion.
    phone.goto(site + "/my-learning/")
    assert phone.locator("[data-nothing-in-progress]").count() == 1
    assert "Bạn chưa đăng ký khóa học nào" not in phone.locator("main").inner_text()
    assert phone.locator(f'[data-completion] a[href="/verify/{serial}/"]').count() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.COMPLETED


def test_scorm_status_event_updates_the_lesson_panel_without_a_reload(site, live_server, settled, course):
    """player.js dispatches "scorm:status" after each stored commit; the panel asks the server and updates."""
    from learning.services import grade_quiz, record_lesson_progress
    from tests.learning.conftest import quiz_block

    course_page, lessons = course
    # A lesson that viewing does not complete (a quiz here; a SCORM package works the same way).
    lessons[1].body = json.dumps([quiz_block()])
    lessons[1].save_revision().publish()
    worker = UserFactory(full_name="Phan Văn Toàn", phone="0912000555")
    enrolment, _created = enrol(worker, course_page)
    record_lesson_progress(worker, lessons[0], viewed=True)
    phone = settled
    log_in(phone, live_server, worker)
    phone.goto(site + lessons[1].url)
    assert phone.locator("[data-course-progress-label]").inner_text() == "50%"
    # The result arrives by another road (the SCORM commit's receiver, here the quiz service), not this page.
    grade_quiz(worker, type(lessons[1]).objects.get(pk=lessons[1].pk), "quiz-1", {"0": ["0"], "1": ["1"]})
    with phone.expect_response(lambda r: "/progress" in r.url and r.request.method == "GET"):
        phone.evaluate(
            "document.body.dispatchEvent(new CustomEvent('scorm:status', {bubbles: true, detail: {completion: 'completed', success: 'passed'}}))"
        )
    phone.locator("[data-course-completed-notice] a.btn[data-certificate-link]").wait_for()
    assert phone.locator("[data-lesson-status]").inner_text() == "Đã hoàn thành"
    assert phone.locator("[data-course-progress-label]").inner_text() == "100%"


def test_verify_page_shares_with_a_card(site, live_server, phone, course):
    holder = UserFactory(full_name="Đinh Thị Hoa", phone="0912000666")
    enrolment, _created = enrol(holder, course[0])
    completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    serial = completion.certificate.serial
    log_in(phone, live_server, holder)
    phone.goto(f"{site}/verify/{serial}/")
    og = {
        prop: phone.locator(f'meta[property="{prop}"]').get_attribute("content")
        for prop in ("og:title", "og:url", "og:image")
    }
    assert "An toàn điện cơ bản" in og["og:title"] and "Đinh Thị Hoa" in og["og:title"]
    assert og["og:url"] == f"{site}/verify/{serial}/"
    assert og["og:image"] == f"{site}/verify/{serial}/card.png"
    image = phone.request.get(og["og:image"])
    assert image.status == 200 and image.headers["content-type"] == "image/png"
    for name in ("zalo", "facebook"):
        box = phone.locator(f".share-buttons .{name}").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)
    with phone.expect_download() as download:
        phone.locator(f'a[href="/certificates/{serial}.json"]').first.click()
    assert download.value.suggested_filename == f"chung-nhan-an-toan-dien-co-ban-{serial}.json"
