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
