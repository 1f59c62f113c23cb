"""Shared fixtures: the migrated catalogue, a provider with its section, courses and users."""

import pytest
from django.db import connection

from courses.services import get_catalogue, setup_provider
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `postgres` when the suite runs on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def restore_migrated_data():
    """Recreate what the data migrations load (page tree, site, taxonomies, root collection) when missing.

    Transactional tests (live_server, concurrency) end with a flush that wipes migration data, and
    serialized_rollback cannot be relied on once an ordinary db test has run on another connection.
    """
    import importlib

    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage
    from courses.models import CourseIndexPage, LearningArea

    if not LearningArea.objects.exists():
        importlib.import_module("courses.migrations.0002_taxonomies").load(apps, None)
    from certificates.models import CertificateTemplate
    from recognition.models import Criteria

    if not CertificateTemplate.objects.exists():
        importlib.import_module("certificates.migrations.0003_default_template").create_default(apps, None)
    if not Criteria.objects.exists():
        importlib.import_module("recognition.migrations.0002_default_criteria").load(apps, None)
    from search.models import Synonym

    if not Synonym.objects.exists():
        importlib.import_module("search.migrations.0004_starting_vocabulary").load(apps, None)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Site.objects.exists():
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=HomePage(title="Học tập suốt đời", slug="home"))
        home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Give every transactional test the data the migrations load (see restore_migrated_data)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("_django_db_helper")
        restore_migrated_data()
    elif "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_migrated_data()


@pytest.fixture
def catalogue(db):
    return get_catalogue()


@pytest.fixture
def make_provider(catalogue):
    """Create a provider with its catalogue section, groups and workflow."""

    def make(**kwargs):
        provider = ProviderFactory(**kwargs)
        setup_provider(provider)
        return provider

    return make


@pytest.fixture
def provider(make_provider):
    return make_provider(name="Trường Cao đẳng Kỹ thuật Công nghiệp", slug="cd-ky-thuat")


@pytest.fixture
def make_course(provider):
    """Create a live course in a provider's section (the default provider unless one is given)."""

    def make(provider=provider, **kwargs):
        return CoursePageFactory(parent=provider.section, provider=provider, **kwargs)

    return make


@pytest.fixture
def course(make_course):
    course = make_course(title="An toàn lao động trong xưởng cơ khí")
    LessonPageFactory(parent=course, title="Bài 1: Nhận diện mối nguy")
    LessonPageFactory(parent=course, title="Bài 2: Trang bị bảo hộ")
    return course


@pytest.fixture
def user(db):
    return UserFactory(full_name="Trần Thị Lan", email="lan@example.vn", phone="0912345678")


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
