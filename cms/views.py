from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET


def search_health():
    """The catalogue search backend's state: "ok", "disabled", or an error string."""
    try:
        from search.backends import get_backend
    except ImportError:
        return "ok"
    try:
        return get_backend().health()
    except Exception as exc:  # noqa: BLE001 - health must report, not raise
        return f"error: {exc.__class__.__name__}"


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for load balancers: the database answers and search is reachable."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        status["database"] = f"error: {exc.__class__.__name__}"
    status["search"] = search_health()
    healthy = status["database"] == "ok" and status["search"] in {"ok", "disabled"}
    return JsonResponse(status, status=200 if healthy else 503)


@csrf_exempt  # it changes nothing; a POST to a mistyped API address gets this 404, not the HTML CSRF page
def api_not_found(request):
    """Any /api/ path no API answers: a JSON 404 like every API error, not the site's HTML page."""
    from django.utils.translation import gettext as _

    return JsonResponse({"error": _("No API answers at this address.")}, status=404)


def _wants_json(request):
    from .middleware import answers_json

    return (
        answers_json(request)
        or request.content_type == "application/json"
        or "json" in request.headers.get("Accept", "")
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the refused form in the person's language, with what to do (JSON on the APIs).

    Most often the form sat open past the session's end, or cookies are blocked; Django's page is English only.
    """
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    if _wants_json(request):
        return JsonResponse(
            {"error": _("The form expired or was sent from another site. Reload the page and try again.")}, status=403
        )
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)
