"""Refuse requests whose path, query string or form fields hold a NUL character, before any view runs.

No field of ours may hold NUL, and PostgreSQL cannot store or even compare text containing it (the driver raises
on the query), so such input reached the database as a 500. One check here answers 400 instead, for every view
at once: JSON {"error"} under /api/, a plain page elsewhere. The same middleware turns the two errors that only
a client's malformed input raises inside a view (a form sent to a JSON endpoint, a number too large for SQLite)
into that 400.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(querydict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


def has_nul(request):
    """Whether the path, the query string or (for a form post) a form field or file name holds NUL."""
    if NUL in request.path or _holds_nul(request.GET):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
        try:
            if _holds_nul(request.POST):
                return True
        except MultiPartParserError:
            return False  # Not a form at all: the view answers it (a JSON view reads the raw body).
        return any(NUL in (upload.name or "") for upload in request.FILES.values())
    return False


def bad_request(request, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return bad_request(request, _("The request contains a NUL character, which no field accepts."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Reading a multipart form here consumes the body: a view that wants the raw body (a JSON endpoint)
        # then cannot have it. Such a view was sent a form where it takes JSON: the client's error.
        if isinstance(exception, RawPostDataException):
            return bad_request(request, _("This address takes a JSON body, not a form."))
        # SQLite cannot bind an integer past 64 bits (an id of 21 digits in a query string or a form, which
        # Django and Wagtail pass on as they come); PostgreSQL answers the same lookups with no row.
        if isinstance(exception, OverflowError):
            return bad_request(request, _("A number in the request is too large."))
        return None
