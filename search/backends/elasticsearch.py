"""The Elasticsearch backend for large deployments, built on elasticsearch.dsl (elasticsearch-dsl 8.18+).

One Document for courses and open resources, a Vietnamese-aware analyzer (lowercase + ASCII folding that keeps
the original token, plus an exact sub-field), a FacetedSearch for the catalogue's facets, highlighting, a
completion suggester, and zero-downtime rebuilds: write a new timestamped index, then swap the alias.

Query understanding (search.understanding): telex/VNI words are decoded before the query is sent (the literal text
is searched too); abbreviations and synonyms are expanded by the search analyzer `vi_search`, whose synonym_graph
filter is built from the editors' vocabulary when an index is created. A vocabulary change rebuilds the index
(a new index, then the alias swap); `literal` searches use `vi_literal`, the same analyzer without synonyms.
"""

from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    FacetedSearch,
    Float,
    Keyword,
    Q,
    RangeFacet,
    Search,
    TermsFacet,
    Text,
    analyzer,
    normalizer,
    token_filter,
)
from elasticsearch.helpers import bulk

from courses.models import DURATION_BANDS

from .. import conf
from ..folding import fold
from .base import FACETS, BaseSearchBackend, Hit, SearchResults, Suggestion

vi_ascii = token_filter("vi_ascii", "asciifolding", preserve_original=True)
# Folded words for matching ("ky nang so" finds "kỹ năng số"), the original kept beside each folded token.
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", vi_ascii])
# Diacritics kept: an exact "hàn điện" outranks "hân diện".
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_suggest = analyzer("vi_suggest", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_sort = normalizer("vi_sort", filter=["lowercase", "asciifolding"])
# Search-time analyzers, defined per index by ElasticsearchBackend.index_definition (vi_search carries the
# vocabulary's synonym rules, which are data): the folded fields' queries go through them by name.
SEARCH_ANALYZER = "vi_search"
LITERAL_ANALYZER = "vi_literal"
SYNONYM_FILTER = "vi_synonyms"

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 1, "max_result_window": 10000}
SEARCH_FIELDS = ["title^4", "title.exact^2", "summary^2", "summary.exact", "content"]
SUGGEST_INPUT_WORDS = 5


class CatalogueDocument(Document):
    """A course or open resource in the catalogue index (the index name is set per prefix by the backend)."""

    kind = Keyword()
    path = Keyword()
    url = Keyword(index=False)
    title = Text(
        analyzer=vi_folded,
        search_analyzer=SEARCH_ANALYZER,
        copy_to="content",
        fields={"exact": Text(analyzer=vi_exact)},
    )
    title_sort = Keyword(normalizer=vi_sort)
    summary = Text(
        analyzer=vi_folded,
        search_analyzer=SEARCH_ANALYZER,
        copy_to="content",
        fields={"exact": Text(analyzer=vi_exact)},
    )
    body = Text(analyzer=vi_folded, search_analyzer=SEARCH_ANALYZER, copy_to="content")
    tags = Text(analyzer=vi_folded, search_analyzer=SEARCH_ANALYZER, copy_to="content")
    provider_name = Text(analyzer=vi_folded, search_analyzer=SEARCH_ANALYZER, copy_to="content")
    learning_area_label = Text(analyzer=vi_folded, search_analyzer=SEARCH_ANALYZER, copy_to="content")
    content = Text(analyzer=vi_folded, search_analyzer=SEARCH_ANALYZER)
    learning_area = Keyword()
    level = Keyword()
    provider = Keyword()
    language = Keyword()
    duration_hours = Float()
    published_at = Date()
    expire_at = Date()
    suggest = Completion(analyzer=vi_suggest, preserve_separators=True)

    class Index:
        name = "catalogue"
        settings = INDEX_SETTINGS

    @classmethod
    def from_record(cls, record):
        words = record["title"].split()
        inputs = [" ".join(words[i:]) for i in range(min(len(words), SUGGEST_INPUT_WORDS))]
        doc = cls(
            meta={"id": record["id"]},
            title_sort=fold(record["title"]),
            suggest={"input": inputs, "weight": max(1, 20 - len(words))},
            **{key: value for key, value in record.items() if key != "id"},
        )
        return doc


def search_analyzers(rules):
    """The search-time analyzers of an index: `vi_search` (folding, then the vocabulary's synonym_graph filter,
    when there are rules) and `vi_literal` (folding only)."""
    folding = ["lowercase", "asciifolding"]
    literal = analyzer(LITERAL_ANALYZER, tokenizer="standard", filter=folding)
    if not rules:
        return [analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=folding), literal]
    # lenient: a rule Elasticsearch cannot parse is skipped rather than failing the index creation.
    synonyms = token_filter(SYNONYM_FILTER, "synonym_graph", synonyms=list(rules), expand=True, lenient=True)
    return [analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=[*folding, synonyms]), literal]


