"""Fixtures for the learning record: lessons with quizzes, SCORM blocks and videos."""

import json

import pytest
from django.contrib.auth import get_user_model

from tests.factories import LessonPageFactory, UserFactory


def quiz_block(block_id="quiz-1", pass_mark=50, max_attempts=2):
    return {
        "type": "quiz",
        "id": block_id,
        "value": {
            "title": "Kiểm tra nhanh",
            "pass_mark": pass_mark,
            "max_attempts": max_attempts,
            "questions": [
                {
                    "question": "Mũ bảo hộ dùng để làm gì?",
                    "explanation": "Bảo vệ đầu.",
                    "choices": [{"text": "Bảo vệ đầu", "correct": True}, {"text": "Trang trí", "correct": False}],
                },
                {
                    "question": "Khi thấy dây điện hở thì làm gì?",
                    "explanation": "Báo cho tổ trưởng.",
                    "choices": [{"text": "Tự sửa", "correct": False}, {"text": "Báo tổ trưởng", "correct": True}],
                },
            ],
        },
    }


def scorm_block(package_id, block_id="scorm-1"):
    return {"type": "scorm", "id": block_id, "value": {"title": "Bài học tương tác", "package_id": package_id}}


def paragraph(text="Nội dung bài học.", block_id="p-1"):
    return {"type": "paragraph", "id": block_id, "value": f"<p>{text}</p>"}


def lesson(parent, blocks=None, **kwargs):
    return LessonPageFactory(parent=parent, body=json.dumps(blocks or [paragraph()]), **kwargs)


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Lê Văn Công", email="cong@example.vn", phone="0987654321")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(email="admin@example.vn", password="x", full_name="Quản trị")


@pytest.fixture
def two_lesson_course(make_course):
    course = make_course(title="Kỹ năng sống cơ bản")
    first = lesson(course, title="Bài 1")
    second = lesson(course, title="Bài 2")
    return course, first, second


def video_document():
    """A tiny uploaded "video" document (its bytes do not matter to the learning record)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(title="Video an toàn", file=ContentFile(b"\x00" * 16, name="video.mp4"))
