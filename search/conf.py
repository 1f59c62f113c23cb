"""Every setting the search app reads, with its default, in one place."""

from django.conf import settings


def elasticsearch_url():
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def index_prefix():
    return getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "learning") or "learning"


def elasticsearch_timeout():
    return getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)


def provider_facet_size():
    """How many providers the provider facet lists (the busiest first)."""
    return getattr(settings, "SEARCH_PROVIDER_FACET_SIZE", 50)


def expand_below():
    """The database backend adds the decoded and expanded readings of a query when its words as typed find fewer
    entries than this (see search.backends.database.DatabaseBackend.search)."""
    return getattr(settings, "SEARCH_EXPAND_BELOW", 20)