DURATION_RANGES = [
    (key, (float(low) if low is not None else None, float(high) if high is not None else None))
    for key, _label, low, high in DURATION_BANDS
]


class CatalogueFacetedSearch(FacetedSearch):
    """Full-text query, facet filters (each facet counted with the other filters: post_filter) and highlighting."""

    doc_types = [CatalogueDocument]
    fields = SEARCH_FIELDS
    facets = {
        "learning_area": TermsFacet(field="learning_area", size=20),
        "level": TermsFacet(field="level", size=10),
        "provider": TermsFacet(field="provider", size=50),
        "language": TermsFacet(field="language", size=20),
        "duration": RangeFacet(field="duration_hours", ranges=DURATION_RANGES),
    }

    def __init__(
        self,
        query=None,
        filters=None,
        sort=(),
        *,
        index="catalogue",
        using="default",
        within="",
        kind="",
        operator="and",
        literal_text="",
        literal=False,
    ):
        self.index = index
        self.using = using
        self.within = within
        self.kind = kind
        self.operator = operator
        self.literal_text = literal_text  # the text as typed, when telex/VNI decoding changed it
        self.literal = literal
        super().__init__(query or None, {k: v for k, v in (filters or {}).items() if k in self.facets}, sort)

    def search(self):
        s = super().search().extra(track_total_hits=True)
        s = s.filter(Q("bool", should=[~Q("exists", field="expire_at"), Q("range", expire_at={"gt": "now"})]))
        if self.within:
            s = s.filter("prefix", path=self.within)
        if self.kind:
            s = s.filter("term", kind=self.kind)
        return s

    def query(self, search, query):
        """Every word must match (one typo allowed per word, AUTO); title and exact-diacritic phrases rank first.

        `query` is the decoded text; the literal text, when it differs, is a second way to match.
        """
        if not query:
            return search
        analyzer_args = {"analyzer": LITERAL_ANALYZER} if self.literal else {}
        texts = [query] + ([self.literal_text] if self.literal_text and self.literal_text != query else [])
        should = []
        for text in texts:
            should += [
                Q(
                    "multi_match",
                    query=text,
                    fields=self.fields,
                    type="best_fields",
                    operator=self.operator,
                    fuzziness="AUTO",
                    prefix_length=1,
                    **analyzer_args,
                ),
                Q("match_bool_prefix", content={"query": text, "operator": self.operator, **analyzer_args}),
            ]
        words = Q("bool", should=should, minimum_should_match=1)
        boosts = [
            Q("match_phrase", **{"title.exact": {"query": query, "boost": 6}}),
            Q("match_phrase", title={"query": query, "boost": 4, **analyzer_args}),
            Q("match", **{"title.exact": {"query": query, "boost": 2}}),
        ]
        return search.query(Q("bool", must=[words], should=boosts))

    def highlight(self, search):
        return search.highlight("title", "summary", number_of_fragments=1, fragment_size=200).highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html"
        )


SORTS = {
    "relevance": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}],
    "title": ["title_sort"],
    "shortest": [{"duration_hours": {"order": "asc", "missing": "_last"}}],
    "longest": [{"duration_hours": {"order": "desc", "missing": "_last"}}],
}


class ElasticsearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, url, prefix="learning", client=None):
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-catalogue"
        self.client = client or Elasticsearch(url, request_timeout=conf.elasticsearch_timeout())

    # Index management

    def index_definition(self, name, rules=None):
        """The Index (settings, analyzers, mapping) a new physical index is created with.

        ``rules`` are the synonym_graph rules (search.synonyms.synonym_rules); by default the current vocabulary's.
        """
        if rules is None:
            from ..synonyms import synonym_rules
            from ..understanding import load_concepts

            rules = synonym_rules(load_concepts())
        index = CatalogueDocument._index.clone(name=name, using=self.client)
        for search_analyzer in search_analyzers(rules):
            index.analyzer(search_analyzer)
        return index

    def new_index_name(self):
        return f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"

    def _alias_targets(self):
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias).keys())

    def ensure_index(self):
        """Create a first index behind the alias when there is none (before any rebuild)."""
        if self._alias_targets():
            return
        name = self.new_index_name()
        self.index_definition(name).create()
        self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

    @staticmethod
    def _action(record, index):
        doc = CatalogueDocument.from_record(record)
        return {"_op_type": "index", "_index": index, "_id": record["id"], "_source": doc.to_dict()}

    def index_records(self, records):
        self.ensure_index()
        actions = [self._action(record, self.alias) for record in records]
        if actions:
            bulk(self.client, actions, refresh="wait_for")
        return len(actions)

    def remove(self, page_ids):
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in page_ids]
        if actions and self._alias_targets():
            bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def alias_swap_actions(self, new_index, old_indexes):
        """One atomic update_aliases call: searches move from the old index to the new one without a gap."""
        return [{"add": {"index": new_index, "alias": self.alias}}] + [
            {"remove": {"index": old, "alias": self.alias}} for old in old_indexes
        ]

    def rebuild(self, records, total, progress=None):
        new_index = self.new_index_name()
        self.index_definition(new_index).create()
        written = 0
        batch = []
        for record in records:
            batch.append(self._action(record, new_index))
            if len(batch) >= 500:
                bulk(self.client, batch)
                written += len(batch)
                batch = []
                if progress:
                    progress(written)
        if batch:
            bulk(self.client, batch)
            written += len(batch)
            if progress:
                progress(written)
        self.client.indices.refresh(index=new_index)
        old_indexes = self._alias_targets()
        self.client.indices.update_aliases(actions=self.alias_swap_actions(new_index, old_indexes))
        for old in old_indexes:
            self.client.indices.delete(index=old, ignore_unavailable=True)
        return written

    def count(self):
        if not self._alias_targets():
            return 0
        return self.client.count(index=self.alias)["count"]

    def health(self):
        try:
            health = self.client.options(request_timeout=2, max_retries=0).cluster.health()
        except Exception as exc:  # noqa: BLE001 - health reports the failure, it does not raise
            return f"error: {exc.__class__.__name__}"
        if health.get("status") == "red":
            return "error: cluster status red"
        return "ok"

    # Querying

    def build_search(self, query, operator="and"):
        """The FacetedSearch for a SearchQuery; `._s.to_dict()` is the request body (asserted in tests).

        Telex/VNI words are decoded here (no database needed); the vocabulary is applied by the index's analyzer.
        """
        from ..understanding import understand

        decoded = understand(query.text, literal=query.literal, expand=False)
        text = decoded.decoded_text if decoded.decoded else query.text
        fs = CatalogueFacetedSearch(
            text,
            filters={name: query.filters[name] for name in FACETS if query.filters.get(name)},
            sort=SORTS[query.sort if query.text or query.sort != "relevance" else "newest"],
            index=self.alias,
            using=self.client,
            within=query.within,
            kind=query.filters.get("kind", ""),
            operator=operator,
            literal_text=query.text if decoded.decoded else "",
            literal=query.literal,
        )
        return fs[query.offset : query.offset + query.per_page]

    def search(self, query):
        from ..facets import build_facets

        response = self.build_search(query).execute()
        if response.hits.total.value == 0 and len(query.text.split()) > 1:
            response = self.build_search(query, operator="or").execute()
        counts = {
            name: {str(key): count for key, count, _selected in getattr(response.facets, name)} for name in FACETS
        }
        facets = build_facets(counts, query.filters) if query.facets else {}
        hits = [self._hit(hit) for hit in response]
        return SearchResults(
            query=query, count=response.hits.total.value, hits=hits, facets=facets, understanding=self.understand(query)
        )

    @staticmethod
    def _hit(hit):
        highlight = getattr(hit.meta, "highlight", None)
        return Hit(
            id=int(hit.meta.id),
            title=hit.title,
            url=hit.url,
            summary=hit.summary or "",
            kind=hit.kind,
            learning_area=hit.learning_area or "",
            level=getattr(hit, "level", "") or "",
            provider=getattr(hit, "provider", "") or "",
            language=hit.language or "",
            duration_hours=getattr(hit, "duration_hours", None),
            highlight=" ".join(highlight.summary) if highlight and "summary" in highlight else "",
        )

    def build_suggest(self, prefix, limit=8):
        """The completion-suggester request: fuzzy prefix over folded title words."""
        return (
            Search(index=self.alias, using=self.client)
            .source(["title", "url"])
            .suggest(
                "titles",
                prefix,
                completion={
                    "field": "suggest",
                    "size": limit,
                    "skip_duplicates": True,
                    "fuzzy": {"fuzziness": "AUTO", "min_length": 4, "prefix_length": 1},
                },
            )
        )

    def suggest(self, prefix, limit=8, understanding=None):
        if not prefix.strip():
            return []
        prefixes = [prefix.strip()]
        if understanding is not None and understanding.changed:
            prefixes += [" ".join(words) for words in understanding.readings(limit=3)]
        suggestions, seen = [], set()
        for text in dict.fromkeys(prefixes):
            response = self.build_suggest(text, limit).execute()
            for option in response.suggest.titles[0].options:
                if int(option._id) not in seen and len(suggestions) < limit:
                    seen.add(int(option._id))
                    suggestions.append(
                        Suggestion(title=option._source.title, url=option._source.url, id=int(option._id))
                    )
            if len(suggestions) >= limit:
                break
        return suggestions
