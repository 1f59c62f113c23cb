"""Every LEARNING_* setting with its default, read in one place."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def video_completion_share():
    """Share of a video (0-1) a learner must watch for the video to count as watched."""
    return float(_get("LEARNING_VIDEO_COMPLETION_SHARE", 0.9))


def max_progress_seconds_per_beacon():
    """Upper bound on time credited by one progress beacon, so a tab left open does not inflate hours."""
    return int(_get("LEARNING_MAX_SECONDS_PER_BEACON", 300))


def import_max_rows():
    return int(_get("LEARNING_IMPORT_MAX_ROWS", 20_000))


def my_learning_page_size():
    return int(_get("LEARNING_MY_LEARNING_PAGE_SIZE", 50))
