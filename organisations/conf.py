"""Settings of the organisations app, each with its default."""

from django.conf import settings


def import_max_rows():
    """The largest worker file accepted in one import."""
    return getattr(settings, "ORGANISATIONS_IMPORT_MAX_ROWS", 20_000)


def hr_page_size():
    return getattr(settings, "ORGANISATIONS_HR_PAGE_SIZE", 50)


def api_max_page_size():
    return getattr(settings, "ORGANISATIONS_API_MAX_PAGE_SIZE", 500)


def export_chunk_size():
    """Rows fetched from the database at a time (one server-side cursor) while streaming an export."""
    return getattr(settings, "ORGANISATIONS_EXPORT_CHUNK_SIZE", 2000)


def count_cap():
    """Lists count their rows up to this many; a bigger list shows "more than ..." instead of a slow exact count."""
    return getattr(settings, "ORGANISATIONS_COUNT_CAP", 10_000)
