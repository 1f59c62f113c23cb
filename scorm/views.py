"""Content serving, the run-time page and the run-time endpoints (launch, commit, attempt read).

Why this is safe: package files and the run-time page are served only on the content origin
(SCORM_CONTENT_ORIGIN), another origin than the site's, which holds none of the site's cookies. The lesson page
(site origin) frames the run-time page (content origin), which holds scorm-again's API on `window.API` /
`window.API_1484_11` and frames the SCO from the same origin. Content therefore runs as on any LMS: it finds
the API in its parent, its nested frames call each other, `confirm()` works; and nothing it does can act as the
learner on the site: it cannot read the site's cookies or pages, and the only thing it can write is its own
attempt, through the commit token the lesson page handed to the run-time page at launch.
"""

import json
import mimetypes
import posixpath
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import access, cmi, conf, origins, services
from .models import Attempt, Sco
from .tokens import InvalidToken, read_token

MIME_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".vtt": "text/vtt",
    ".wasm": "application/wasm",
    ".xml": "application/xml",
    ".swf": "application/x-shockwave-flash",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".txt": "text/plain",
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
VERSIONS = ("1.2", "2004")


def content_type_of(path):
    extension = posixpath.splitext(path)[1].lower()
    return MIME_TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def content_url(package, path):
    """URL of a file of a package (path may carry a query string), on the content origin."""
    bare = path.split("?")[0].split("#")[0]
    url = reverse("scorm:content", kwargs={"uid": package.uid, "path": bare})
    return f"{conf.content_origin()}{url}{path[len(bare) :]}"


def runtime_url(version):
    return f"{conf.content_origin()}{reverse('scorm:runtime', args=[version])}"


def content_headers(response, cache_seconds):
    # Only the run-time page (same origin) and, above it, the site's lesson page may frame content.
    response["Content-Security-Policy"] = f"frame-ancestors 'self' {conf.site_origin()}".strip()
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    # Django's default COOP same-origin would cut content off from popups it opens (and the opener search).
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    # Content calls LMSFinish/Terminate from unload handlers: keep them running where browsers phase them out.
    response["Permissions-Policy"] = "unload=*"
    response["Cache-Control"] = f"public, max-age={cache_seconds}"
    return response


def content_origin_only(view):
    """Serve a view only on the content origin; on the site's own origin it does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not origins.is_content_request(request):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@xframe_options_exempt  # CSP frame-ancestors (content_headers) says who may frame content.
@content_origin_only
def content(request, uid, path):
    """Serve one file of a package from its storage, strictly inside the package's folder."""
    normalised = posixpath.normpath(path)
    if (
        not path
        or "\x00" in path
        or "\\" in path
        or normalised.startswith(("/", "../"))
        or normalised == ".."
        or normalised != path
    ):
        raise Http404
    storage = conf.storage()
    name = f"{conf.storage_prefix()}/{uid}/{normalised}"
    try:
        handle = storage.open(name, "rb")
    except (IsADirectoryError, FileNotFoundError, NotADirectoryError, PermissionError):
        raise Http404 from None
    content_type = content_type_of(normalised)
    response = FileResponse(handle, content_type=content_type)
    seconds = 3600 if content_type in HTML_TYPES else conf.content_cache_seconds()
    return content_headers(response, seconds)


@require_GET
@xframe_options_exempt
@content_origin_only
def runtime(request, version):
    """The run-time page: scorm-again's API for one SCORM version, framing the SCO (see static/scorm/runtime.js)."""
    if version not in VERSIONS:
        raise Http404
    response = render(request, "scorm/runtime.html", {"version": version, "site_origin": conf.site_origin()})
    return content_headers(response, 3600)


def json_error(message, status):
    return JsonResponse({"error": message}, status=status)


def learner_required(view):
    """Like login_required, but JSON: 401 instead of a redirect to the log-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return json_error(_("Log in to continue."), 401)
        return view(request, *args, **kwargs)

    return wrapper


def attempt_payload(attempt):
    return {
        "attempt": attempt.pk,
        "number": attempt.number,
        "sequence": attempt.sequence,
        "completion_status": attempt.completion_status,
        "success_status": attempt.success_status,
        "score_scaled": attempt.score_scaled,
        "score_raw": attempt.score_raw,
        "total_time_seconds": attempt.total_seconds,
    }


@require_GET
@learner_required
def launch(request, sco_id):
    """Launch a SCO for the learner: attempt, state to load, content and run-time URLs, a commit token."""
    sco = Sco.objects.select_related("package").filter(pk=sco_id).first()
    if sco is None or not access.can_launch(request.user, sco):
        return json_error(_("This learning package is not available."), 404)
    attempt, token = services.start_session(request.user, sco)
    attempt.user = request.user
    return JsonResponse(
        {
            **attempt_payload(attempt),
            "sco": sco.pk,
            "title": sco.title,
            "version": sco.package.version,
            "url": content_url(sco.package, sco.launch),
            "runtime_url": runtime_url(sco.package.version),
            "content_origin": origins.content_origin(request),
            "commit_url": request.build_absolute_uri(reverse("scorm:commit", args=[attempt.pk])),
            "token": token,
            "state": services.launch_state(attempt),
        }
    )


@require_GET
@learner_required
def attempt_detail(request, attempt_id):
    """The learner's own attempt with its stored CMI state; anyone else's is a 404."""
    attempt = Attempt.objects.filter(pk=attempt_id, user=request.user).first()
    if attempt is None:
        return json_error(_("No such attempt."), 404)
    return JsonResponse({**attempt_payload(attempt), "cmi": attempt.cmi})


def cors(response):
    """Let the run-time page on the content origin read commit answers; never with credentials."""
    origin = conf.content_origin()
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "86400"
        response["Vary"] = "Origin"
    return response


@csrf_exempt  # Authenticated by the commit token in the body, never by cookies: there is nothing to forge.
@require_http_methods(["POST", "OPTIONS"])
def commit(request, attempt_id):
    """Store one commit: {"token": "...", "sequence": n, "cmi": {...}}; see services.commit for the rules."""
    if request.method == "OPTIONS":
        return cors(HttpResponse(status=204))
    return cors(_commit(request, attempt_id))


def _commit(request, attempt_id):
    try:
        payload = json.loads(request.body or b"")
    except RequestDataTooBig:
        return json_error(_("The commit is too large."), 413)
    except RawPostDataException:  # A form body, already parsed by a middleware: not a commit.
        return json_error(_("The body must be JSON."), 400)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return json_error(_("The body must be JSON."), 400)
    if not isinstance(payload, dict) or not isinstance(payload.get("cmi"), dict):
        return json_error(_('The body must be {"token": "...", "sequence": n, "cmi": {...}}.'), 400)
    try:
        claims = read_token(payload.get("token"))
    except InvalidToken:
        return json_error(_("This lesson session has expired: reload the page."), 403)
    if claims["a"] != attempt_id:
        return json_error(_("No such attempt."), 404)
    try:
        attempt = services.commit(claims, payload.get("sequence"), payload["cmi"])
    except Attempt.DoesNotExist:
        return json_error(_("No such attempt."), 404)
    except (cmi.CMIError, RecursionError) as error:
        return json_error(str(error) or _("The commit is malformed."), 400)
    except services.StaleCommit as error:
        # Already stored (a retry whose first answer was lost, or a replay): the sender can drop it.
        return JsonResponse({"error": str(error), "sequence": error.stored_sequence}, status=409)
    return JsonResponse(attempt_payload(attempt))
