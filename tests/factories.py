"""Factories for test data (pages are created under the migrated catalogue)."""

from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from courses.models import CoursePage, LearningArea, LessonPage, Level, ModulePage, OpenResourcePage, Provider


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học {n}")
    email = factory.Sequence(lambda n: f"hocvien{n}@example.vn")
    phone = None
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-an-toan-123")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Trường Cao đẳng Nghề số {n}")
    slug = factory.Sequence(lambda n: f"truong-{n}")


def learning_area(code="vocational"):
    return LearningArea.objects.get(code=code)


def level(code="beginner"):
    return Level.objects.get(code=code)


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Khóa học an toàn lao động {n}")
    summary = "Kiến thức cơ bản về an toàn lao động cho công nhân."
    learning_area = factory.LazyFunction(learning_area)
    level = factory.LazyFunction(level)
    duration_hours = Decimal("4.0")
    language = "vi"
    provider = factory.SubFactory(ProviderFactory)


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Chương {n}")


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Bài {n}")
    duration_minutes = 15


class OpenResourcePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OpenResourcePage

    title = factory.Sequence(lambda n: f"Tài liệu mở {n}")
    summary = "Tài liệu tham khảo về pháp luật lao động."
    resource_url = "https://example.org/tai-lieu.pdf"
    author = "Bộ Lao động - Thương binh và Xã hội"
    licence = "cc-by-4.0"
    learning_area = factory.LazyFunction(lambda: learning_area("politics_law"))
