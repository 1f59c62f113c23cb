"""Keep the catalogue index current: publish, unpublish, move and delete of courses and open resources.

During a catalogue import (``courses.signals.is_bulk_importing()``) per-page publish and create events are skipped:
the importer sends each batch's page ids with ``catalogue_pages_imported`` and they are indexed together.
"""

from courses.models import CoursePage, OpenResourcePage
from courses.signals import catalogue_pages_imported, is_bulk_importing

from .records import INDEXED_MODELS

INDEXED = tuple(INDEXED_MODELS)


def on_published(sender, instance, **kwargs):
    if not isinstance(instance, INDEXED) or is_bulk_importing():
        return
    from .backends import uses_elasticsearch
    from .models import CatalogueEntry
    from .services import index_page_objects, schedule_index

    if uses_elasticsearch():
        schedule_index([instance.pk])
        return
    published = instance.last_published_at
    if published and CatalogueEntry.objects.filter(pk=instance.pk, indexed_at__gte=published).exists():
        return  # indexed already by on_created (a page created live, as bulk imports do)
    index_page_objects([instance])


def on_created(sender, instance, created, raw=False, **kwargs):
    """Pages created live (imports, fixtures) are indexed at once; later edits are indexed when published."""
    if not created or raw or not instance.live or is_bulk_importing():
        return
    from .backends import uses_elasticsearch
    from .services import index_page_objects, schedule_index

    if uses_elasticsearch():
        schedule_index([instance.pk])
    else:
        index_page_objects([instance])


def on_pages_imported(sender, page_ids, **kwargs):
    """A batch of imported pages: index (or drop) them all at once."""
    from .services import schedule_index

    schedule_index(page_ids)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, INDEXED):
        from .services import schedule_remove

        schedule_remove([instance.pk])


def on_deleted(sender, instance, **kwargs):
    from .services import schedule_remove

    schedule_remove([instance.pk])


def on_moved(sender, instance, **kwargs):
    """A move changes URLs and tree paths of the page and everything below it."""
    from .services import indexed_ids_below, schedule_index

    instance.refresh_from_db(fields=["path", "url_path"])
    schedule_index(indexed_ids_below(instance))


def on_vocabulary_changed(sender, **kwargs):
    """An abbreviation or synonym was saved or deleted: queries read the new vocabulary at once; Elasticsearch,
    whose search analyzer holds it, gets a new index through the alias swap (one rebuild per transaction)."""
    from .backends import uses_elasticsearch
    from .understanding import vocabulary_changed

    vocabulary_changed()
    if uses_elasticsearch():
        from .services import schedule_rebuild

        schedule_rebuild()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search_page_moved")
    catalogue_pages_imported.connect(on_pages_imported, dispatch_uid="search_catalogue_pages_imported")
    from .models import Synonym

    post_save.connect(on_vocabulary_changed, sender=Synonym, dispatch_uid="search_synonym_saved")
    post_delete.connect(on_vocabulary_changed, sender=Synonym, dispatch_uid="search_synonym_deleted")
    for model in (CoursePage, OpenResourcePage):
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")
        post_save.connect(on_created, sender=model, dispatch_uid=f"search_created_{model.__name__}")
