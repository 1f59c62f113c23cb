"""A worker fills in the CDHT self-assessment on a phone, a union officer approves it, the title verifies."""

from datetime import date

import pytest
from django.utils import timezone

from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from recognition.models import Assessment, Award, Cycle
from tests.factories import UserFactory

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
# that an earlier transactional test's flush removed.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-an-toan-123"


def _login(page, base, login, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_url(f"**{next_url}")


def test_self_assessment_on_a_phone_then_approval(live_server, phone):
    year = timezone.localdate().year
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ Duy Tiên", kind=Organisation.DISTRICT)
    workplace = create_organisation(
        district, name="CĐCS Công ty May Hưng Phát", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
    )
    Cycle.objects.create(organisation=province, year=year, status=Cycle.OPEN)
    worker = UserFactory(full_name="Đỗ Thị Thu", email="thu@example.vn")
    add_member(worker, workplace, start_date=date(year - 1, 1, 1))
    officer = UserFactory(email="congdoan@example.vn")
    grant_role(officer, district, OrganisationRole.UNION_OFFICER)

    _login(phone, live_server.url, "thu@example.vn", "/recognition/me/")
    codes = list(
        Assessment.objects.get(user=worker)
        .scores.order_by("indicator__sort_order")
        .values_list("indicator__code", flat=True)
    )
    assert len(codes) == 10
    # One form holds all ten indicators; one tap saves them together.
    form = phone.locator("#self-assessment")
    assert form.count() == 1
    for code in codes:
        card = form.locator(f"[id='indicator-{code}']")
        card.locator(f"input[name='points_{code}']").fill("8")
        reason = card.locator(f"input[name='reason_{code}']")
        if reason.count():
            reason.fill("Có chứng chỉ ngoài nền tảng")
        card.locator("summary").click()
        card.locator(f"textarea[name='evidence_text_{code}']").fill("Xác nhận của tổ công đoàn")
    save = phone.locator("#save-assessment")
    box = save.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    with phone.expect_navigation():
        save.click()
    assert phone.inner_text("#proposed-total").strip() in ("80.0", "80,0")
    scores = Assessment.objects.get(user=worker).scores.all()
    assert all(score.proposed_points == 8 and score.evidence_text for score in scores)
    phone.once("dialog", lambda dialog: dialog.accept())  # "Send your self-assessment for review?"
    with phone.expect_navigation():
        phone.click("#submit-assessment")
    assessment = Assessment.objects.get(user=worker)
    assert assessment.status == Assessment.SUBMITTED
    # No horizontal scrolling on a 360 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    phone.context.clear_cookies()
    _login(phone, live_server.url, "congdoan@example.vn", f"/recognition/{district.pk}/review/")
    phone.get_by_role("link", name="Open").first.click()
    phone.fill("input[name=points_1\\.3]", "9")
    phone.fill("input[name=reason_1\\.3]", "Có thêm xác nhận thư viện")
    phone.click("#approve")
    phone.wait_for_url(f"**/recognition/{district.pk}/review/")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.APPROVED
    assert assessment.scores.get(indicator__code="1.3").final_points == 9
    award = Award.objects.select_related("certificate").get(user=worker)
    assert award.certificate is not None
    serial = award.certificate.serial

    # The worker sees the title on their page and follows the link to its public verification.
    phone.context.clear_cookies()
    _login(phone, live_server.url, "thu@example.vn", "/recognition/me/")
    phone.click("#recognised a")
    phone.wait_for_url(f"**/verify/{serial}/")
    assert phone.locator(".status-valid").count() == 1
    assert phone.inner_text(".title-name").strip() == f"Công dân học tập {year}"
    assert "Đỗ Thị Thu" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_officer_runs_the_yearly_round_on_a_phone(live_server, phone, mailoutbox):
    year = timezone.localdate().year
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ huyện Bình Lục", kind=Organisation.DISTRICT)
    workplace = create_organisation(
        district, name="CĐCS Công ty Dệt Bình Lục", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
    )
    for n in range(3):
        add_member(UserFactory(email=f"cn{n}@example.vn"), workplace, start_date=date(year - 1, 1, 1))
    officer = UserFactory(email="huyen@example.vn")
    grant_role(officer, district, OrganisationRole.UNION_OFFICER)

    url = f"/recognition/{district.pk}/cycle/"
    _login(phone, live_server.url, "huyen@example.vn", url)
    assert phone.locator("#cycle-none").is_visible()
    phone.fill("input[name=opens_on]", timezone.localdate().replace(day=1).isoformat())
    phone.click("button[value=open]")
    phone.wait_for_load_state()
    assert "Open for self-assessment" in phone.inner_text("#cycle-status")
    assert phone.inner_text("#count-draft").split()[-1] == "3"
    phone.click("button[value=remind]")
    phone.wait_for_load_state()
    # Everyone here has an e-mail address: all 3 can be reached, and each gets an in-app notice too.
    assert "Reminder for the 3 people who have not submitted: 3 can be reached" in phone.content()
    assert "for 3 people, 3 reached" in phone.inner_text("#last-reminder")
    assert sorted(message.to[0] for message in mailoutbox) == ["cn0@example.vn", "cn1@example.vn", "cn2@example.vn"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    phone.screenshot(path="var/e2e-cycle.png", full_page=True)


def _officer_with_units(year):
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    district = create_organisation(province, name="LĐLĐ huyện Lý Nhân", kind=Organisation.DISTRICT)
    for name in ("Công ty Dệt Lý Nhân", "Công ty Gốm Nhân Hậu"):
        unit = create_organisation(
            district,
            name=f"CĐCS {name}",
            unit_name=name,
            kind=Organisation.GRASSROOTS,
            unit_type=Organisation.ENTERPRISE,
        )
        add_member(UserFactory(), unit, start_date=date(year - 1, 1, 1))
    officer = UserFactory(email="ly.nhan@example.vn")
    grant_role(officer, district, OrganisationRole.UNION_OFFICER)
    return district, officer


def test_officer_menu_link_and_a_dashboard_without_codes_on_a_phone(live_server, phone):
    year = timezone.localdate().year
    district, _officer = _officer_with_units(year)
    _login(phone, live_server.url, "ly.nhan@example.vn", "/my-learning/")
    link = phone.locator("#nav-recognition")
    assert link.count() == 1
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    assert 0 <= box["x"] and box["x"] + box["width"] <= 360 + 1
    link.click()
    phone.wait_for_url(f"**/recognition/{district.pk}/")
    table = phone.locator("#breakdown")
    assert table.count() == 1
    text = phone.inner_text("main")
    for code in ("politics_law", "vocational", "life_skills", "union_skills", "learning_units"):
        assert code not in text, code
    headings = table.locator("thead th").all_inner_texts()
    assert "Chính trị, pháp luật" in headings and "Công dân học tập" in headings
    assert not {"cdht", "digital"} & {h.strip() for h in headings}
    # The table scrolls inside its box; the page itself does not scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_worker_sees_the_reminder_as_a_notice_on_a_phone(live_server, phone):
    from notifications.services import notify

    worker = UserFactory(email=None, phone="0912345678", full_name="Vũ Thị Lan")
    notify(
        worker,
        event_key="e2e:reminder",
        subject="Nhắc nộp phiếu tự đánh giá",
        body="Hãy nộp trước 30/11.",
        url="/recognition/me/",
    )
    _login(phone, live_server.url, "0912345678", "/my-learning/")
    banner = phone.locator(".notices-unread")
    assert "1 unread notice" in banner.inner_text()
    banner.get_by_role("link", name="Nhắc nộp phiếu tự đánh giá").click()
    phone.wait_for_url("**/recognition/me/")
    assert phone.locator(".notices-unread").count() == 0
