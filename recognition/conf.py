"""Settings of the recognition app, each with its default."""

from django.conf import settings


def review_page_size():
    return getattr(settings, "RECOGNITION_REVIEW_PAGE_SIZE", 50)


def bulk_approve_max():
    """The most self-assessments one bulk approval may decide."""
    return getattr(settings, "RECOGNITION_BULK_APPROVE_MAX", 200)


def trend_half_years():
    """How many half-years the indicator trend shows."""
    return getattr(settings, "RECOGNITION_TREND_HALF_YEARS", 6)


def evidence_max_bytes():
    return getattr(settings, "RECOGNITION_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)


def report_export_storage_prefix():
    return getattr(settings, "RECOGNITION_REPORT_PREFIX", "recognition/reports/")
