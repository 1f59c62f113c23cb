"""One contract for every backend: database (SQLite and PostgreSQL) always, Elasticsearch when ELASTICSEARCH_URL is set."""

import pytest

from search.backends import get_backend
from search.backends.base import SearchError, SearchQuery
from search.services import search, search_params, suggest


def titles(results):
    return [hit.title for hit in results.hits]


def top(q, n=3, **params):
    return titles(search_params({"q": q, **params}))[:n]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("ky nang so", "Kỹ năng số cơ bản cho công nhân"),
        ("kỹ năng số", "Kỹ năng số cơ bản cho công nhân"),
        ("KY NANG SO", "Kỹ năng số cơ bản cho công nhân"),
        ("han dien", "Hàn điện cơ bản"),
        ("luat lao dong", "Luật lao động cho người lao động"),
        ("tieng anh", "Tiếng Anh giao tiếp tại nơi làm việc"),
        ("excel co ban", "Excel cơ bản"),
        ("Đồng nghiệp", "Tiếng Anh giao tiếp tại nơi làm việc"),
    ],
)
def test_accent_and_case_insensitive(search_catalogue, q, expected):
    assert expected in top(q)


def test_folds_letters_with_two_marks_and_d_stroke(search_catalogue):
    # SQLite FTS5 alone misses these: "lao dong" must find "lao động", "nguoi" must find "người".
    assert "Luật lao động cho người lao động" in top("lao dong nguoi")


@pytest.mark.parametrize(
    "q, expected",
    [
        ("an toan lao dogn", "An toàn lao động trong xưởng cơ khí"),
        ("excell", "Excel cơ bản"),
        ("tieng anhh", "Tiếng Anh giao tiếp tại nơi làm việc"),
        ("giao tiepp", "Tiếng Anh giao tiếp tại nơi làm việc"),
    ],
)
def test_tolerates_one_typo_in_longer_words(search_catalogue, q, expected):
    assert top(q)[0] == expected


def test_title_matches_rank_above_body_matches(search_catalogue):
    results = top("an toan lao dong", n=10)
    assert results[0] == "An toàn lao động trong xưởng cơ khí"
    assert "Sơ cứu tại nơi làm việc" in results  # mentions the phrase in its summary only


def test_exact_diacritics_rank_above_folded_matches(search_catalogue):
    assert top("hàn điện", n=2) == ["Hàn điện cơ bản", "Hán điển tra cứu"]
    assert top("hán điển", n=2) == ["Hán điển tra cứu", "Hàn điện cơ bản"]


def test_only_published_and_current_pages(search_catalogue):
    found = top("ky nang so", n=20)
    assert "Kỹ năng số nâng cao (bản nháp)" not in found
    assert "Kỹ năng số khóa cũ đã hết hạn" not in found


def test_open_resources_are_found_and_can_be_left_out(search_catalogue):
    assert "Bộ luật Lao động 2019 (văn bản)" in top("bo luat lao dong")
    assert "Bộ luật Lao động 2019 (văn bản)" not in top("bo luat lao dong", n=20, kind="course")


def test_no_match_gives_empty_results(search_catalogue):
    results = search_params({"q": "zzzqqq xxxyyy"})
    assert results.count == 0
    assert results.hits == []


def test_words_not_all_present_fall_back_to_any_word(search_catalogue):
    assert top("khoa hoc excel cho nguoi moi bat dau")[0] == "Excel cơ bản"


def test_filters_and_facet_counts(search_catalogue):
    results = search_params({"learning_area": "digital"})
    assert results.count == 3
    assert sorted(titles(results)) == ["Excel cơ bản", "Excel nâng cao cho kế toán", "Kỹ năng số cơ bản cho công nhân"]
    facets = {name: {v.key: v.count for v in values} for name, values in results.facets.items()}
    # A facet counts with the other filters applied, not its own: every area still shows its count.
    assert facets["learning_area"]["vocational"] == 2
    assert facets["learning_area"]["digital"] == 3
    assert facets["level"] == {"beginner": 2, "intermediate": 0, "advanced": 1}
    assert facets["provider"] == {"ttgdnn-ha-noi": 2, "cd-ky-thuat": 1}
    assert facets["duration"] == {"short": 0, "medium": 1, "long": 2, "extended": 0}
    selected = [v.key for v in results.facets["learning_area"] if v.selected]
    assert selected == ["digital"]


