"""Verbs of catalogue search: search, suggest, keep the index current, rebuild it."""

from django.db import transaction
from wagtail.models import Site

from .backends import get_backend, uses_elasticsearch
from .backends.base import FILTERS, SearchError, SearchQuery, max_page
from .records import (
    INDEXED_MODELS,
    count_indexable,
    indexable_querysets,
    is_indexable,
    iter_records,
    page_record,
    restricted_paths,
)

INDEX_CHUNK = 500  # pages per read and write when indexing many pages (below SQLite's limit on query parameters)


def query_from_params(data, *, within="", kind="", per_page=20, facets=True, default_sort=""):
    """A SearchQuery from request parameters (q, filters, sort, page); raises SearchError for a bad page or sort."""
    raw_page = data.get("page") or "1"
    try:
        page = int(raw_page)
    except (TypeError, ValueError):
        raise SearchError("The page must be a positive whole number.") from None
    filters = {name: data.get(name, "") for name in FILTERS}
    if kind:
        filters["kind"] = kind
    return SearchQuery(
        text=data.get("q", ""),
        filters=filters,
        sort=data.get("sort", "") or default_sort,
        page=page,
        per_page=per_page,
        within=within,
        facets=facets,
        literal=(data.get("literal") or "") in {"1", "true", "on"},
    )


def search(query):
    """Run a SearchQuery on the active backend."""
    return get_backend().search(query)


def search_params(data, **kwargs):
    return search(query_from_params(data, **kwargs))


def suggest(prefix, limit=8, literal=False):
    """Titles completing what the user is typing, read through the same query understanding as search."""
    from .understanding import understand

    prefix = (prefix or "").strip()[:100]
    if not prefix:
        return []
    return get_backend().suggest(prefix, limit=limit, understanding=understand(prefix, literal=literal))


def index_pages(page_ids):
    """Bring the index up to date for these pages: index the live, public, current ones, drop the others.

    Works in chunks with a few queries per chunk (pages with what records need, view restrictions, one write), so a
    bulk import's batch of pages is indexed at once.
    """
    page_ids = list(dict.fromkeys(int(pk) for pk in page_ids))
    written = 0
    for start in range(0, len(page_ids), INDEX_CHUNK):
        chunk = page_ids[start : start + INDEX_CHUNK]
        pages = []
        for _model, queryset in indexable_querysets(live_only=False):
            pages += queryset.filter(pk__in=chunk)
        written += index_page_objects(pages, chunk, restricted=restricted_paths())
    return written


def index_page_objects(pages, page_ids=None, restricted=None):
    """index_pages for pages already loaded (specific instances), e.g. the one a publish signal carries."""
    pages = list(pages)
    page_ids = page_ids if page_ids is not None else [page.pk for page in pages]
    if len(pages) > 1:
        # Page.get_url caches the site root paths on the page: read them once for all (not once per page).
        root_paths = Site.get_site_root_paths()
        for page in pages:
            page._wagtail_cached_site_root_paths = root_paths
    records, keep = [], set()
    for page in pages:
        if is_indexable(page, restricted=restricted):
            records.append(page_record(page))
            keep.add(page.pk)
    backend = get_backend()
    if records:
        backend.index_records(records)
    gone = [pk for pk in page_ids if pk not in keep]
    if gone:
        backend.remove(gone)
    return len(records)


def remove_pages(page_ids):
    get_backend().remove(list(page_ids))


def indexed_ids_below(page):
    """Ids of the indexed page types at or below a page (a moved provider section moves its courses)."""
    ids = []
    for model in INDEXED_MODELS:
        ids += list(model.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
    return ids


def schedule_index(page_ids):
    """Update the index after the current transaction commits: a background task with Elasticsearch."""
    page_ids = [int(pk) for pk in page_ids]
    if not page_ids:
        return
    if uses_elasticsearch():
        from .tasks import index_pages_task

        transaction.on_commit(lambda: index_pages_task.enqueue(page_ids))
    else:
        index_pages(page_ids)


def schedule_remove(page_ids):
    page_ids = [int(pk) for pk in page_ids]
    if not page_ids:
        return
    if uses_elasticsearch():
        from .tasks import remove_pages_task

        transaction.on_commit(lambda: remove_pages_task.enqueue(page_ids))
    else:
        remove_pages(page_ids)


def schedule_rebuild():
    """Rebuild the index in the background once the current transaction commits (once, however many calls)."""
    from django.db import connection

    from .tasks import rebuild_index_task

    if any(getattr(item[1], "search_rebuild", False) for item in connection.run_on_commit):
        return

    def enqueue():
        rebuild_index_task.enqueue()

    enqueue.search_rebuild = True
    transaction.on_commit(enqueue)


def rebuild_index(progress=None):
    """Rebuild the active backend's index from the pages; returns (pages written, indexable pages, backend name)."""
    backend = get_backend()
    total = count_indexable()
    written = backend.rebuild(
        iter_records(), total, progress=(lambda done: progress(done, total)) if progress else None
    )
    return written, total, backend.name


class _ResultWindow:
    """The one page of results a Paginator slices, with the total count of all pages."""

    def __init__(self, total, objects):
        self.total, self.objects = total, objects

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.objects


def catalogue_listing(index_page, filters, page_number, per_page):
    """The catalogue page's courses through the search service: (paginator, page, facets as template dicts).

    `filters` is a courses.catalogue.CatalogueFilters; a bad or too-high page number shows the first or last page.
    """
    from django.core.paginator import Paginator

    from courses.models import DURATION_BANDS, CoursePage

    try:
        number = min(max(1, int(page_number or 1)), max_page(per_page))
    except (TypeError, ValueError):
        number = 1
    values = {name: getattr(filters, name) for name in ("learning_area", "level", "provider", "language", "duration")}
    values["kind"] = "course"
    if values["duration"] not in {key for key, *_rest in DURATION_BANDS}:
        values["duration"] = ""  # the catalogue ignores unknown values rather than showing nothing

    def run(number):
        return search(
            SearchQuery(filters=values, sort=filters.sort, page=number, per_page=per_page, within=index_page.path)
        )

    results = run(number)
    if number > results.num_pages:
        number = results.num_pages
        results = run(number)
    ids = [hit.id for hit in results.hits]
    pages = CoursePage.objects.filter(pk__in=ids).select_related("learning_area", "level", "provider", "cover_image")
    by_id = {page.pk: page for page in pages}
    objects = [by_id[pk] for pk in ids if pk in by_id]
    paginator = Paginator(_ResultWindow(results.count, objects), per_page)
    page = paginator.page(number)
    facets = {
        name: [{"key": v.key, "label": v.label, "count": v.count, "selected": v.selected} for v in facet_values]
        for name, facet_values in results.facets.items()
    }
    return paginator, page, facets
