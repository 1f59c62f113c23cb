"""Review and publish through Wagtail's page editor, as a college's editor and reviewer do it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from courses.models import CoursePage
from courses.services import editor_group_name, reviewer_group_name, setup_provider
from tests.factories import CoursePageFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def admin_page(browser, live_server, user):
    """A desktop-sized browser page logged in as the user."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def college_with_staff():
    college = ProviderFactory(name="Trường Cao đẳng Cơ điện A", slug="co-dien-a")
    setup_provider(college)
    editor = UserFactory(full_name="Lê Văn Biên")
    editor.groups.add(Group.objects.get(name=editor_group_name(college)))
    reviewer = UserFactory(full_name="Phạm Thị Duyệt")
    reviewer.groups.add(Group.objects.get(name=reviewer_group_name(college)))
    return college, editor, reviewer


def record_server_errors(page):
    errors = []
    page.on("response", lambda response: errors.append(response.url) if response.status >= 500 else None)
    return errors


def open_action_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_editor_submits_and_reviewer_approves_and_publishes_in_the_page_editor(live_server, browser):
    college, editor, reviewer = college_with_staff()
    course = CoursePageFactory(parent=college.section, provider=college, title="Sơ cứu tại xưởng", live=False)

    context, page = admin_page(browser, live_server, editor)
    errors = record_server_errors(page)
    try:
        page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
        open_action_menu(page)
        page.locator("button[name='action-submit']").click()
        page.wait_for_url(f"**/admin/pages/{college.section.pk}/")
    finally:
        context.close()
    course.refresh_from_db()
    assert course.current_workflow_task is not None and not course.live

    context, page = admin_page(browser, live_server, reviewer)
    errors += record_server_errors(page)
    try:
        page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
        # The reviewer corrects the summary before approving: the edit starts autosave, the approval must
        # still be performed once (wagtail/wagtail#14460).
        page.locator("#id_summary").fill("Sơ cứu cơ bản cho công nhân xưởng cơ khí.")
        open_action_menu(page)
        page.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])").click()
        page.wait_for_url(f"**/admin/pages/{college.section.pk}/")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    assert errors == []
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live and not course.has_unpublished_changes
    assert course.summary == "Sơ cứu cơ bản cho công nhân xưởng cơ khí."
    assert course.current_workflow_state is None
    response = Client().get(course.url)
    assert response.status_code == 200


def test_an_editor_imports_a_catalogue_file_from_the_upload_screen(live_server, browser, tmp_path):
    college, editor, _reviewer = college_with_staff()
    csv_file = tmp_path / "khoa-hoc.csv"
    csv_file.write_text(
        "external_id,title,level\nKH-1,Điện dân dụng,beginner\nKH-2,,beginner\nKH-3,Hàn cơ bản,expert\nKH-4,Tiện,\n",
        encoding="utf-8",
    )
    context, page = admin_page(browser, live_server, editor)
    errors = record_server_errors(page)
    try:
        page.goto(f"{live_server.url}/admin/")
        page.get_by_role("link", name="Import courses").first.click()
        page.locator("[data-template-xlsx]").wait_for()
        page.locator("input[type='file']").set_input_files(str(csv_file))
        page.locator("[data-import-form] button[type='submit']").click()
        table = page.locator("[data-import-errors]")
        table.wait_for()
        assert "line 3" in table.inner_text() and "line 4" in table.inner_text()
        page.locator("[data-import-confirm]").click()
        page.locator("[data-import-status='done']").wait_for()
        assert page.locator("[data-import-pages] li").count() == 2
    finally:
        context.close()
    assert errors == []
    imported = CoursePage.objects.filter(provider=college).order_by("external_id")
    assert [(course.external_id, course.slug, course.live) for course in imported] == [
        ("KH-1", "dien-dan-dung", False),
        ("KH-4", "tien", False),
    ]
    assert all(course.current_workflow_task is not None for course in imported)
