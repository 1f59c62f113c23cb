"""Every setting the scorm app reads, with its default, in one place."""

from urllib.parse import urlsplit

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
    """Folder of the package storage under which packages are extracted (SCORM_STORAGE_PREFIX)."""
    return _get("SCORM_STORAGE_PREFIX", "scorm").strip("/")


def storage():
    """Storage holding extracted packages (SCORM_STORAGE, a STORAGES alias; "private": never under MEDIA_URL)."""
    from django.core.files.storage import storages

    return storages[_get("SCORM_STORAGE", "private")]


def content_origin():
    """Origin serving package files and the run-time page, e.g. "https://scorm-content.example" (SCORM_CONTENT_ORIGIN).

    Another origin than the site's: content there holds none of the site's cookies, so it runs unsandboxed
    (finds its API in its parent, nested frames call each other, confirm() works) and still cannot act as the
    learner. Empty: content is served by the site's own origin, which only SCORM_ALLOW_SAME_ORIGIN allows.
    """
    return _get("SCORM_CONTENT_ORIGIN", "").rstrip("/")


def site_origin():
    """The site's own origin (SCORM_SITE_ORIGIN, else WAGTAILADMIN_BASE_URL): who may frame and talk to the run-time."""
    value = _get("SCORM_SITE_ORIGIN", "") or _get("WAGTAILADMIN_BASE_URL", "")
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allow_same_origin():
    """Whether packages may run on the site's own origin (SCORM_ALLOW_SAME_ORIGIN); a failing check otherwise."""
    return bool(_get("SCORM_ALLOW_SAME_ORIGIN", False))


def token_max_age():
    """Seconds a launch's commit token stays valid (SCORM_TOKEN_MAX_AGE): long enough for offline commits."""
    return _get("SCORM_TOKEN_MAX_AGE", 7 * 24 * 3600)


def launch_permission():
    """Callable (user, sco) -> bool deciding who may launch a SCO (SCORM_LAUNCH_PERMISSION, a dotted path).

    The default lets only users who may change packages launch them (previews): a site connects packages to
    its own notion of lessons by naming its check here.
    """
    from django.utils.module_loading import import_string

    return import_string(_get("SCORM_LAUNCH_PERMISSION", "scorm.access.can_preview"))


def max_state_size():
    """Largest stored CMI state of one attempt, in bytes of JSON (SCORM_MAX_STATE_SIZE); beyond it commits fail."""
    return _get("SCORM_MAX_STATE_SIZE", 2 * 1024 * 1024)


def content_cache_seconds():
    """Cache lifetime of package files (SCORM_CONTENT_CACHE_SECONDS); packages never change once imported."""
    return _get("SCORM_CONTENT_CACHE_SECONDS", 7 * 24 * 3600)


def default_attempt_policy():
    """New-attempt policy of new packages: "resume" or "new_after_completion" (SCORM_DEFAULT_ATTEMPT_POLICY)."""
    return _get("SCORM_DEFAULT_ATTEMPT_POLICY", "resume")
