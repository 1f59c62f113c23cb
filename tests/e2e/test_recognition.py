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
    for code in codes:
        card = phone.locator(f"[id='indicator-{code}']")
        card.locator("input[name=points]").fill("8")
        reason = card.locator("input[name=reason]")
        if reason.count():
            reason.fill("Có chứng chỉ ngoài nền tảng")
        card.locator("textarea[name=evidence_text]").fill("Xác nhận của tổ công đoàn")
        card.locator("button[type=submit]").click()
        phone.wait_for_load_state()
    assert phone.inner_text("#proposed-total").strip() in ("80.0", "80,0")
    phone.click("#submit-assessment")
    phone.wait_for_load_state()
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
    assert "Reminder sent to 3 people" in phone.content()
    assert sorted(message.to[0] for message in mailoutbox) == ["cn0@example.vn", "cn1@example.vn", "cn2@example.vn"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    phone.screenshot(path="var/e2e-cycle.png", full_page=True)
