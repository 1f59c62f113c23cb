"""The search page, the JSON API (CONTRACTS.md) and the autocomplete endpoint."""

import pytest


def test_api_search_shape_and_accent_insensitivity(client, search_catalogue):
    response = client.get("/api/catalogue/search", {"q": "ky nang so"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    first = body["results"][0]
    assert first["title"] == "Kỹ năng số cơ bản cho công nhân"
    assert first["learning_area"] == "digital" and first["level"] == "beginner" and first["provider"] == "cd-ky-thuat"
    assert {"learning_area", "level", "provider"} <= set(body["facets"])
    assert body["facets"]["learning_area"][0].keys() == {"key", "label", "count"}


def test_api_search_filters(client, search_catalogue):
    body = client.get("/api/catalogue/search", {"learning_area": "digital", "level": "advanced"}).json()
    assert [r["title"] for r in body["results"]] == ["Excel nâng cao cho kế toán"]
    assert body["count"] == 1


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "0"}, {"sort": "nope"}, {"q": "a" * 300}])
def test_api_search_bad_input_is_a_400_with_an_error(client, search_catalogue, params):
    response = client.get("/api/catalogue/search", params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_api_search_rejects_post(client, db):
    assert client.post("/api/catalogue/search").status_code == 405


def test_autocomplete(client, search_catalogue):
    body = client.get("/api/catalogue/autocomplete", {"q": "han di"}).json()
    assert body["suggestions"][0]["title"] == "Hàn điện cơ bản"
    assert body["suggestions"][0]["url"] == search_catalogue["welding"].url
    assert client.get("/api/catalogue/autocomplete").json() == {"suggestions": []}
    response = client.get("/api/catalogue/autocomplete", {"q": "a" * 101})
    assert response.status_code == 400 and response.json()["error"]


def test_search_page(client, search_catalogue):
    response = client.get("/search/", {"q": "han dien"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hàn điện cơ bản" in html
    assert 'data-facet="learning_area"' in html
    assert "search/autocomplete.js" in html


def test_search_page_facet_links_toggle(client, search_catalogue):
    html = client.get("/search/", {"q": "excel", "level": "advanced"}).content.decode()
    assert "Excel nâng cao cho kế toán" in html
    assert "Excel cơ bản</a>" not in html
    assert 'href="?q=excel"' in html  # the selected level's link clears it


def test_search_page_bad_page_is_a_400_page(client, search_catalogue):
    response = client.get("/search/", {"q": "excel", "page": "abc"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_search_page_without_query_lists_courses(client, search_catalogue):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Sơ cứu tại nơi làm việc" in response.content.decode()


def test_search_page_says_what_it_understood_and_links_to_the_literal_text(client, search_catalogue):
    response = client.get("/search/", {"q": "hanf ddieenj"})
    page = response.content.decode()
    assert "Results for: <strong>hàn điện</strong>" in page
    assert "?q=hanf+ddieenj&amp;literal=1" in page
    assert "Hàn điện cơ bản" in page
    literal = client.get("/search/", {"q": "hanf ddieenj", "literal": "1"}).content.decode()
    assert "Results for:" not in literal
    assert 'name="literal"' not in literal  # a new search from the box is understood again


def test_search_page_expands_abbreviations(client, search_catalogue):
    page = client.get("/search/", {"q": "ATVSLĐ"}).content.decode()
    assert "Results for: <strong>an toàn vệ sinh lao động</strong>" in page
    assert "An toàn lao động trong xưởng cơ khí" in page


def test_search_page_without_understanding_shows_no_line(client, search_catalogue):
    assert "Results for:" not in client.get("/search/", {"q": "giao tiep"}).content.decode()
    # The vocabulary's own words typed without diacritics: nothing to say beyond the diacritics.
    assert "Results for:" not in client.get("/search/", {"q": "han dien"}).content.decode()


def test_api_reports_what_it_understood(client, search_catalogue):
    body = client.get("/api/catalogue/search", {"q": "sow cuwus"}).json()
    assert body["understood"] == "sơ cứu (sơ cấp cứu)"
    assert body["results"][0]["title"] == "Sơ cứu tại nơi làm việc"
    assert client.get("/api/catalogue/search", {"q": "so cuu", "literal": "1"}).json()["understood"] is None
    assert client.get("/api/catalogue/search", {"q": "excel"}).json()["understood"] == "excel (bảng tính)"


def test_autocomplete_uses_the_same_understanding(client, search_catalogue):
    titles = [s["title"] for s in client.get("/api/catalogue/autocomplete", {"q": "hanf ddi"}).json()["suggestions"]]
    assert titles[0] == "Hàn điện cơ bản"
    titles = [s["title"] for s in client.get("/api/catalogue/autocomplete", {"q": "ATLĐ"}).json()["suggestions"]]
    assert "An toàn lao động trong xưởng cơ khí" in titles
