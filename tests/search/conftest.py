"""Search fixtures: a small catalogue with known titles, indexed by the backend under test."""

import copy
import os
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.utils import timezone

from courses.services import get_catalogue, setup_provider
from search.backends import get_backend
from search.services import rebuild_index
from tests.factories import CoursePageFactory, OpenResourcePageFactory, ProviderFactory, learning_area, level

BACKENDS = ["database", "elasticsearch"]

# A read replica as a test mirror of the default database (as tests/deploy/conftest.py declares it): a connection
# of its own to the same database, so test_read_connection.py sees which one search read. Declared at collection,
# before the test databases are set up; PostgreSQL only (SQLite's file lock forbids a second writer).
if (
    connections.settings["default"]["ENGINE"] == "django.db.backends.postgresql"
    and "replica" not in connections.settings
):
    _replica = copy.deepcopy(connections.settings["default"])
    _replica["TEST"] = {**_replica["TEST"], "MIRROR": "default"}
    connections.settings["replica"] = _replica

COURSES = [
    # key, title, summary, area, level, hours, language, provider ("a" or "b")
    (
        "digital",
        "Kỹ năng số cơ bản cho công nhân",
        "Dùng điện thoại thông minh, thư điện tử và dịch vụ công trực tuyến.",
        "digital",
        "beginner",
        "6",
        "vi",
        "a",
    ),
    (
        "welding",
        "Hàn điện cơ bản",
        "Kỹ thuật hàn hồ quang tay cho thợ mới vào nghề.",
        "vocational",
        "beginner",
        "40",
        "vi",
        "a",
    ),
    (
        "safety",
        "An toàn lao động trong xưởng cơ khí",
        "Nhận diện mối nguy và trang bị bảo hộ khi làm việc.",
        "vocational",
        "intermediate",
        "4",
        "vi",
        "a",
    ),
    (
        "law",
        "Luật lao động cho người lao động",
        "Hợp đồng, tiền lương, thời giờ làm việc theo Bộ luật Lao động 2019.",
        "politics_law",
        "beginner",
        "3",
        "vi",
        "b",
    ),
    (
        "english",
        "Tiếng Anh giao tiếp tại nơi làm việc",
        "Mẫu câu giao tiếp cơ bản với đồng nghiệp và khách hàng.",
        "foreign_language",
        "beginner",
        "30",
        "en",
        "b",
    ),
    (
        "excel",
        "Excel cơ bản",
        "Bảng tính, công thức và biểu đồ cho người mới bắt đầu.",
        "digital",
        "beginner",
        "8",
        "vi",
        "b",
    ),
    (
        "excel_adv",
        "Excel nâng cao cho kế toán",
        "Hàm tra cứu, bảng tổng hợp và báo cáo.",
        "digital",
        "advanced",
        "12",
        "vi",
        "b",
    ),
    ("handian", "Hán điển tra cứu", "Tra cứu chữ Hán cổ.", "general", "advanced", "1.5", "vi", "a"),
    (
        "firstaid",
        "Sơ cứu tại nơi làm việc",
        "Bổ trợ cho khóa an toàn lao động: xử lý tai nạn thường gặp.",
        "life_skills",
        "beginner",
        "2",
        "vi",
        "a",
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def backend_name(request):
    """Each contract test runs on the database backend, and on Elasticsearch when ELASTICSEARCH_URL is set."""
    name = request.param
    if name == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("set ELASTICSEARCH_URL to run the contract tests against Elasticsearch")
        prefix = f"test-{uuid.uuid4().hex[:8]}"
        with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_INDEX_PREFIX=prefix):
            yield name
            backend = get_backend()
            backend.client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)
    else:
        with override_settings(ELASTICSEARCH_URL=""):
            yield name


def make_search_provider(name, slug):
    provider = ProviderFactory(name=name, slug=slug)
    setup_provider(provider)
    return provider


@pytest.fixture(scope="module")
def _module_catalogue(django_db_setup, django_db_blocker, backend_name):
    """Built once per module and backend inside a transaction that is rolled back afterwards (tests only read)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_search_catalogue()
        transaction.set_rollback(True)


@pytest.fixture
def search_catalogue(_module_catalogue, db):
    """The fixture courses (plus a draft, an expired course and an open resource), indexed; returns {key: page}."""
    return _module_catalogue


def build_search_catalogue():
    get_catalogue()
    providers = {
        "a": make_search_provider("Trường Cao đẳng Kỹ thuật Công nghiệp", "cd-ky-thuat"),
        "b": make_search_provider("Trung tâm Giáo dục nghề nghiệp Hà Nội", "ttgdnn-ha-noi"),
    }
    pages = {}
    now = timezone.now()
    for position, (key, title, summary, area, lvl, hours, language, provider) in enumerate(COURSES):
        pages[key] = CoursePageFactory(
            parent=providers[provider].section,
            provider=providers[provider],
            title=title,
            summary=summary,
            learning_area=learning_area(area),
            level=level(lvl),
            duration_hours=Decimal(hours),
            language=language,
            first_published_at=now - timedelta(days=len(COURSES) - position),
        )
    pages["draft"] = CoursePageFactory(
        parent=providers["a"].section, provider=providers["a"], title="Kỹ năng số nâng cao (bản nháp)", live=False
    )
    pages["expired"] = CoursePageFactory(
        parent=providers["a"].section,
        provider=providers["a"],
        title="Kỹ năng số khóa cũ đã hết hạn",
        expire_at=now - timedelta(days=1),
    )
    pages["resource"] = OpenResourcePageFactory(
        parent=providers["b"].section, provider=providers["b"], title="Bộ luật Lao động 2019 (văn bản)"
    )
    rebuild_index()
    pages["providers"] = providers
    return pages
