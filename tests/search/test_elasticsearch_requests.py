"""The Elasticsearch backend's mapping, analyzers and request bodies, asserted without a server."""

import pytest
from django.test import override_settings

from search.backends import get_backend
from search.backends.base import SearchQuery
from search.backends.elasticsearch import CatalogueDocument, ElasticsearchBackend

UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def es():
    return ElasticsearchBackend(UNREACHABLE, prefix="test")


def test_index_settings_fold_vietnamese_and_keep_the_original():
    body = CatalogueDocument._index.to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["vi_folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "vi_ascii"],
    }
    assert analysis["filter"]["vi_ascii"] == {"type": "asciifolding", "preserve_original": True}
    assert analysis["analyzer"]["vi_exact"]["filter"] == ["lowercase"]
    assert analysis["normalizer"]["vi_sort"]["filter"] == ["lowercase", "asciifolding"]


def test_mapping():
    properties = CatalogueDocument._index.to_dict()["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "vi_folded"
    assert properties["title"]["fields"]["exact"] == {"type": "text", "analyzer": "vi_exact"}
    assert properties["title"]["copy_to"] == "content"
    for facet in ("learning_area", "level", "provider", "language", "kind", "path"):
        assert properties[facet] == {"type": "keyword"}
    assert properties["duration_hours"] == {"type": "float"}
    assert properties["suggest"]["type"] == "completion"
    assert properties["url"] == {"type": "keyword", "index": False}


def test_backend_index_uses_the_prefix(es):
    assert es.alias == "test-catalogue"
    name = es.new_index_name()
    assert name.startswith("test-catalogue-")
    assert es.index_definition(name, rules=[]).to_dict()["mappings"] == CatalogueDocument._index.to_dict()["mappings"]


def test_search_body_query_fuzziness_boosts_and_live_filter(es):
    body = es.build_search(SearchQuery(text="an toan lao dogn"))._s.to_dict()
    must = body["query"]["bool"]["must"][0]["bool"]["should"]
    multi = must[0]["multi_match"]
    assert multi["fuzziness"] == "AUTO"
    assert multi["operator"] == "and"
    assert multi["fields"][0] == "title^4"
    assert must[1] == {"match_bool_prefix": {"content": {"query": "an toan lao dogn", "operator": "and"}}}
    boosts = body["query"]["bool"]["should"]
    assert boosts[0] == {"match_phrase": {"title.exact": {"query": "an toan lao dogn", "boost": 6}}}
    expiry = body["query"]["bool"]["filter"][0]["bool"]["should"]
    assert {"range": {"expire_at": {"gt": "now"}}} in expiry
    assert body["sort"][0] == "_score"
    assert body["track_total_hits"] is True
    assert body["highlight"]["fields"].keys() == {"title", "summary"}
    assert body["highlight"]["pre_tags"] == ["<mark>"]


def test_search_body_facets_are_disjunctive(es):
    query = SearchQuery(
        text="excel", filters={"level": "advanced", "learning_area": "digital", "kind": "course"}, page=2
    )
    body = es.build_search(query)._s.to_dict()
    post = body["post_filter"]["bool"]["must"]
    assert {"terms": {"level": ["advanced"]}} in post and {"terms": {"learning_area": ["digital"]}} in post
    # The level facet is counted without the level filter, with the learning-area filter.
    assert body["aggs"]["_filter_level"]["filter"] == {"terms": {"learning_area": ["digital"]}}
    assert body["aggs"]["_filter_level"]["aggs"]["level"] == {"terms": {"field": "level", "size": 10}}
    ranges = body["aggs"]["_filter_duration"]["aggs"]["duration"]["range"]["ranges"]
    assert ranges[0] == {"key": "short", "to": 2.0}
    assert {"term": {"kind": "course"}} in body["query"]["bool"]["filter"]
    assert body["from"] == 20 and body["size"] == 20


def test_search_body_without_text_sorts_newest_and_within_subtree(es):
    body = es.build_search(SearchQuery(within="00010001"))._s.to_dict()
    assert "must" not in body["query"]["bool"]
    assert body["sort"] == [{"published_at": {"order": "desc", "missing": "_last"}}]
    assert {"prefix": {"path": "00010001"}} in body["query"]["bool"]["filter"]


def test_or_fallback_body(es):
    body = es.build_search(SearchQuery(text="excel cho nguoi moi"), operator="or")._s.to_dict()
    assert body["query"]["bool"]["must"][0]["bool"]["should"][0]["multi_match"]["operator"] == "or"


def test_suggest_body(es):
    body = es.build_suggest("ky na", limit=5).to_dict()
    completion = body["suggest"]["titles"]["completion"]
    assert body["suggest"]["titles"]["prefix"] == "ky na"
    assert completion["field"] == "suggest" and completion["size"] == 5 and completion["skip_duplicates"] is True
    assert completion["fuzzy"]["fuzziness"] == "AUTO"


def test_alias_swap_is_one_atomic_action_list(es):
    actions = es.alias_swap_actions("test-catalogue-2", ["test-catalogue-1"])
    assert actions == [
        {"add": {"index": "test-catalogue-2", "alias": "test-catalogue"}},
        {"remove": {"index": "test-catalogue-1", "alias": "test-catalogue"}},
    ]


def test_document_from_record_builds_suggest_inputs():
    record = {
        "id": 7,
        "kind": "course",
        "path": "0001",
        "url": "/khoa-hoc/x/",
        "title": "Kỹ năng số cơ bản",
        "summary": "",
        "body": "",
        "tags": [],
        "learning_area": "digital",
        "learning_area_label": "",
        "level": "beginner",
        "provider": "p",
        "provider_name": "P",
        "language": "vi",
        "duration_hours": 6.0,
        "published_at": None,
        "expire_at": None,
    }
    doc = CatalogueDocument.from_record(record)
    assert doc.meta.id == 7
    assert doc.title_sort == "ky nang so co ban"
    assert doc.suggest["input"][:2] == ["Kỹ năng số cơ bản", "năng số cơ bản"]


def test_unreachable_cluster_reports_an_error_string(es):
    assert es.health().startswith("error: ")


@pytest.mark.django_db
def test_setting_the_url_switches_backend_and_healthz_reports_it(client):
    with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
        assert get_backend().name == "elasticsearch"
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["search"].startswith("error: ")
    with override_settings(ELASTICSEARCH_URL=""):
        assert get_backend().name == "database"
        assert client.get("/healthz").json() == {"database": "ok", "search": "ok"}


RULES = ["an toan ve sinh lao dong, an toan lao dong, atvsld", "so cap cuu, so cuu"]


def test_search_analyzer_carries_the_vocabulary_as_a_synonym_graph(es):
    body = es.index_definition("test-catalogue-1", rules=RULES).to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["vi_search"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "vi_synonyms"],
    }
    assert analysis["filter"]["vi_synonyms"] == {
        "type": "synonym_graph",
        "synonyms": RULES,
        "expand": True,
        "lenient": True,
    }
    assert analysis["analyzer"]["vi_literal"]["filter"] == ["lowercase", "asciifolding"]
    # The index analyzer stays synonym-free: synonyms apply at search time only.
    assert analysis["analyzer"]["vi_folded"]["filter"] == ["lowercase", "vi_ascii"]
    properties = body["mappings"]["properties"]
    for name in ("title", "summary", "body", "tags", "content"):
        assert properties[name]["search_analyzer"] == "vi_search", name
    assert "search_analyzer" not in properties["title"]["fields"]["exact"]


