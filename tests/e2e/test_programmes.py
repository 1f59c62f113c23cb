"""On a phone (360x740): HR assigns a course; the worker sees it first on My learning with its due date, completes
it, and HR sees it done on time."""

import json
from datetime import date, timedelta

import pytest

from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from programmes.models import Assignee
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory, UserFactory

from .conftest import PHONE_VIEWPORT

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-an-toan-123"


@pytest.fixture
def world():
    from courses.services import setup_provider

    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ Duy Tiên", kind=Organisation.DISTRICT)
    workplace = create_organisation(
        district, name="CĐCS Công ty May Hưng Phát", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
    )
    officer = UserFactory(email="hr@example.vn", full_name="Phạm Thu Hà")
    grant_role(officer, workplace, OrganisationRole.HR_OFFICER)
    worker = UserFactory(email="cong.nhan@example.vn", full_name="Đỗ Thị Thu")
    add_member(worker, workplace, start_date=date(2024, 1, 1))
    provider = ProviderFactory(name="Trường Cao đẳng Nghề Hà Nam", slug="cd-ha-nam")
    section = setup_provider(provider)
    paragraph = json.dumps([{"type": "paragraph", "value": "<p>Ngắt điện trước khi sửa máy.</p>"}])
    other = CoursePageFactory(parent=section, provider=provider, title="Tin học văn phòng")
    LessonPageFactory(parent=other, title="Bài 1", body=paragraph)
    safety = CoursePageFactory(parent=section, provider=provider, title="An toàn điện cho thợ may")
    LessonPageFactory(parent=safety, title="Bài duy nhất", body=paragraph)
    return {"workplace": workplace, "officer": officer, "worker": worker, "safety": safety, "other": other}


def log_in(page, base, email, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_url(f"{base}{next_url}")


def test_assigned_course_first_completed_and_on_time(live_server, browser, phone, world):
    from learning.services import enrol

    base, workplace, safety = live_server.url, world["workplace"], world["safety"]
    due = date.today() + timedelta(days=14)
    # The worker already has another course in progress: the assigned one still comes first.
    enrol(world["worker"], world["other"])

    # HR assigns the course to everybody at the workplace, from its page ID.
    new = f"/hr/{workplace.pk}/assignments/new/"
    log_in(phone, base, "hr@example.vn", new)
    phone.fill("#id_target", str(safety.pk))
    phone.fill("#id_due_on", due.isoformat())
    phone.check("input[name=audience][value=everyone]")
    phone.locator("[data-assignment-form] button[type=submit]").click()
    phone.wait_for_url("**/assignments/*/")
    assignee = Assignee.objects.get(user=world["worker"])

    # The worker, on another phone: the assigned course first, with its due date.
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="vi-VN")
    worker = context.new_page()
    worker.set_default_timeout(15_000)
    try:
        log_in(worker, base, "cong.nhan@example.vn", "/my-learning/")
        assigned = worker.locator(f"[data-assignment='{assignee.assignment_id}']")
        assert safety.title in assigned.inner_text()
        assert f"Due on {due:%d/%m/%Y}" in assigned.inner_text()
        assert (
            worker.locator("[data-assigned]").bounding_box()["y"] < worker.locator("#in-progress").bounding_box()["y"]
        )
        box = worker.locator("[data-assigned]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_VIEWPORT["width"]

        # It opens the course, enrols, finishes the one lesson.
        assigned.get_by_role("link", name=safety.title).click()
        worker.wait_for_url(base + safety.url)
        worker.click("[data-enrol]")
        worker.wait_for_url(f"{base}{safety.url}**")
        with worker.expect_response(lambda r: "/progress" in r.url and r.request.method == "POST"):
            worker.click("[data-mark-done] button")
        worker.goto(f"{base}/my-learning/")
        assert worker.locator(f"[data-assignment='{assignee.assignment_id}']").get_attribute("data-status") == "on_time"
    finally:
        context.close()

    # HR sees it done on time.
    phone.goto(f"{base}/hr/{workplace.pk}/assignments/{assignee.assignment_id}/")
    row = phone.locator(f"[data-people] [data-worker='{world['worker'].pk}']")
    assert row.get_attribute("data-status") == "on_time"
    assert "Done on time" in row.inner_text()
    assert phone.locator("[data-total] [data-count=on_time]").inner_text() == "1"
