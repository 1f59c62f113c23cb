"""The HR API (/api/hr/...): an organisation's HR system reads its workers' completions and confirms them.

Authentication is an organisation's API token only (`Authorization: Token <key>`); no session cookies, so
no CSRF. Errors are `{"error": "..."}` with a 4xx status. The schema is in openapi.py.
"""

import json
from datetime import date
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import access, conf, hr, services
from .models import CompletionReview


def error(message, status):
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


def token_required(*methods):
    """Authenticate with an organisation's token and accept only `methods`; errors come back as JSON."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error(f"Use {' or '.join(methods)}.", 405)
                response["Allow"] = ", ".join(methods)
                return response
            return _authenticated(view, request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator


def _authenticated(view, request, *args, **kwargs):
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return error("Authentication required: send 'Authorization: Token <key>'.", 401)
    token = services.authenticate_token(key.strip())
    if token is None:
        return error("Invalid or revoked token.", 401)
    request.api_token = token
    try:
        return view(request, *args, **kwargs)
    except PermissionDenied:
        return error("This token may not do that.", 403)


def _paginate(request, queryset):
    try:
        page_number = int(request.GET.get("page", 1))
        size = int(request.GET.get("page_size", 100))
    except ValueError as exc:
        raise ValueError("page and page_size must be whole numbers.") from exc
    if page_number < 1 or not 1 <= size <= conf.api_max_page_size():
        raise ValueError(f"page must be 1 or more, page_size between 1 and {conf.api_max_page_size()}.")
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        return paginator.count, []
    return paginator.count, page.object_list


def _date_param(request, name):
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD.") from exc


def worker_json(membership):
    user = membership.user
    return {
        "id": user.pk,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
        "employee_number": membership.employee_number,
        "organisation": {"id": membership.organisation_id, "name": membership.organisation.name},
        "start_date": membership.start_date.isoformat(),
        "end_date": membership.end_date.isoformat() if membership.end_date else None,
        "union_member": membership.union_member,
    }


def completion_json(completion):
    return {
        "id": completion.pk,
        "worker": {"id": completion.user_id, "full_name": completion.user.full_name, "phone": completion.user.phone},
        "course": completion.course_title,
        "course_id": completion.course_id,
        "provider": completion.provider_name,
        "learning_area": completion.learning_area_code,
        "hours": float(completion.hours),
        "score": float(completion.score) if completion.score is not None else None,
        "completed_on": completion.completed_on.isoformat(),
        "source": completion.source,
        "review": {
            "status": getattr(completion, "review_status", None) or CompletionReview.PENDING,
            "comment": getattr(completion, "review_comment", None) or "",
            "reviewed_at": completion.reviewed_at.isoformat() if getattr(completion, "reviewed_at", None) else None,
        },
    }


@token_required("GET")
def workers(request):
    token = request.api_token
    status = request.GET.get("status", hr.CURRENT)
    if status not in (hr.CURRENT, hr.FORMER, hr.ALL):
        return error("status must be current, former or all.", 400)
    memberships = hr.worker_memberships(token, token.organisation, status=status, q=request.GET.get("q", ""))
    try:
        count, rows = _paginate(request, memberships)
    except ValueError as exc:
        return error(str(exc), 400)
    return JsonResponse({"count": count, "results": [worker_json(m) for m in rows]})


@token_required("GET")
def completions(request):
    token = request.api_token
    status = request.GET.get("status", "")
    if status and status not in dict(CompletionReview.STATUS_CHOICES):
        return error("status must be pending, confirmed or rejected.", 400)
    try:
        since, until = _date_param(request, "since"), _date_param(request, "until")
        queryset = hr.completions(token, token.organisation, status=status, area=request.GET.get("learning_area", ""))
        if since:
            queryset = queryset.filter(completed_on__gte=since)
        if until:
            queryset = queryset.filter(completed_on__lte=until)
        count, rows = _paginate(request, queryset)
    except ValueError as exc:
        return error(str(exc), 400)
    return JsonResponse({"count": count, "results": [completion_json(c) for c in rows]})


def _review(request, pk, status):
    token = request.api_token
    if not access.can_access_organisation(token, token.organisation, access.CONFIRM):
        raise PermissionDenied
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return error("The body must be JSON.", 400)
        if not isinstance(body, dict):
            return error("The body must be a JSON object.", 400)
    else:
        body = request.POST
    comment = body.get("comment") or ""
    # NUL: a JSON string may hold it, PostgreSQL may not (the form and query checks are in cms.middleware_input).
    if not isinstance(comment, str) or len(comment) > 2000 or "\x00" in comment:
        return error("comment must be a text of at most 2000 characters, without NUL.", 400)
    completion = hr.completions(token, token.organisation).filter(pk=pk).first()
    if completion is None:
        return error("No such completion among this organisation's workers.", 404)
    try:
        services.review_completion(token, completion, status, comment=comment, organisation=token.organisation)
    except services.OrganisationError as exc:
        return error(str(exc), 400)
    completion = hr.completions(token, token.organisation).get(pk=pk)
    return JsonResponse(completion_json(completion))


@token_required("POST")
def confirm(request, pk):
    return _review(request, pk, CompletionReview.CONFIRMED)


@token_required("POST")
def reject(request, pk):
    return _review(request, pk, CompletionReview.REJECTED)


@token_required("GET")
def certificates(request):
    token = request.api_token
    queryset = hr.certificates_of(token, token.organisation)
    if queryset is None:
        return error("Certificates are not available yet.", 404)
    try:
        count, rows = _paginate(request, queryset.order_by("-pk"))
    except ValueError as exc:
        return error(str(exc), 400)
    return JsonResponse({"count": count, "results": [certificate_json(c) for c in rows]})


def certificate_json(certificate):
    data = {"id": certificate.pk, "serial": getattr(certificate, "serial", None)}
    for name in ("course_title", "learning_area_code", "hours", "issued_on", "revoked_at", "completion_id", "user_id"):
        value = getattr(certificate, name, None)
        if value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data
