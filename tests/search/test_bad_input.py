"""Hostile paging and NUL characters on the search page, its API and the catalogue: 4xx answers, never a 500."""

import pytest


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 is what an attacker would see: assert on it, not on a traceback
    return client


HUGE = "999999999999999999999"


def test_a_page_beyond_any_result_window_is_a_400_on_the_api(client, course):
    for page in (HUGE, "9223372036854775808", "501"):
        response = client.get(f"/api/catalogue/search?page={page}")
        assert response.status_code == 400, page
        assert "first 10000 results" in response.json()["error"]
    assert client.get("/api/catalogue/search?page=500").status_code == 200  # 500 x 20 = the whole window


def test_a_page_beyond_any_result_window_is_a_400_on_the_search_page(client, course):
    response = client.get(f"/search/?q=an+toan&page={HUGE}")
    assert response.status_code == 400
    assert b"first 10000 results" in response.content


def test_the_catalogue_shows_its_last_page_for_a_huge_page_number(client, course):
    catalogue = course.get_parent().get_parent()
    response = client.get(f"{catalogue.url}?page={HUGE}")
    assert response.status_code == 200
    assert course.title in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=an%00toan", "provider=%00", "learning_area=x%00", "%00=1", "sort=%00"])
def test_nul_in_the_search_api_is_a_json_400(client, course, query):
    response = client.get(f"/api/catalogue/search?{query}")
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]


def test_nul_in_the_search_page_and_autocomplete(client, course):
    response = client.get("/search/?q=k%00y&level=%00")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert client.get("/api/catalogue/autocomplete?q=ky%00").status_code == 400


def test_nul_in_wagtail_page_api_search(client, course):
    response = client.get("/api/v2/pages/?search=an%00toan")
    assert response.status_code == 400
    assert response.json()["error"]
