"""Site-wide response policies: CSP and Permissions-Policy, idle sessions, and JSON answers to a database outage."""

import sys
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils.translation import gettext as _


def scorm_content_origin():
    return (getattr(settings, "SCORM_CONTENT_ORIGIN", "") or "").rstrip("/")


def _excluded(request):
    prefixes = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    return request.path_info.startswith(tuple(prefixes))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the SCORM content origin framed on site pages and a looser admin policy.

    The policy comes from CONTENT_SECURITY_POLICY; paths under CMS_ADMIN_CSP_PREFIXES get
    CMS_ADMIN_CSP_DIRECTIVES (Wagtail's admin still needs inline scripts); EXCLUDE_URL_PREFIXES (/scorm/) none.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(tuple(settings.CMS_ADMIN_CSP_PREFIXES)):
            parts.config = dict(settings.CMS_ADMIN_CSP_DIRECTIVES)
        origin = scorm_content_origin()
        if origin:
            # The lesson page frames the SCORM run-time page, served from the content origin.
            update = dict(parts.update or {})
            update["frame-src"] = [*update.get("frame-src", ()), origin]
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Send PERMISSIONS_POLICY as a Permissions-Policy header, the SCORM content origin allowed where "self" is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response and not _excluded(request):
            response["Permissions-Policy"] = self.header()
        return response

    @staticmethod
    def header():
        origin = scorm_content_origin()
        items = []
        for feature, allowed in settings.PERMISSIONS_POLICY.items():
            allowed = list(allowed)
            if origin and "self" in allowed:
                allowed.append(origin)
            # Structured-header syntax: the keyword self bare, origins as quoted strings.
            members = " ".join(item if item == "self" else f'"{item}"' for item in allowed)
            items.append(f"{feature}=({members})")
        return ", ".join(items)


class SessionIdleTimeoutMiddleware:
    """End sessions after SESSION_COOKIE_AGE seconds without activity.

    Each request that uses a non-empty session moves its expiry forward, at most once every
    SESSION_IDLE_REFRESH_SECONDS: one session write per few minutes of activity instead of one per request
    (SESSION_SAVE_EVERY_REQUEST), which matters with tens of thousands of learners online.
    """

    KEY = "_idle_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request already loaded, and never on a failure (the database may be down).
        if session is None or not session.accessed or response.status_code >= 500 or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_IDLE_REFRESH_SECONDS:
            session[self.KEY] = now  # modified: SessionMiddleware saves it with a fresh expiry and cookie
        return response


def answers_json(request):
    """Paths whose clients expect JSON: the APIs and the health check."""
    return request.path_info.startswith("/api/") or request.path_info == "/healthz"


@receiver(got_request_exception)
def _remember_database_error(sender, request=None, **kwargs):
    # Sent from inside Django's handler of an uncaught exception (a view's or a middleware's), while
    # sys.exc_info() still holds it: the only place that sees errors from every layer.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, (OperationalError, InterfaceError)):
        request._database_error = error


class DatabaseUnavailableMiddleware:
    """A database outage on a JSON endpoint answers 503 {"error": ...} rather than Django's HTML 500 page.

    Near the top of MIDDLEWARE: the error may come from the view or from a middleware below (Wagtail's redirect
    lookup on a 404, the session save), which Django has already turned into a 500 by the time it gets here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_error", None) and answers_json(request):
            response = JsonResponse(
                {"error": _("The service is temporarily unavailable. Please try again in a minute.")}, status=503
            )
            response["Retry-After"] = "30"
        return response
