"""The HR API's assigned learning: GET /api/hr/assignments and GET /api/hr/assignments/<id>/workers.

Same authentication and errors as organisations.api (an organisation's token; `{"error": ...}` with a 4xx).
"""

from django.http import JsonResponse
from django.utils import timezone

from organisations import access
from organisations.api import _paginate, error, token_required

from . import assignments as service
from . import status


def _iso(day):
    return day.isoformat() if day else None


def assignment_json(assignment, figures):
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "kind": "programme" if assignment.programme_id else "course",
        "course_id": assignment.course_id,
        "programme_id": assignment.programme_id,
        "organisation": {"id": assignment.organisation_id, "name": assignment.organisation.name},
        "due_on": _iso(assignment.due_on),
        "valid_months": assignment.valid_months,
        "renew_days": assignment.renew_days,
        "mandatory": assignment.mandatory,
        "audience": assignment.audience,
        "new_worker_days": assignment.new_worker_days,
        "created_at": assignment.created_at.isoformat(),
        "counts": {name: figures.get(name, 0) for name in ("total", *status.STATUSES)},
    }


def worker_json(row):
    return {
        "worker": {"id": row.user_id, "full_name": row.user.full_name, "phone": row.user.phone},
        "organisation": {"id": row.organisation_id, "name": row.organisation.name},
        "due_on": _iso(row.current_due),
        "completed_on": _iso(row.completed_on),
        "valid_until": _iso(row.expires_on),
        "renew_from": _iso(row.renew_from),
        "cycle": row.cycle,
        "status": row.state,
    }


@token_required("GET")
def assignments(request):
    token = request.api_token
    organisation = token.organisation
    today = timezone.localdate()
    try:
        count, rows = _paginate(request, service.assignments_for(token, organisation).order_by("-pk"))
    except ValueError as exc:
        return error(str(exc), 400)
    visible = service.assignees_visible_to(token, organisation)
    from django.db.models import Count

    figures = {
        row["assignment_id"]: row
        for row in visible.filter(assignment__in=[a.pk for a in rows])
        .values("assignment_id")
        .annotate(
            total=Count("pk"), **{name: Count("pk", filter=status.condition(name, today)) for name in status.STATUSES}
        )
        .order_by()
    }
    return JsonResponse({"count": count, "results": [assignment_json(a, figures.get(a.pk, {})) for a in rows]})


@token_required("GET")
def assignment_workers(request, pk):
    token = request.api_token
    organisation = token.organisation
    if not access.can_access_organisation(token, organisation, access.VIEW):
        return error("This token may not do that.", 403)
    assignment = service.get_assignment(token, organisation, pk)
    if assignment is None:
        return error("No such assignment for this organisation.", 404)
    state = request.GET.get("status", "")
    if state and state not in status.STATUSES:
        return error(f"status must be one of {', '.join(status.STATUSES)}.", 400)
    visible = service.assignees_visible_to(token, organisation).filter(assignment=assignment)
    try:
        count, rows = _paginate(request, service.person_rows(visible, timezone.localdate(), state))
    except ValueError as exc:
        return error(str(exc), 400)
    return JsonResponse({"count": count, "results": [worker_json(row) for row in rows]})
