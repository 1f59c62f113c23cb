"""A college editor picks a SCORM package for a lesson with the chooser, in Wagtail's page editor."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from courses.models import LessonPage
from courses.services import editor_group_name, provider_collection, setup_provider
from scorm.importer.services import import_package
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory, UserFactory
from tests.scorm.packages import build_zip

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
pytestmark = pytest.mark.django_db(transaction=True)


def college(name, slug):
    provider = ProviderFactory(name=name, slug=slug)
    setup_provider(provider)
    return provider


def test_an_editor_picks_one_of_the_colleges_packages_in_a_lesson(live_server, browser):
    college_a = college("Trường Cao đẳng Cơ điện A", "co-dien-a")
    college_b = college("Trường Cao đẳng Xây dựng B", "xay-dung-b")
    own = import_package(build_zip("scorm12"), title="Gói của trường A", collection=provider_collection(college_a))
    import_package(build_zip("scorm12"), title="Gói của trường B", collection=provider_collection(college_b))
    course = CoursePageFactory(parent=college_a.section, provider=college_a, title="An toàn điện")
    body = json.dumps([{"type": "scorm", "id": "s1", "value": {"title": "Bài tương tác", "package_id": None}}])
    lesson = LessonPageFactory(parent=course, title="Bài SCORM", body=body)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=editor_group_name(college_a)))

    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
        page.locator("[data-chooser-action-choose]").first.click()
        modal = page.locator(".modal-content")
        modal.get_by_text("Gói của trường A").wait_for()
        assert "Gói của trường B" not in modal.inner_text()
        modal.get_by_text("Gói của trường A").click()
        page.locator("[data-chooser-title]", has_text="Gói của trường A").wait_for()
        page.locator("button.action-save").first.click()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert draft.body[0].value["package_id"] == own
    assert draft.body.raw_data[0]["value"]["package_id"] == own.pk