def test_without_rules_the_search_analyzer_only_folds(es):
    analysis = es.index_definition("test-catalogue-1", rules=[]).to_dict()["settings"]["analysis"]
    assert analysis["analyzer"]["vi_search"]["filter"] == ["lowercase", "asciifolding"]
    assert "vi_synonyms" not in analysis.get("filter", {})


@pytest.mark.django_db
def test_new_indexes_get_the_current_vocabulary(es):
    rules = es.index_definition("test-catalogue-1").to_dict()["settings"]["analysis"]["filter"]["vi_synonyms"]
    assert any(rule.startswith("phong chay chua chay, ") and "pccc" in rule for rule in rules["synonyms"])


def test_telex_is_decoded_before_the_request_and_the_literal_text_kept(es):
    body = es.build_search(SearchQuery(text="hanf ddieenj"))._s.to_dict()
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert [clause["multi_match"]["query"] for clause in should if "multi_match" in clause] == [
        "hàn điện",
        "hanf ddieenj",
    ]
    assert body["query"]["bool"]["should"][0] == {"match_phrase": {"title.exact": {"query": "hàn điện", "boost": 6}}}


def test_literal_search_body_skips_the_synonyms(es):
    body = es.build_search(SearchQuery(text="ATVSLĐ", literal=True))._s.to_dict()
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert should[0]["multi_match"]["analyzer"] == "vi_literal"
    assert should[1]["match_bool_prefix"]["content"]["analyzer"] == "vi_literal"
    plain = es.build_search(SearchQuery(text="ATVSLĐ"))._s.to_dict()
    assert "analyzer" not in plain["query"]["bool"]["must"][0]["bool"]["should"][0]["multi_match"]


@pytest.mark.django_db
def test_a_vocabulary_change_rebuilds_the_elasticsearch_index_once_per_transaction(
    django_capture_on_commit_callbacks,
):
    from search.models import Synonym
    from search.understanding import vocabulary_changed

    with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
        with django_capture_on_commit_callbacks() as callbacks:
            Synonym.objects.create(term="máy xúc", synonyms="máy đào")
            Synonym.objects.create(term="máy ủi", synonyms="xe ủi")
    vocabulary_changed()
    rebuilds = [callback for callback in callbacks if getattr(callback, "search_rebuild", False)]
    assert len(rebuilds) == 1
