"""System checks: packages must not run on the site's own origin unless a deployment says so explicitly."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from . import conf


@register()
def check_content_origin(app_configs, **kwargs):
    """SCORM_CONTENT_ORIGIN must be set, differ from the site's origin, and be kept to content by the middleware."""
    errors = []
    origin = conf.content_origin()
    if not origin:
        if not conf.allow_same_origin():
            errors.append(
                Error(
                    "SCORM_CONTENT_ORIGIN is not set: SCORM packages would run on the site's own origin, where a "
                    "package can act as the learner.",
                    hint="Serve package content from a second host name (for example https://scorm-content.example.org "
                    "pointing at the same application or at a CDN), or set SCORM_ALLOW_SAME_ORIGIN=True to accept "
                    "the risk.",
                    id="scorm.E001",
                )
            )
        return errors
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        errors.append(
            Error(f"SCORM_CONTENT_ORIGIN {origin!r} is not an origin (scheme://host[:port]).", id="scorm.E002")
        )
    elif origin == conf.site_origin():
        errors.append(
            Error(
                "SCORM_CONTENT_ORIGIN is the site's own origin: packages would run with the learner's cookies.",
                hint="Use another host name for content.",
                id="scorm.E003",
            )
        )
    if "scorm.origins.ContentOriginMiddleware" not in settings.MIDDLEWARE:
        errors.append(
            Warning(
                "scorm.origins.ContentOriginMiddleware is not installed: the content origin's host name would also "
                "serve the site's pages.",
                id="scorm.W001",
            )
        )
    return errors
