"""The Wagtail dashboard of a provider's editor shows their own section's work only."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses.admin_import import prepare_import
from courses.services import editor_group_name, provider_collection
from learning.services import enrol, record_completion
from scorm.importer.services import import_package
from tests.factories import CoursePageFactory, UserFactory
from tests.scorm.packages import build_zip


def college_work(make_provider, name, slug):
    """A provider with a page in review, one with changes requested, an import, a SCORM package and learners."""
    provider = make_provider(name=name, slug=slug)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=editor_group_name(provider)))
    waiting = CoursePageFactory(parent=provider.section, provider=provider, title=f"Chờ duyệt {slug}", live=False)
    waiting.save_revision(user=editor)
    waiting.get_workflow().start(waiting, editor)
    rework = CoursePageFactory(parent=provider.section, provider=provider, title=f"Cần sửa {slug}", live=False)
    rework.save_revision(user=editor)
    state = rework.get_workflow().start(rework, editor)
    state.current_task_state.reject(user=editor)
    prepare_import(editor, provider, SimpleUploadedFile(f"nhap-{slug}.csv", b"external_id,title\nX-1,Bai\n"))
    import_package(build_zip("scorm12"), title=f"Gói {slug}", collection=provider_collection(provider))
    live = CoursePageFactory(parent=provider.section, provider=provider, title=f"Đang học {slug}")
    learner = UserFactory()
    enrolment, _created = enrol(learner, live)
    record_completion(enrolment, source="online")
    enrol(UserFactory(), live)
    return provider, editor


def test_an_editor_sees_their_own_providers_work_and_not_another_ones(make_provider):
    college_a, editor_a = college_work(make_provider, "Trường Cao đẳng A", "truong-a")
    college_work(make_provider, "Trường Cao đẳng B", "truong-b")

    client = Client()
    client.force_login(editor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    for mine in ("Chờ duyệt truong-a", "Cần sửa truong-a", "nhap-truong-a.csv", "Gói truong-a", "Đang học truong-a"):
        assert mine in html
    for theirs in ("truong-b", "Trường Cao đẳng B"):
        assert theirs not in html
    assert 'data-dashboard-panel="provider-learners"' in html
    panel = html.split('data-dashboard-panel="provider-learners"')[1]
    assert "2 enrolments, 1 completions" in " ".join(panel.split())


@pytest.mark.django_db
def test_a_user_without_a_provider_gets_no_provider_panels():
    staff = UserFactory(is_superuser=False)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-dashboard-panel" not in html
