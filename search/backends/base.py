"""The search interface every backend implements, and the plain data it takes and returns."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

FACETS = ("learning_area", "level", "provider", "language", "duration")
FILTERS = (*FACETS, "kind")
SORTS = {
    "relevance": _("Best match"),
    "newest": _("Newest"),
    "title": _("Title A–Z"),
    "shortest": _("Shortest first"),
    "longest": _("Longest first"),
}
MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 100
# Results one can page through (Elasticsearch's max_result_window): deeper pages are refused, not a database error.
MAX_RESULT_WINDOW = 10_000


def max_page(per_page):
    """The last page number that stays within MAX_RESULT_WINDOW."""
    return MAX_RESULT_WINDOW // per_page


class SearchError(ValueError):
    """A search request that cannot be answered as asked (bad page, sort...): the message is for the user."""


@dataclass
class SearchQuery:
    """What to look for: free text, exact-value filters, sort and page. `within` limits to a page subtree path."""

    text: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    per_page: int = 20
    within: str = ""
    facets: bool = True
    literal: bool = False  # search the words as typed: no telex/VNI decoding, no abbreviations or synonyms

    def __post_init__(self):
        self.text = (self.text or "").strip()
        if len(self.text) > MAX_QUERY_LENGTH:
            raise SearchError(_("The search text is too long (at most %(n)d characters).") % {"n": MAX_QUERY_LENGTH})
        self.filters = {name: str(value) for name, value in (self.filters or {}).items() if name in FILTERS and value}
        self.sort = self.sort or ("relevance" if self.text else "newest")
        if self.sort not in SORTS:
            raise SearchError(_("Unknown sort order."))
        if not isinstance(self.page, int) or self.page < 1:
            raise SearchError(_("The page must be a positive whole number."))
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchError(_("Results per page must be between 1 and %(n)d.") % {"n": MAX_PER_PAGE})
        if self.page > max_page(self.per_page):
            raise SearchError(
                _("Only the first %(n)d results can be paged through; narrow the search.") % {"n": MAX_RESULT_WINDOW}
            )

    @property
    def offset(self):
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    id: int
    title: str
    url: str
    summary: str
    kind: str
    learning_area: str
    level: str
    provider: str
    language: str
    duration_hours: float | None
    highlight: str = ""

    def to_dict(self):
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "learning_area": self.learning_area,
            "level": self.level or None,
            "provider": self.provider or None,
            "duration_hours": self.duration_hours,
            "kind": self.kind,
            "language": self.language,
        }


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False

    def to_dict(self):
        return {"key": self.key, "label": str(self.label), "count": self.count}


@dataclass
class SearchResults:
    query: SearchQuery
    count: int
    hits: list
    facets: dict = field(default_factory=dict)
    understanding: object = None  # search.understanding.Understanding of query.text

    @property
    def understood(self):
        """What the query was understood as, when that says more than the typed words with diacritics (else "")."""
        from ..folding import fold

        u = self.understanding
        if u is not None and u.changed and fold(u.understood) != fold(u.text):
            return u.understood
        return ""

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.query.per_page))

    def to_dict(self):
        """The JSON shape of CONTRACTS.md, the same from every backend."""
        return {
            "count": self.count,
            "page": self.query.page,
            "num_pages": self.num_pages,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": {name: [value.to_dict() for value in values] for name, values in self.facets.items()},
            "understood": self.understood or None,
        }


@dataclass
class Suggestion:
    title: str
    url: str
    id: int

    def to_dict(self):
        return {"id": self.id, "title": self.title, "url": self.url}


class BaseSearchBackend:
    """One catalogue index. Backends differ in where they keep it, not in what they answer."""

    name = "base"

    @staticmethod
    def understand(query):
        """The shared query-understanding step (search.understanding) for a SearchQuery."""
        from ..understanding import understand

        return understand(query.text, literal=query.literal)

    def search(self, query):
        """Run a SearchQuery and return SearchResults (hits of the page, total count, facet counts)."""
        raise NotImplementedError

    def suggest(self, prefix, limit=8, understanding=None):
        """Titles completing what the user is typing (and what it was understood as), best first."""
        raise NotImplementedError

    def index_records(self, records):
        """Add or replace index entries (dicts from search.records.page_record)."""
        raise NotImplementedError

    def remove(self, page_ids):
        """Drop entries by page id (missing ids are fine)."""
        raise NotImplementedError

    def rebuild(self, records, total, progress=None):
        """Replace the whole index with `records`; `progress(n)` is called as rows are written. Returns the count."""
        raise NotImplementedError

    def count(self):
        raise NotImplementedError

    def health(self):
        """ "ok" when the backend answers, an error string otherwise."""
        raise NotImplementedError
