"""Background index updates (used with Elasticsearch, so publishing never waits on the cluster)."""

from django_tasks import task


@task()
def index_pages_task(page_ids):
    from .services import index_pages

    return index_pages(page_ids)


@task()
def remove_pages_task(page_ids):
    from .services import remove_pages

    remove_pages(page_ids)
    return len(page_ids)


@task()
def rebuild_index_task():
    """A new index with the current vocabulary in its analyzers, swapped in behind the alias."""
    from .services import rebuild_index

    written, _total, _name = rebuild_index()
    return written
