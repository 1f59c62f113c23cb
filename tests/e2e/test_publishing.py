"""Review and publish through Wagtail's page editor, as a college's editor and reviewer do it."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.signals import page_published

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


def is_autosave_with_workflow_action(request):
    return (
        request.method == "POST"
        and request.headers.get("accept") == "application/json"
        and "action-workflow-action" in (request.post_data or "")
    )


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

    # wagtail/wagtail#14460: autosave re-sends the approval while the button's request is still publishing. To
    # make that overlap certain, publishing waits (at most 20 s) until the browser has sent that autosave request.
    autosave_sent = threading.Event()

    def publish_after_autosave(sender, **kwargs):
        autosave_sent.wait(timeout=20)

    page_published.connect(publish_after_autosave, weak=False, dispatch_uid="test_publish_after_autosave")
    autosave_answers = []
    context, page = admin_page(browser, live_server, reviewer)
    errors += record_server_errors(page)
    page.on("request", lambda request: autosave_sent.set() if is_autosave_with_workflow_action(request) else None)
    page.on(
        "response",
        lambda response: (
            autosave_answers.append(response.status) if is_autosave_with_workflow_action(response.request) else None
        ),
    )
    try:
        page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
        # The reviewer corrects the summary (autosave saves it), then approves from the editor's action menu.
        is_autosave = lambda response: response.request.headers.get("accept") == "application/json"  # noqa: E731
        with page.expect_response(is_autosave, timeout=30_000):
            page.locator("#id_summary").press("End")
            page.keyboard.type(" Có hướng dẫn")
            # The editor's change tracker takes its first snapshot of the form a moment after loading.
            page.wait_for_timeout(2_000)
            page.keyboard.type(" thực hành.")
        open_action_menu(page)
        page.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])").click()
        page.wait_for_url(f"**/admin/pages/{college.section.pk}/")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
        page_published.disconnect(dispatch_uid="test_publish_after_autosave")

    assert errors == []
    assert all(status == 400 for status in autosave_answers)  # refused by the guard, never performed
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live and not course.has_unpublished_changes
    assert course.summary.endswith("Có hướng dẫn thực hành.")
    assert course.current_workflow_state is None
    assert Client().get(course.url).status_code == 200


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
