"""The content origin: which requests are for it, and the middleware that keeps it to SCORM content only."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound
from django.urls import reverse

from . import conf


def content_host():
    """host[:port] of the content origin, lower-cased; "" when content is served by the site itself."""
    return urlsplit(conf.content_origin()).netloc.lower()


def on_content_host(request):
    """Whether a request is addressed to the content origin's own host name (never when there is none)."""
    host = content_host()
    return bool(host) and request.get_host().lower() == host


def is_content_request(request):
    """Whether a request may be served content: on the content host, or anywhere when the site serves it itself."""
    return on_content_host(request) if content_host() else conf.allow_same_origin()


def content_origin(request):
    """The origin content runs on, as the browser will see it (for postMessage checks)."""
    return conf.content_origin() or f"{request.scheme}://{request.get_host()}"


def content_paths():
    """Path prefixes served on the content origin: package files, the run-time page, static files."""
    root = reverse("scorm:runtime", args=["1.2"]).rsplit("runtime/", 1)[0]
    return (f"{root}content/", f"{root}runtime/", settings.STATIC_URL)


class ContentOriginMiddleware:
    """On the content origin's host name, answer only SCORM content: never a page of the site.

    The content origin holds no session, but a package must not reach the site's pages there either (a learner
    who once logged in on that name in development, links that leak the layout of the site).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = None

    def __call__(self, request):
        if on_content_host(request):
            if self.prefixes is None:
                self.prefixes = content_paths()
            if not request.path.startswith(self.prefixes):
                return HttpResponseNotFound(b"Not found", content_type="text/plain")
        return self.get_response(request)
