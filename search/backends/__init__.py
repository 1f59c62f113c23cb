"""The active catalogue search backend: Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise."""

from functools import lru_cache

from .. import conf
from .base import BaseSearchBackend, SearchError, SearchQuery, SearchResults  # noqa: F401


@lru_cache(maxsize=4)
def _backend(url, prefix):
    if url:
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=url, prefix=prefix)
    from .database import DatabaseBackend

    return DatabaseBackend()


def get_backend():
    """The backend the settings choose (cached per setting values, so tests can switch with override_settings)."""
    return _backend(conf.elasticsearch_url(), conf.index_prefix())


def uses_elasticsearch():
    return bool(conf.elasticsearch_url())
