"""Signals of the catalogue import, so other apps (search) can index a whole batch at once instead of page by page.

While a bulk import runs, ``is_bulk_importing()`` is true: receivers of ``page_published`` may skip per-page work
(the signal is still sent for every page) and do it for the batch on ``catalogue_import_finished``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent once before the first row is written: publish (bool).
catalogue_import_started = Signal()
# Sent after each batch of rows, inside the batch's transaction: page_ids of the pages it created or changed (drafts
# included), publish (bool). Receivers index the batch here, in bulk.
catalogue_pages_imported = Signal()
# Sent once after the last batch: page_ids of every page created or changed, result (ImportResult), publish (bool).
catalogue_import_finished = Signal()

_bulk_importing = ContextVar("catalogue_bulk_importing", default=False)


def is_bulk_importing():
    """True while the catalogue importer writes a batch (receivers defer per-page work to the batch's end)."""
    return _bulk_importing.get()


@contextmanager
def bulk_importing():
    token = _bulk_importing.set(True)
    try:
        yield
    finally:
        _bulk_importing.reset(token)
