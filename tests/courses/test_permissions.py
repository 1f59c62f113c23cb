"""Provider-scoped editing: editors edit only their section and submit for review; reviewers publish there."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.services import editor_group_name, reviewer_group_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_provider, make_course):
    provider_a = make_provider(name="Trường A", slug="truong-a")
    provider_b = make_provider(name="Trường B", slug="truong-b")
    course_a = make_course(provider=provider_a, title="Khóa của A")
    course_b = make_course(provider=provider_b, title="Khóa của B")
    editor_a = UserFactory(email="editor-a@example.vn")
    editor_a.groups.add(Group.objects.get(name=editor_group_name(provider_a)))
    reviewer_a = UserFactory(email="reviewer-a@example.vn")
    reviewer_a.groups.add(Group.objects.get(name=reviewer_group_name(provider_a)))
    return {
        "a": provider_a,
        "b": provider_b,
        "course_a": course_a,
        "course_b": course_b,
        "editor_a": editor_a,
        "reviewer_a": reviewer_a,
    }


def edit_form(course, **overrides):
    data = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "cover_image": "",
        "description": streamfield([]),
        "learning_area": course.learning_area_id,
        "level": course.level_id,
        "duration_hours": str(course.duration_hours),
        "language": course.language,
        "provider": course.provider_id,
        "completion_rule": course.completion_rule,
        "minimum_score": "",
        "hours_credit": course.hours_credit,
        "certificate_on_completion": "on",
        "outcomes": "",
        "prerequisites": rich_text(""),
        "tags": "",
        "digital_competences": inline_formset([]),
        "prerequisite_links": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "external_id": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_permission_policy(setup):
    editor, reviewer = setup["editor_a"], setup["reviewer_a"]
    course_a, course_b = setup["course_a"], setup["course_b"]
    assert course_a.permissions_for_user(editor).can_edit()
    assert not course_a.permissions_for_user(editor).can_publish()
    assert not course_b.permissions_for_user(editor).can_edit()
    assert course_a.permissions_for_user(reviewer).can_publish()
    assert not course_b.permissions_for_user(reviewer).can_edit()
    assert not course_b.permissions_for_user(reviewer).can_publish()
    # Editors may add courses only in their own section.
    assert setup["a"].section.permissions_for_user(editor).can_add_subpage()
    assert not setup["b"].section.permissions_for_user(editor).can_add_subpage()


def test_editor_opens_own_course_in_admin_but_not_the_other(client, setup):
    client.force_login(setup["editor_a"])
    assert client.get(f"/admin/pages/{setup['course_a'].pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{setup['course_b'].pk}/edit/")
    assert response.status_code in {302, 403}


def test_editor_cannot_publish_but_submits_for_review(client, setup):
    course = setup["course_a"]
    client.force_login(setup["editor_a"])
    # "Publish" from an editor is refused: the live title does not change.
    client.post(
        f"/admin/pages/{course.pk}/edit/", edit_form(course, title="Khóa của A (sửa)", **{"action-publish": "1"})
    )
    course.refresh_from_db()
    assert course.title == "Khóa của A"
    # Submitting starts the provider's review workflow.
    response = client.post(
        f"/admin/pages/{course.pk}/edit/", edit_form(course, title="Khóa của A (sửa)", **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(course.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name.endswith("Trường A")
    course.refresh_from_db()
    assert course.title == "Khóa của A"  # not live until a reviewer approves
    assert course.get_latest_revision().as_object().title == "Khóa của A (sửa)"


def test_reviewer_publishes_in_own_section_only(client, setup):
    client.force_login(setup["reviewer_a"])
    course_a, course_b = setup["course_a"], setup["course_b"]
    response = client.post(
        f"/admin/pages/{course_a.pk}/edit/", edit_form(course_a, title="Khóa của A mới", **{"action-publish": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course_a.refresh_from_db()
    assert course_a.title == "Khóa của A mới" and course_a.live
    response = client.post(
        f"/admin/pages/{course_b.pk}/edit/", edit_form(course_b, title="Khóa của B bị sửa", **{"action-publish": "1"})
    )
    assert response.status_code in {302, 403}
    course_b.refresh_from_db()
    assert course_b.title == "Khóa của B"


def test_user_without_group_cannot_reach_the_admin(client, setup, user):
    client.force_login(user)
    assert client.get(f"/admin/pages/{setup['course_a'].pk}/edit/").status_code in {302, 403}
