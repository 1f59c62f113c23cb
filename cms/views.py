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
