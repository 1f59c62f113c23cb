"""Wagtail API v2 serves pages (with course fields), images and documents."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage

from cms.models import CustomImage


def test_pages_api_lists_courses_with_catalogue_fields(client, course):
    response = client.get("/api/v2/pages/", {"type": "courses.CoursePage", "fields": "*"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == [course.title]
    item = items[0]
    assert item["learning_area_code"] == "vocational"
    assert item["level_code"] == "beginner"
    assert item["provider_name"] == course.provider.name
    assert item["duration_hours"] == "4.0"


def test_pages_api_hides_drafts(client, make_course):
    draft = make_course(title="Khóa học nháp", live=False)
    response = client.get("/api/v2/pages/", {"type": "courses.CoursePage"})
    assert draft.title not in [item["title"] for item in response.json()["items"]]


def test_images_and_documents_endpoints(client, db):
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    image = CustomImage.objects.create(
        title="Xưởng hàn", alt_text="Công nhân hàn trong xưởng", file=ImageFile(buffer, name="xuong.png")
    )
    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    assert response.json()["items"][0]["id"] == image.id
    assert client.get("/api/v2/documents/").status_code == 200


def test_api_bad_filter_is_a_clear_4xx(client, db):
    response = client.get("/api/v2/pages/", {"type": "nope.Nothing"})
    assert response.status_code == 400
    assert "type" in response.json()["error"]
