"""Anonymous page cache: Wagtail pages (catalogue, courses, resources) served to visitors without a session
from the shared cache, one copy per language, dropped when any page is published, unpublished, moved or deleted.

Production settings put AnonymousPageCacheMiddleware right after CsrfViewMiddleware when PAGE_CACHE_SECONDS is
above 0 (docs/deploy.md "Caching"). Pages carry a CSRF token (the language switcher's form): the cached copy
keeps a placeholder, and each visitor gets a token of their own, with its cookie, as without the cache.
A publish from the task worker (scheduled publishing) is seen within PAGE_CACHE_SECONDS, the entries' lifetime.
"""

import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.middleware.csrf import get_token
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
PLACEHOLDER = b"\x00csrf\x00"
NOT_CACHED = ("private", "no-cache", "no-store")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


# An invalidation this process could not store (Redis unreachable: cms.cache skips the write): tried again before
# this process serves its next cached page, so that a Redis that comes back with its data does not serve the
# pages of before the publish. Other processes' copies expire within PAGE_CACHE_SECONDS.
_pending_invalidation = False


def invalidate(**kwargs):
    """Drop every cached page at once: a new generation makes the old keys unreachable (they expire)."""
    global _pending_invalidation
    value = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, value, timeout=None)
        stored = cache.get(GENERATION_KEY) == value
    except Exception:  # noqa: BLE001 - a cache without soft failures raises here
        stored = False
    _pending_invalidation = not stored


page_published.connect(invalidate, dispatch_uid="page_cache_published")
page_unpublished.connect(invalidate, dispatch_uid="page_cache_unpublished")
post_page_move.connect(invalidate, dispatch_uid="page_cache_moved")
post_delete.connect(
    lambda sender, **kwargs: invalidate() if issubclass(sender, Page) else None,
    weak=False,
    dispatch_uid="page_cache_deleted",
)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 60)

    def cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def key(self, request):
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        return f"pagecache:{generation()}:{language}:{request.get_host()}:{request.path}"

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        try:
            if _pending_invalidation:
                invalidate()
                if _pending_invalidation:
                    return self.get_response(request)  # the cache still fails: rendered, nothing stored
            key = self.key(request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - without the cache (Redis restarting), pages are rendered
            return self.get_response(request)
        if stored is not None:
            return self.from_cache(request, stored)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            try:
                cache.set(key, self.to_cache(response), timeout=self.seconds)
            except Exception:  # noqa: BLE001, S110 - the page is served all the same
                pass
            response["X-Page-Cache"] = "miss"
        return response

    def cacheable_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        return (
            response.status_code == 200
            and not response.streaming
            and match is not None
            and match.url_name == "wagtail_serve"
            and response.get("Content-Type", "").startswith("text/html")
            and not any(word in response.get("Cache-Control", "") for word in NOT_CACHED)
        )

    def to_cache(self, response):
        headers = {name: value for name, value in response.items() if name.lower() != "set-cookie"}
        return {"content": TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\3", response.content), "headers": headers}

    def from_cache(self, request, stored):
        content = stored["content"]
        if PLACEHOLDER in content:
            # A token of this visitor's own; CsrfViewMiddleware (outside) sets its cookie when it is new.
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
