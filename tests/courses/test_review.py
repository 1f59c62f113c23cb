"""Review in the admin: the page editor's guard (wagtail/wagtail#14460), approving a course with its lessons, slugs."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Revision

from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import editor_group_name, reviewer_group_name
from courses.slugs import fold_slug
from tests.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory, UserFactory


@pytest.fixture
def editor(provider):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=editor_group_name(provider)))
    return user


@pytest.fixture
def reviewer(provider):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=reviewer_group_name(provider)))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def submitted_course(provider, editor, **kwargs):
    course = CoursePageFactory(parent=provider.section, provider=provider, live=False, **kwargs)
    course.save_revision(user=editor)
    course.get_workflow().start(course, editor)
    return course


def edit_form_data(client, page):
    """The page editor's form as the browser would post it (Wagtail's own test helper builds it from the form)."""
    from wagtail.test.utils.form_data import querydict_from_html

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["description-count"] = "0"  # the StreamField's (empty) data is written by its JavaScript
    return data


def approval(data):
    data = data.copy()
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    return data


def test_an_autosave_carrying_the_approval_is_refused_and_changes_nothing(provider, editor, reviewer):
    course = submitted_course(provider, editor)
    client = client_for(reviewer)
    data = approval(edit_form_data(client, course))
    revisions = Revision.objects.count()

    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["error_code"] == "workflow_action_not_autosaved"
    course.refresh_from_db()
    assert not course.live and course.current_workflow_task is not None
    assert Revision.objects.count() == revisions


def test_the_approval_posted_twice_publishes_once_and_the_second_is_no_error(provider, editor, reviewer):
    course = submitted_course(provider, editor)
    client = client_for(reviewer)
    data = approval(edit_form_data(client, course))
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])

    first = client.post(url, data)
    second = client.post(url, data)  # the stale form again, after the review has ended

    assert (first.status_code, second.status_code) == (302, 302)
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live and not course.has_unpublished_changes  # not saved over by the second post
    assert course.current_workflow_state is None
    shown = [str(message).strip() for message in client.get(second["Location"]).context["messages"]]
    assert "This page has already been reviewed." in shown


def test_the_page_editor_approve_button_locks_itself(provider, editor, reviewer):
    course = submitted_course(provider, editor)
    html = client_for(reviewer).get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    button = html.split('data-workflow-action-name="approve"', 1)[0].rsplit("<button", 1)[1]
    assert 'type="submit"' in button or 'data-controller="w-progress"' in html


def test_a_reviewer_approves_a_course_with_its_module_and_lessons_in_one_action(provider, editor, reviewer):
    course = submitted_course(provider, editor, title="Sơ cứu")
    module = ModulePageFactory(parent=course, title="Chương 1", live=False)
    lessons = [LessonPageFactory(parent=module, title=f"Bài {n}", live=False) for n in (1, 2)]
    for page in (module, *lessons):
        page.save_revision(user=editor)
    client = client_for(reviewer)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "approve_and_publish"]) + f"?id={course.pk}"

    confirmation = client.get(url).content.decode()
    assert "Chương 1" in confirmation and "Bài 2" in confirmation  # the confirmation names what goes live

    response = client.post(url, {"include_descendants": "on"})
    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).live
    assert ModulePage.objects.get(pk=module.pk).live
    assert LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons], live=True).count() == 2
    assert CoursePage.objects.get(pk=course.pk).current_workflow_state is None  # approved, not cancelled


def test_an_editor_cannot_use_the_approve_action(provider, editor):
    course = submitted_course(provider, editor)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "approve_and_publish"]) + f"?id={course.pk}"
    client_for(editor).post(url, {"include_descendants": "on"})
    course.refresh_from_db()
    assert not course.live and course.current_workflow_task is not None


def test_without_the_box_only_the_course_is_approved(provider, editor, reviewer):
    course = submitted_course(provider, editor)
    lesson = LessonPageFactory(parent=course, live=False)
    lesson.save_revision(user=editor)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "approve_and_publish"]) + f"?id={course.pk}"
    client_for(reviewer).post(url, {})
    assert CoursePage.objects.get(pk=course.pk).live
    assert not LessonPage.objects.get(pk=lesson.pk).live


# Slugs --------------------------------------------------------------------------------------------------------------


def test_fold_slug_transliterates_vietnamese():
    assert fold_slug("Đào tạo nghề: Sơ cứu ở xưởng") == "dao-tao-nghe-so-cuu-o-xuong"


def test_a_page_created_with_a_unicode_slug_gets_the_folded_one(provider):
    course = CoursePageFactory(parent=provider.section, provider=provider, title="Sơ cứu", slug="sơ-cứu-đầu-tiên")
    assert course.slug == "so-cuu-dau-tien"
    assert course.url_path.endswith("/so-cuu-dau-tien/")


def test_a_slug_wagtail_derives_from_the_title_is_folded_not_stripped(provider):
    course = CoursePage(
        title="Đào tạo điện dân dụng",
        provider=provider,
        summary="Điện dân dụng.",
        learning_area=CoursePageFactory._meta.declarations["learning_area"].function(),
        level=CoursePageFactory._meta.declarations["level"].function(),
    )
    provider.section.add_child(instance=course)
    assert course.slug == "dao-tao-dien-dan-dung"  # Django's slugify alone gives "ao-tao-ien-dan-dung"
    twin = CoursePage(
        title="Đào tạo điện dân dụng",
        provider=provider,
        summary="Lần hai.",
        learning_area=course.learning_area,
        level=course.level,
    )
    provider.section.add_child(instance=twin)
    assert twin.slug == "dao-tao-dien-dan-dung-2"


def test_an_existing_pages_slug_stays_editable(provider, reviewer):
    course = CoursePageFactory(parent=provider.section, provider=provider, title="Sơ cứu")
    course.slug = "so-cuu-co-ban"
    course.save()
    assert Page.objects.get(pk=course.pk).slug == "so-cuu-co-ban"


def test_the_admin_slug_field_transliterates_in_the_browser(provider, reviewer):
    course = CoursePageFactory(parent=provider.section, provider=provider)
    html = client_for(reviewer).get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    slug_input = re.search(r'<input[^>]*id="id_slug"[^>]*>', html).group(0)
    # Django leaves a False attribute out: the w-slug controller's allowUnicode is then false and it transliterates.
    assert "data-w-slug-allow-unicode-value" not in slug_input


def test_a_unicode_slug_typed_in_the_admin_is_folded_on_the_server_too(provider, reviewer):
    course = CoursePageFactory(parent=provider.section, provider=provider)
    client = client_for(reviewer)
    data = edit_form_data(client, course)
    data["slug"] = "sơ-cứu-đúng-cách"
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 302
    page = Page.objects.get(pk=course.pk)
    assert (page.slug, page.url_path.rsplit("/", 2)[1]) == ("so-cuu-dung-cach", "so-cuu-dung-cach")