def test_filters_combine_with_text(search_catalogue):
    results = search_params({"q": "excel", "level": "advanced"})
    assert titles(results) == ["Excel nâng cao cho kế toán"]
    levels = {v.key: v.count for v in results.facets["level"]}
    assert levels == {"beginner": 1, "intermediate": 0, "advanced": 1}
    assert search_params({"q": "excel", "provider": "cd-ky-thuat"}).count == 0
    assert search_params({"language": "en"}).count == 1
    assert search_params({"duration": "extended"}).hits[0].title == "Hàn điện cơ bản"


def test_unknown_filter_value_matches_nothing(search_catalogue):
    assert search_params({"learning_area": "no-such-area"}).count == 0
    assert search_params({"duration": "forever"}).count == 0


def test_sorts(search_catalogue):
    shortest = titles(search_params({"kind": "course", "sort": "shortest"}))
    assert shortest[0] == "Hán điển tra cứu"
    longest = titles(search_params({"kind": "course", "sort": "longest"}))
    assert longest[0] == "Hàn điện cơ bản"
    newest = titles(search_params({"kind": "course", "sort": "newest"}))
    assert newest[0] == "Sơ cứu tại nơi làm việc"
    by_title = titles(search_params({"kind": "course", "sort": "title"}))
    assert by_title[:2] == ["An toàn lao động trong xưởng cơ khí", "Excel cơ bản"]


def test_pagination(search_catalogue):
    first = search(SearchQuery(filters={"kind": "course"}, sort="title", per_page=4, page=1))
    third = search(SearchQuery(filters={"kind": "course"}, sort="title", per_page=4, page=3))
    assert first.count == third.count == 9
    assert first.num_pages == 3
    assert len(first.hits) == 4 and len(third.hits) == 1
    beyond = search(SearchQuery(filters={"kind": "course"}, per_page=4, page=9))
    assert beyond.hits == [] and beyond.count == 9


def test_within_limits_to_a_subtree(search_catalogue):
    section = search_catalogue["providers"]["b"].section
    results = search(SearchQuery(within=section.path))
    assert results.count == 5  # law, english, excel x2 and the open resource
    assert all(hit.provider == "ttgdnn-ha-noi" for hit in results.hits)


def test_result_shape(search_catalogue):
    body = search_params({"q": "excel"}).to_dict()
    assert set(body) >= {"count", "results", "facets"}
    hit = body["results"][0]
    assert set(hit) >= {"id", "title", "url", "summary", "learning_area", "level", "provider", "duration_hours"}
    assert hit["url"].startswith("/khoa-hoc/")
    assert hit["duration_hours"] == 8.0
    assert set(body["facets"]) >= {"learning_area", "level", "provider"}
    assert set(body["facets"]["level"][0]) == {"key", "label", "count"}


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"sort": "cheapest"}, {"q": "x" * 201}],
)
def test_bad_requests_raise_search_error(search_catalogue, params):
    with pytest.raises(SearchError):
        search_params(params)


def test_suggestions_complete_folded_prefixes(search_catalogue):
    assert [s.title for s in suggest("ky na")][:1] == ["Kỹ năng số cơ bản cho công nhân"]
    assert {s.title for s in suggest("exc")} == {"Excel cơ bản", "Excel nâng cao cho kế toán"}
    assert suggest("") == []
    suggestion = suggest("han di")[0]
    assert suggestion.url == search_catalogue["welding"].url


def test_health_is_ok(search_catalogue):
    assert get_backend().health() == "ok"
