"""Admin: read-only listings, attendance marking and the classroom import, with their permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import services
from learning.models import Completion, Enrolment
from tests.factories import UserFactory
from tests.learning.conftest import lesson

pytestmark = pytest.mark.django_db


def test_listings_are_read_only(client, staff, learner, two_lesson_course):
    course, first, second = two_lesson_course
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    client.force_login(staff)
    completion = Completion.objects.get()
    for name in ("learning_completions", "learning_enrolments", "learning_log"):
        response = client.get(reverse(f"{name}:index"))
        assert response.status_code == 200, name
    assert course.title in client.get(reverse("learning_completions:index")).content.decode()
    assert client.get(reverse("learning_completions:inspect", args=[completion.pk])).status_code == 200
    assert client.get(reverse("learning_completions:edit", args=[completion.pk])).status_code in (302, 403)
    assert client.post(reverse("learning_completions:delete", args=[completion.pk])).status_code in (302, 403)
    assert Completion.objects.count() == 1


def test_attendance_screen(client, staff, learner, make_course):
    course = make_course()
    session = lesson(course, title="Buổi 1 trên lớp")
    enrolment, _ = services.enrol(learner, course)
    client.force_login(staff)
    url = reverse("learning_attendance:index")
    html = client.get(url, {"lesson": session.pk}).content.decode()
    assert learner.full_name in html
    response = client.post(f"{url}?lesson={session.pk}", {"enrolment": [str(enrolment.pk)]})
    assert response.status_code == 302
    assert Completion.objects.get(user=learner).source == Completion.ATTENDANCE


def test_attendance_and_import_need_permission(client, db):
    worker = UserFactory(is_staff=True)
    worker.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(worker)
    # Wagtail answers a denied admin view with a redirect to the dashboard.
    assert client.get(reverse("learning_attendance:index")).status_code in (302, 403)
    assert client.get(reverse("learning_import:index")).status_code in (302, 403)
    worker.user_permissions.add(Permission.objects.get(codename="import_completions"))
    assert client.get(reverse("learning_import:index")).status_code == 200


def test_import_screen_reports_bad_rows(client, staff, learner, make_course):
    make_course(external_id="LOP-1")
    client.force_login(staff)
    url = reverse("learning_import:index")
    bad = SimpleUploadedFile("lop.csv", b"learner,course,completed_on\ncong@example.vn,LOP-1,31/02/2025\n")
    html = client.post(url, {"file": bad}).content.decode()
    assert "completed_on" in html and not Enrolment.objects.exists()
    good = SimpleUploadedFile("lop.csv", b"learner,course,completed_on\ncong@example.vn,LOP-1,28/02/2025\n")
    assert client.post(url, {"file": good}).status_code == 302
    assert Completion.objects.get().source == Completion.IMPORTED
