"""Every setting the scorm app reads, with its default, in one place."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def max_upload_size():
    """Largest zip accepted, in bytes (SCORM_MAX_UPLOAD_SIZE)."""
    return _get("SCORM_MAX_UPLOAD_SIZE", 500 * 1024 * 1024)


def max_uncompressed_size():
    """Largest total of the files once extracted, in bytes (SCORM_MAX_UNCOMPRESSED_SIZE)."""
    return _get("SCORM_MAX_UNCOMPRESSED_SIZE", 2 * 1024 * 1024 * 1024)


def max_ratio():
    """Largest uncompressed/compressed ratio, for the whole zip and per file (SCORM_MAX_RATIO): zip bombs."""
    return _get("SCORM_MAX_RATIO", 100)


def max_files():
    """Largest number of files in a package (SCORM_MAX_FILES)."""
    return _get("SCORM_MAX_FILES", 10_000)


def storage_prefix():
    """Folder of the default storage under which packages are extracted (SCORM_STORAGE_PREFIX)."""
    return _get("SCORM_STORAGE_PREFIX", "scorm").strip("/")


def content_origin():
    """Origin serving package content, e.g. "https://scorm.example.org" (SCORM_CONTENT_ORIGIN).

    Empty (the default): content is served by this site under /scorm/content/, in a sandboxed frame with a CSP
    sandbox header, which already gives it an opaque origin. A separate origin adds defence in depth.
    """
    return _get("SCORM_CONTENT_ORIGIN", "").rstrip("/")


def content_cache_seconds():
    """Cache lifetime of package files (SCORM_CONTENT_CACHE_SECONDS); packages never change once imported."""
    return _get("SCORM_CONTENT_CACHE_SECONDS", 7 * 24 * 3600)


def default_attempt_policy():
    """New-attempt policy of new packages: "resume" or "new_after_completion" (SCORM_DEFAULT_ATTEMPT_POLICY)."""
    return _get("SCORM_DEFAULT_ATTEMPT_POLICY", "resume")


def frame_ancestors():
    """CSP frame-ancestors of package content (SCORM_FRAME_ANCESTORS): who may frame it; "'self'" by default,
    the site's origin when content is served from a separate origin."""
    return _get("SCORM_FRAME_ANCESTORS", "'self'")
