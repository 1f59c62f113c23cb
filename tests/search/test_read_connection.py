"""Search reads where the replica router sends reads (cms.db_router), reads the matches once on PostgreSQL, and
keeps numbers out of typo correction."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cms import db_router
from search.backends.base import SearchQuery
from search.services import search

from .conftest import build_search_catalogue


@pytest.fixture
def replica_reads(settings):
    """Production's router, inside a request the middleware sent to the replica."""
    settings.DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
    token = db_router._use_replica.set(True)
    yield
    db_router._use_replica.reset(token)


def statements(captured):
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.parametrize("facets", [True, False])
def test_search_reads_the_replica_when_the_router_says_so(replica_reads, facets):
    build_search_catalogue()  # committed: the replica's connection sees only committed rows
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        results = search(SearchQuery(text="ky nang so", facets=facets, filters={"level": "beginner"}, literal=True))
    assert results.hits[0].title == "Kỹ năng số cơ bản cho công nhân"
    assert not [sql for sql in statements(primary) if "catalogue_search" in sql]
    matching = [sql for sql in statements(replica) if "to_tsquery" in sql]
    # One statement matches, counts and ranks, with facets or without (no separate count or existence query);
    # literal: no second, expanded pass.
    assert len(matching) == 1, matching


@pytest.mark.parametrize("params", [{}, {"level": "beginner"}, {"learning_area": "digital", "duration": "long"}])
def test_the_count_is_the_same_with_and_without_facets(search_catalogue, params):
    for q in ("ky nang so", "excel", "hanf ddieenj", "atvsld", "khong co tu nay"):
        with_facets = search(SearchQuery(text=q, filters=params))
        without = search(SearchQuery(text=q, filters=params, facets=False))
        assert without.count == with_facets.count, q
        assert [hit.id for hit in without.hits] == [hit.id for hit in with_facets.hits], q
        assert without.facets == {}


def test_numbers_are_matched_as_typed_and_never_corrected(search_catalogue):
    from search.backends.database import DatabaseBackend
    from search.models import SearchWord

    assert SearchWord.objects.filter(word="bo").exists()
    assert not SearchWord.objects.filter(word="2019").exists()  # in the titles, not in the typo vocabulary
    assert DatabaseBackend()._corrections("2018", prefix=False) == ()
    assert "Bộ luật Lao động 2019 (văn bản)" in [hit.title for hit in search(SearchQuery(text="bo luat 2019")).hits]


def planner_rows(model):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_leaves_the_planner_real_row_counts():
    from django.db import transaction

    from search.backends.database import DatabaseBackend
    from search.models import CatalogueEntry, SearchWord

    build_search_catalogue()  # rebuilds outside a transaction: VACUUM (ANALYZE)
    assert planner_rows(CatalogueEntry) == CatalogueEntry.objects.count() > 0
    assert planner_rows(SearchWord) == SearchWord.objects.count() > 0
    with transaction.atomic():  # inside one: ANALYZE only, which sees the transaction's own changes
        CatalogueEntry.objects.filter(title__startswith="Excel").delete()
        DatabaseBackend.refresh_statistics()
        assert planner_rows(CatalogueEntry) == CatalogueEntry.objects.count()
