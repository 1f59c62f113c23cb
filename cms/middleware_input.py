"""Refuse requests whose path, query string or form fields hold a NUL character, before any view runs.

No field of ours may hold NUL, and PostgreSQL cannot store or even compare text containing it (the driver raises
on the query), so such input reached the database as a 500. One check here answers 400 instead, for every view
at once: JSON {"error"} under /api/, a plain page elsewhere.
"""

from django.http import HttpResponseBadRequest, JsonResponse
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
        if _holds_nul(request.POST):
            return True
        return any(NUL in (upload.name or "") for upload in request.FILES.values())
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
