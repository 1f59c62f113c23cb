"""The server errors the fuzz suites found, each tried once more as an attacker would (issue 13)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning import services
from learning.importer import validate
from tests.learning.conftest import lesson, quiz_block

from .conftest import client_for


@pytest.fixture
def hr_api(world):
    client = client_for(world, "anonymous")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.token_key}"
    return client


def test_nul_in_hr_lists_is_a_400(world):
    client = client_for(world, "hr")
    org = world.enterprise.pk
    for url in (f"/hr/{org}/workers/?q=Nguy%00n", f"/hr/{org}/completions/?status=%00", f"/hr/{org}/enrol/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert b"NUL" in response.content


def test_nul_in_the_hr_api_is_a_json_400(world, hr_api):
    for url in ("/api/hr/workers?q=%00", "/api/hr/completions?learning_area=a%00", "/api/hr/certificates?%00=1"):
        response = hr_api.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.json()["error"]
    # A JSON body is not a form: the API checks its own fields.
    url = f"/api/hr/completions/{world.completion.pk}/reject"
    response = hr_api.post(url, json.dumps({"comment": "sai\u0000tên"}), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_nul_in_a_form_post_is_a_400(world):
    client = client_for(world, "anonymous")
    response = client.post("/accounts/login/", {"username": "hoc@example.vn\x00", "password": "x"})
    assert response.status_code == 400
    response = client.post("/accounts/signup/", {"full_name": "A\x00", "password1": "x", "password2": "x"})
    assert response.status_code == 400


def test_an_unknown_api_address_answers_json(world):
    client = client_for(world, "anonymous")
    for response in (client.get("/api/hr/completions/abc/confirm"), client.post("/api/nothing/here")):
        assert response.status_code == 404
        assert response.json()["error"]


def test_signup_with_a_numeric_next_redirects_a_signed_in_learner(world):
    response = client_for(world, "learner").get("/accounts/signup/?next=12345")
    assert response.status_code == 302 and response["Location"] == "12345"


def test_pages_without_a_wagtail_page_render(world):
    client = client_for(world, "anonymous")
    for url in ("/accounts/password-reset/sent/", "/accounts/password-reset/done/"):
        assert client.get(url).status_code == 200, url


def test_admin_lists_with_junk_parameters(world):
    client = client_for(world, "admin")
    for lesson_id in ("abc", "99999999999999999999", "²"):
        assert client.get(f"/admin/learning_attendance/?lesson={lesson_id}").status_code == 200, lesson_id
    response = client.get("/admin/snippets/courses/provider/?q=k%E1%BB%B9")
    assert response.status_code == 200


def test_bulk_verification_file_with_nul(world):
    client = client_for(world, "hr")
    text = f"serial,name\n{world.certificate.serial},Nguy\x00n\nAB\x00CD,x\n\x00,\x00\n"
    response = client.post("/verify/bulk/", {"file": SimpleUploadedFile("s.csv", text.encode(), "text/csv")})
    assert response.status_code < 500


def test_nul_in_the_path_is_a_400(world):
    client = client_for(world, "anonymous")
    assert client.get("/khoa-hoc/cd%00ky-thuat/").status_code == 400
    assert client.get("/verify/ABC%00DE/").status_code == 400
    response = client.get("/api/certificates/AB%00C")
    assert response.status_code == 400 and response.json()["error"]


def test_wagtail_api_offset_and_search_operator(world):
    client = client_for(world, "anonymous")
    for url in (
        "/api/v2/pages/?offset=999999999999999999999",
        "/api/v2/images/?offset=9223372036854775807",
        "/api/v2/pages/?search=an+toan&search_operator=xor",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/documents/find/?id=-1",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["error"]
    assert client.get("/api/v2/pages/?offset=1&search=an+toan&search_operator=or").status_code == 200


def test_lesson_progress_with_infinite_seconds(world):
    response = client_for(world, "learner").post(
        f"/lessons/{world.lesson.pk}/progress", '{"viewed": true, "seconds": 1e999}', content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]


def test_ids_that_are_not_ascii_digits_or_past_a_bigint(world):
    hr = client_for(world, "hr")
    org = world.enterprise.pk
    for query in ("unit=%C2%B2", "after=%C2%B2", "before=99999999999999999999", "last=1&after=-1"):
        assert hr.get(f"/hr/{org}/workers/?{query}").status_code == 200, query
    assert hr.get(f"/hr/{org}/workers/export.csv?unit=%C2%B2").status_code == 200
    response = hr.post(f"/hr/{org}/completions/confirm/", {"completion": ["²", "99999999999999999999"]})
    assert response.status_code == 302


def test_a_next_that_is_no_path_falls_back_to_the_list(world):
    hr = client_for(world, "hr")
    org = world.enterprise.pk
    response = hr.post(f"/hr/{org}/completions/{world.completion.pk}/review/", {"status": "x", "next": "12345"})
    assert response.status_code == 302 and response["Location"] == f"/hr/{org}/completions/"


def test_a_form_sent_to_a_json_endpoint_is_a_400(world):
    learner = client_for(world, "learner")
    response = learner.post(f"/lessons/{world.lesson.pk}/progress", {"viewed": "1"})  # multipart, not JSON
    assert response.status_code == 400


def test_quiz_answers_and_imported_course_ids_in_unicode_digits(world):
    quiz_lesson = lesson(world.course, [quiz_block()])
    result = services.grade_quiz(world.learner, quiz_lesson, "quiz-1", {"0": ["²"], "1": ["1"]})
    assert result is not None
    _valid, errors = validate([(2, {"learner": "hoc@example.vn", "course": "²", "completed_on": "2025-03-01"})], "x")
    assert [line for line, _message in errors] == [2]


def test_ids_past_64_bits_in_forms_and_admin_lists(world):
    # SQLite raises OverflowError binding them (PostgreSQL finds no row): a 400 or an ordinary answer, never a 500.
    hr = client_for(world, "hr")
    response = hr.post(f"/hr/{world.enterprise.pk}/enrol/", {"course": "999999999999999999999"})
    assert response.status_code in (200, 400)
    admin = client_for(world, "admin")
    for url in ("/admin/pages/?site=999999999999999999999", "/admin/forms/?site=999999999999999999999"):
        assert admin.get(url).status_code < 500, url
