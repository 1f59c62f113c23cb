"""seed_demo: the demo catalogue and logins, idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page, Revision

from courses.models import CoursePage, LessonPage, ModulePage, OpenResourcePage, Provider

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "providers": Provider.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": sum(user.groups.count() for user in get_user_model().objects.all()),
        "tags": sum(page.tags.count() for page in CoursePage.objects.all()),
    }


def test_seed_demo_twice_changes_nothing(settings):
    from wagtail.models import Site

    # The demo follows the address it is served on (issue 15): `make run` exports BASE_URL from HOST and PORT.
    settings.BASE_URL = "http://localhost:8123"
    first = seed()
    before = counts()
    assert "Site address: http://localhost:8123" in first
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost:8123"

    second = seed()

    assert counts() == before
    assert "39 created" in first
    assert "0 created, 0 updated, 39 unchanged" in second
    assert "0 lessons added, 0 open resources added, 0 users created" in second
    assert Page.find_problems() == ([], [], [], [], [])


def test_demo_catalogue_and_logins():
    out = seed()

    courses = CoursePage.objects.live()
    assert courses.count() >= 30
    assert set(courses.values_list("learning_area__code", flat=True)) == {
        "politics_law",
        "vocational",
        "life_skills",
        "digital",
        "foreign_language",
        "general",
    }
    assert courses.values("provider").distinct().count() == 3
    assert len(set(courses.values_list("title", flat=True))) == courses.count()
    for course in courses:
        assert 2 <= course.lessons.count() <= 4, course.title
        assert course.outcome_list and course.summary and course.description
        assert course.get_parent().specific_class.__name__ == "ProviderPage"
    assert ModulePage.objects.live().exists()
    lesson = LessonPage.objects.live().first()
    assert [block.block_type for block in lesson.body] == ["heading", "paragraph", "paragraph"]
    for course in courses.filter(learning_area__code="digital"):
        assert course.digital_competences.exists(), course.title
    assert OpenResourcePage.objects.live().count() == 4
    assert all(resource.author and resource.licence for resource in OpenResourcePage.objects.all())

    # authenticate() needs the request: django-axes throttles every log-in per account and client address.
    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="admin@hoctap.local", password="hoctap-admin")
    assert admin is not None and admin.is_superuser
    worker = authenticate(request, username="0912345678", password="hoctap-demo")
    assert worker is not None and not worker.is_staff
    assert authenticate(request, username="+84 912 345 678", password="hoctap-demo") == worker
    editor = authenticate(request, username="editor.bachkhoa@hoctap.local", password="hoctap-demo")
    assert editor.groups.filter(name__startswith="Editors").count() == 1
    reviewer = authenticate(request, username="reviewer.congdoan@hoctap.local", password="hoctap-demo")
    assert reviewer.groups.filter(name__startswith="Reviewers").count() == 1
    assert "admin@hoctap.local / hoctap-admin" in out and "0912345678 / hoctap-demo" in out
