"""Content serving and the run-time endpoints (launch data, commit, attempt read).

Why content is safe to run: package files are served by `content` with a `Content-Security-Policy: sandbox
allow-scripts allow-forms allow-popups` header, and the player frames them in an <iframe sandbox> without
allow-same-origin. Either alone gives the content document an opaque origin ("null"): its scripts cannot read
`document.cookie` of this site, cannot touch the lesson page's DOM, and their requests to our APIs are
cross-site, so the SameSite session cookie is not sent and the CSRF token is out of reach. The header also
protects a learner who opens a content URL directly, outside the frame. SCORM_CONTENT_ORIGIN can move content
to a separate origin as well (defence in depth, and a CDN).

The cost of the opaque origin: content cannot reach `window.parent.API`. So every HTML file served gets two
scripts injected at the top of <head>: scorm-again's CrossFrameAPI and our bridge, which define a local
`window.API` / `window.API_1484_11` that proxies calls over postMessage to the real API in the lesson page.
Package files are the same for every learner, so the content view needs no login (the sandboxed document's
sub-requests carry no cookie anyway); packages are addressed by an unguessable UUID.
"""

import json
import mimetypes
import posixpath
from functools import wraps

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from . import cmi, conf, services
from .models import Attempt, Sco

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


def content_type_of(path):
    extension = posixpath.splitext(path)[1].lower()
    return MIME_TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def content_url(package, path):
    """URL of a file of a package (path may carry a query string), on the content origin when one is set."""
    url = reverse("scorm:content", kwargs={"uid": package.uid, "path": path.split("?")[0].split("#")[0]})
    suffix = path[len(path.split("?")[0].split("#")[0]) :]
    return f"{conf.content_origin()}{url}{suffix}"


def inject_bridge(body):
    """Put the cross-frame API scripts first in <head> (or first in the document) of an HTML file."""
    scripts = (
        f'<script src="{escape(static("scorm/vendor/scorm-again/cross-frame-api.min.js"))}"></script>'
        f'<script src="{escape(static("scorm/content-bridge.js"))}"></script>'
    ).encode()
    lowered = body[:4096].lower()
    head = lowered.find(b"<head")
    if head != -1:
        end = lowered.find(b">", head)
        if end != -1:
            return body[: end + 1] + scripts + body[end + 1 :]
    doctype = lowered.find(b"<!doctype")
    if doctype != -1:
        end = lowered.find(b">", doctype)
        return body[: end + 1] + scripts + body[end + 1 :]
    return scripts + body


def content_headers(response, is_html):
    response["Content-Security-Policy"] = (
        f"sandbox allow-scripts allow-forms allow-popups; frame-ancestors {conf.frame_ancestors()}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    # The sandboxed document's origin is "null": its own XHR/fetch of package files (and web fonts) are CORS
    # requests. Any origin may read these public, cookie-free files; credentials are never allowed.
    response["Access-Control-Allow-Origin"] = "*"
    # Django's default "Cross-Origin-Opener-Policy: same-origin" on a document framed with sandbox allow-popups
    # leaves Chromium's frame unpainted (blank player); the policy only matters for top-level pages anyway.
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    seconds = 3600 if is_html else conf.content_cache_seconds()
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


@require_GET
@xframe_options_exempt  # CSP frame-ancestors (set below) says who may frame content.
def content(request, uid, path):
    """Serve one file of a package from storage, strictly inside the package's folder."""
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
    name = f"{conf.storage_prefix()}/{uid}/{normalised}"
    if not default_storage.exists(name):
        raise Http404
    content_type = content_type_of(normalised)
    is_html = content_type in HTML_TYPES
    try:
        handle = default_storage.open(name, "rb")
    except (IsADirectoryError, FileNotFoundError, PermissionError):
        raise Http404 from None
    if is_html:
        with handle:
            response = HttpResponse(inject_bridge(handle.read()), content_type=content_type)
    else:
        response = FileResponse(handle, content_type=content_type)
    return content_headers(response, is_html)


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
    """What the player needs to run a SCO for the current learner: attempt, state to load, content URL."""
    sco = get_object_or_404(Sco.objects.select_related("package"), pk=sco_id)
    attempt = services.current_attempt(request.user, sco)
    return JsonResponse(
        {
            **attempt_payload(attempt),
            "sco": sco.pk,
            "title": sco.title,
            "version": sco.package.version,
            "url": content_url(sco.package, sco.launch),
            "commit_url": reverse("scorm:commit", args=[attempt.pk]),
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


@require_POST
@learner_required
def commit(request, attempt_id):
    """Store one commit: {"sequence": n, "session": "...", "cmi": {...}}; stale sequences get 409."""
    try:
        payload = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return json_error(_("The body must be JSON."), 400)
    if not isinstance(payload, dict) or not isinstance(payload.get("cmi"), dict):
        return json_error(_('The body must be {"sequence": n, "cmi": {...}}.'), 400)
    try:
        attempt = services.commit(
            attempt_id, request.user, payload.get("sequence"), payload["cmi"], session=payload.get("session", "")
        )
    except Attempt.DoesNotExist:
        return json_error(_("No such attempt."), 404)
    except cmi.CMIError as error:
        return json_error(str(error), 400)
    except services.StaleCommit as error:
        # The stored sequence lets the player of a newer session (the previous tab's last commit arrived late)
        # resend its state above it; a replayed old request is never resent.
        return JsonResponse({"error": str(error), "sequence": error.stored_sequence}, status=409)
    return JsonResponse(attempt_payload(attempt))
