"""Review e-mails speak Vietnamese and greet the person by the full name, family name first.

The path is Wagtail's own: an editor submits a course to the provider's review workflow, a reviewer asks for
changes, then approves; Wagtail's notifiers send the mail, read here from Django's outbox.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.users.models import UserProfile

from courses.services import editor_group_name, reviewer_group_name
from tests.factories import CoursePageFactory, UserFactory

BASE = Path(django_settings.BASE_DIR)


@pytest.fixture
def vi_catalogues(settings):
    # The test settings switch the project's catalogues off; the setting_changed signal resets the caches.
    settings.LOCALE_PATHS = [BASE / "locale", BASE / "cms" / "wagtail_locale"]
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def people(vi_catalogues, provider):
    editor = UserFactory(full_name="Nguyễn Văn An", email="an@example.vn")
    reviewer = UserFactory(full_name="Trần Thị Bình", email="binh@example.vn")
    editor.groups.add(Group.objects.get(name=editor_group_name(provider)))
    reviewer.groups.add(Group.objects.get(name=reviewer_group_name(provider)))
    return editor, reviewer


@pytest.fixture
def submitted(people, provider):
    """A course the editor has submitted to the provider's review workflow; the outbox holds what that sent."""
    editor, _reviewer = people
    course = CoursePageFactory(parent=provider.section, provider=provider, title="Sơ cứu tại nơi làm việc")
    course.save_revision(user=editor)
    workflow = course.get_workflow()
    workflow_state = workflow.start(course, editor)
    return course, workflow, workflow_state


def _mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_reviewer_is_told_of_a_submission_in_vietnamese_by_full_name(submitted):
    course, workflow, workflow_state = submitted
    task = workflow_state.current_task_state.task
    [message] = _mails_to("binh@example.vn")
    assert message.subject == f'Trang "{course.title}" đã được gửi duyệt ở bước duyệt "{task.name}"'
    assert message.body.startswith("Xin chào Trần Thị Bình,")
    assert f'Trang "{course.title}" đã được gửi duyệt đến bước duyệt "{task.name}".' in message.body
    assert "Bạn có thể xem trước trang tại đây:" in message.body
    assert "Sửa tùy chọn nhận thông báo tại đây:" in message.body
    assert "Hello" not in message.body and "Bình," not in message.body.replace("Trần Thị Bình,", "")
    assert _mails_to("an@example.vn") == []  # the editor who submitted is not told of their own action


def test_editor_is_told_of_requested_changes_with_the_comment(submitted, people):
    course, workflow, workflow_state = submitted
    editor, reviewer = people
    mail.outbox.clear()
    workflow_state.current_task_state.reject(user=reviewer, comment="Thêm ảnh minh họa cho bài 2.")

    [message] = _mails_to("an@example.vn")
    assert message.subject == f'Trang "{course.title}" đã được yêu cầu chỉnh sửa trong "{workflow.name}".'
    assert message.body.startswith("Xin chào Nguyễn Văn An,")
    task = workflow_state.current_task_state.task
    assert (
        f'Trần Thị Bình đã yêu cầu chỉnh sửa trang "{course.title}" ở bước "{task.name}" '
        f'của quy trình duyệt "{workflow.name}".'
    ) in message.body
    assert 'Nhận xét kèm theo: "Thêm ảnh minh họa cho bài 2."' in message.body
    assert "Bạn có thể sửa trang tại đây:" in message.body


def test_editor_is_told_of_approval(submitted, people):
    course, workflow, workflow_state = submitted
    _editor, reviewer = people
    mail.outbox.clear()
    workflow_state.current_task_state.approve(user=reviewer)

    [message] = _mails_to("an@example.vn")
    assert message.subject == f'Trang "{course.title}" đã được phê duyệt trong "{workflow.name}".'
    assert message.body.startswith("Xin chào Nguyễn Văn An,")
    assert f'Trang "{course.title}" đã được phê duyệt trong quy trình duyệt "{workflow.name}".' in message.body


def test_a_reviewer_who_chose_english_gets_english_with_the_full_name(people, provider):
    editor, reviewer = people
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "en"
    profile.save()
    course = CoursePageFactory(parent=provider.section, provider=provider, title="Sơ cứu tại nơi làm việc")
    course.save_revision(user=editor)
    course.get_workflow().start(course, editor)

    [message] = _mails_to("binh@example.vn")
    assert message.subject.startswith(f'The page "{course.title}" has been submitted for approval')
    assert message.body.startswith("Hello Trần Thị Bình,")
    assert "Xin chào" not in message.body


def test_a_reviewer_without_an_email_address_is_skipped_and_the_submission_still_stands(people, provider):
    editor, _reviewer = people
    phone_only = UserFactory(full_name="Lê Văn Cường", email=None, phone="0912000333")
    phone_only.groups.add(Group.objects.get(name=reviewer_group_name(provider)))
    course = CoursePageFactory(parent=provider.section, provider=provider, title="Điện dân dụng")
    course.save_revision(user=editor)
    workflow_state = course.get_workflow().start(course, editor)

    assert [m.to for m in mail.outbox] == [["binh@example.vn"]]
    assert workflow_state.status == workflow_state.STATUS_IN_PROGRESS
    course.refresh_from_db()
    assert course.workflow_in_progress
