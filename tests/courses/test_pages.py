"""Rendering every course page type: status, key content, JSON-LD, Open Graph, sitemap."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.rich_text import RichText

from cms.models import CustomDocument, CustomImage
from courses.models import CourseDigitalCompetence, DigitalCompetence
from tests.factories import LessonPageFactory, ModulePageFactory, OpenResourcePageFactory

pytestmark = pytest.mark.django_db


def make_image(title="Ảnh bìa", width=800, height=450, **kwargs):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 90, 150)).save(buffer, "JPEG")
    return CustomImage.objects.create(title=title, file=ContentFile(buffer.getvalue(), name="anh.jpg"), **kwargs)


def make_document(title="Tài liệu", name="tai-lieu.pdf", content=b"%PDF-1.4 test"):
    return CustomDocument.objects.create(title=title, file=ContentFile(content, name=name))


def json_ld_of(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script"
    return json.loads(match.group(1))


@pytest.fixture
def full_course(make_course):
    course = make_course(
        title="Kỹ năng số cho công nhân",
        summary="Dùng điện thoại an toàn <trong> công việc.",
        cover_image=make_image(),
        outcomes="Nhận biết tin nhắn lừa đảo\n\nĐặt mật khẩu mạnh\n",
        prerequisites="<p>Biết dùng điện thoại thông minh</p>",
        description=[
            ("heading", "Giới thiệu"),
            ("paragraph", RichText("<p>Khóa học ngắn gọn cho người lao động.</p>")),
        ],
    )
    course.tags.add("an toàn mạng")
    CourseDigitalCompetence.objects.create(
        course=course, competence=DigitalCompetence.objects.get(code="4.2"), level="intermediate"
    )
    course.save_revision().publish()
    module = ModulePageFactory(parent=course, title="Chương 1: Mật khẩu", intro="Mật khẩu và xác thực.")
    LessonPageFactory(parent=module, title="Bài 1: Mật khẩu mạnh")
    LessonPageFactory(parent=module, title="Bài 2: Xác thực hai lớp")
    LessonPageFactory(parent=course, title="Bài 3: Tin nhắn lừa đảo")
    return course


def test_course_page_shows_facts_outcomes_competences_and_lessons(client, full_course):
    response = client.get(full_course.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Kỹ năng số cho công nhân",
        "Nhận biết tin nhắn lừa đảo",
        "Đặt mật khẩu mạnh",
        "Biết dùng điện thoại thông minh",
        "Khóa học ngắn gọn cho người lao động.",
        "4.2",
        "Bảo vệ dữ liệu cá nhân và quyền riêng tư",
        "Chương 1: Mật khẩu",
        "Bài 1: Mật khẩu mạnh",
        "Bài 3: Tin nhắn lừa đảo",
        "an toàn mạng",
        full_course.provider.name,
        full_course.provider.section.url,
    ):
        assert text in html, text
    # The summary is escaped, not injected.
    assert "&lt;trong&gt;" in html
    # Module lessons are listed before the lesson that follows the module (tree order).
    assert html.index("Bài 1: Mật khẩu mạnh") < html.index("Bài 2: Xác thực hai lớp") < html.index("Bài 3")


def test_course_page_json_ld_is_a_course(client, full_course):
    html = client.get(full_course.url).content.decode()
    data = json_ld_of(html)
    assert data["@type"] == "Course"
    assert data["name"] == "Kỹ năng số cho công nhân"
    assert data["provider"]["name"] == full_course.provider.name
    assert data["teaches"] == ["Nhận biết tin nhắn lừa đảo", "Đặt mật khẩu mạnh"]


def test_json_ld_cannot_close_the_script_element(client, make_course):
    course = make_course(title="Bài </script><script>alert(1)</script>", summary="x")
    html = client.get(course.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script
    assert json.loads(script)["name"] == "Bài </script><script>alert(1)</script>"


def test_course_page_open_graph_and_canonical(client, full_course):
    html = client.get(full_course.url).content.decode()
    assert '<meta property="og:title" content="Kỹ năng số cho công nhân">' in html
    assert 'property="og:description"' in html
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{full_course.full_url}">' in html
    assert re.search(r'<meta property="og:image" content="http://[^"]+\.jpg">', html)
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert f'<link rel="canonical" href="{full_course.full_url}">' in html


def test_course_page_cover_is_a_small_webp_with_dimensions(client, full_course):
    html = client.get(full_course.url).content.decode()
    img = re.search(r'<img[^>]*class="cover"[^>]*>', html).group(0)
    assert ".webp" in img and 'width="' in img and 'height="' in img and "srcset=" in img


def test_course_without_cover_or_extras_renders(client, make_course):
    course = make_course(title="Pháp luật lao động cơ bản")
    response = client.get(course.url)
    assert response.status_code == 200
    assert 'property="og:image"' not in response.content.decode()


def test_provider_page_lists_its_courses_and_resources(client, provider, make_course):
    make_course(title="Hàn điện cơ bản")
    OpenResourcePageFactory(parent=provider.section, title="Sổ tay an toàn", provider=provider)
    response = client.get(provider.section.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert provider.name in html and "Hàn điện cơ bản" in html and "Sổ tay an toàn" in html


def test_module_page_lists_its_lessons(client, full_course):
    module = full_course.modules.first()
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài 1: Mật khẩu mạnh" in html and "Bài 2: Xác thực hai lớp" in html
    assert "Bài 3: Tin nhắn lừa đảo" not in html
    assert full_course.url in html


def test_lesson_page_renders_every_block_and_links_neighbours(client, full_course):
    image = make_image(title="Sơ đồ", alt_text="Sơ đồ xác thực hai lớp", credit="Ảnh: Trường CĐ")
    video = make_document(title="Video bài giảng", name="bai-giang.mp4", content=b"\x00\x00\x00\x18ftypmp42")
    captions = make_document(
        title="Phụ đề", name="phu-de.vtt", content=b"WEBVTT\n\n00:00.000 --> 00:01.000\nXin chao\n"
    )
    handout = make_document(title="Phiếu bài tập", name="phieu.pdf")
    lesson = full_course.lessons[1]
    lesson.body = [
        ("heading", "Vì sao cần hai lớp"),
        ("paragraph", RichText("<p>Mật khẩu có thể bị lộ.</p>")),
        ("image", {"image": image, "caption": "Hai lớp bảo vệ"}),
        ("video", {"file": video, "captions": captions, "caption_language": "vi", "title": "Bài giảng", "embed": None}),
        ("document", {"document": handout, "description": "In ra để làm bài"}),
    ]
    lesson.save_revision().publish()
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vì sao cần hai lớp" in html and "Mật khẩu có thể bị lộ." in html
    assert 'alt="Sơ đồ xác thực hai lớp"' in html and "Ảnh: Trường CĐ" in html and "Hai lớp bảo vệ" in html
    assert '<video controls preload="none"' in html
    assert re.search(r'<track kind="captions" src="[^"]+phu-de\.vtt" srclang="vi"', html)
    assert "Phiếu bài tập" in html and "In ra để làm bài" in html and handout.url in html
    # Breadcrumb to the course, previous and next lessons, the lesson list.
    lessons = list(full_course.lessons)
    assert full_course.url in html
    assert f'href="{lessons[0].url}" rel="prev"' in html
    assert f'href="{lessons[2].url}" rel="next"' in html
    assert 'aria-current="page">Bài 2: Xác thực hai lớp' in html


def test_first_lesson_has_no_previous_link(client, full_course):
    html = client.get(full_course.lessons[0].url).content.decode()
    assert 'rel="prev"' not in html and 'rel="next"' in html


def test_open_resource_page_shows_licence_author_and_attribution(client, provider):
    handout = make_document(title="Bộ luật lao động tóm tắt", name="bo-luat.pdf")
    resource = OpenResourcePageFactory(
        parent=provider.section,
        title="Tóm tắt Bộ luật Lao động 2019",
        resource_file=handout,
        resource_url="",
        licence="cc-by-sa-4.0",
        author="Nguyễn Văn An",
        attribution="Nguyễn Văn An, Trường CĐ Kỹ thuật, CC BY-SA 4.0",
    )
    response = client.get(resource.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn An, Trường CĐ Kỹ thuật, CC BY-SA 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener">CC BY-SA 4.0' in html
    assert handout.url in html


def test_open_resource_link_with_default_attribution(client, catalogue):
    resource = OpenResourcePageFactory(parent=catalogue, title="Sổ tay kỹ năng sống", licence="cc0-1.0")
    html = client.get(resource.url).content.decode()
    assert "“Sổ tay kỹ năng sống”, Bộ Lao động - Thương binh và Xã hội, CC0 1.0" in html
    assert 'href="https://example.org/tai-lieu.pdf"' in html


def test_sitemap_lists_courses(client, full_course):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert f"<loc>{full_course.full_url}</loc>" in response.content.decode()


def test_unpublished_course_is_not_in_the_sitemap_or_served(client, make_course):
    course = make_course(title="Bản nháp")
    course.unpublish()
    assert course.full_url not in client.get("/sitemap.xml").content.decode()
    assert client.get(course.url).status_code == 404
